package policy

import (
	"errors"
	"strings"
	"testing"
)

// stmt wraps statement JSON in a 2012-10-17 document.
func stmt(s string) string {
	return `{"Version":"2012-10-17","Statement":` + s + `}`
}

// Messages IAM returns for malformed documents. Groups follow the order in
// which IAM checks (syntax, version, principal placement, legacy parsing,
// Sids, actions, resource format, action vendors, resources); the expected
// messages are IAM's, as reproduced by botocore-era test suites against the
// live service (moto's test_iam_policies) and AWS troubleshooting pages.
func TestParseMalformed(t *testing.T) {
	const ok = `"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"`
	cases := []struct {
		name string
		kind Kind
		doc  string
		want string
	}{
		// Grammar: the document is a JSON object of Version, Id, Statement.
		{"not json", Identity, `This is not a json document`, msgSyntax},
		{"trailing garbage", Identity, stmt(`{`+ok+`}`) + `x`, msgSyntax},
		{"root array", Identity, `[` + stmt(`{`+ok+`}`) + `]`, msgSyntax},
		{"trailing comma", Identity, stmt(`{` + ok + `,}`), msgSyntax},
		{"duplicate key", Identity, stmt(`{` + ok + `,"Effect":"Deny"}`), msgSyntax},
		{"unknown version", Identity, `{"Version":"2013-10-17","Statement":{` + ok + `}}`, msgSyntax},
		{"version not string", Identity, `{"Version":2012,"Statement":{` + ok + `}}`, msgSyntax},
		{"no statement", Identity, `{"Version":"2012-10-17"}`, msgSyntax},
		{"empty statement list", Identity, stmt(`[]`), msgSyntax},
		{"statement string", Identity, stmt(`["afd"]`), msgSyntax},
		{"statement number", Identity, stmt(`5`), msgSyntax},
		{"extra top-level field", Identity, `{"Version":"2012-10-17","Statement":{` + ok + `},"Extra field":"value"}`, msgSyntax},
		{"extra statement field", Identity, stmt(`{` + ok + `,"Extra field":"value"}`), msgSyntax},
		{"element names are case-sensitive", Identity, stmt(`{"effect":"Allow","Action":"s3:ListBucket","Resource":"*"}`), msgSyntax},
		{"id list", Identity, `{"Version":"2012-10-17","Id":["x"],"Statement":{` + ok + `}}`, msgSyntax},
		{"id object", Identity, `{"Version":"2012-10-17","Id":{},"Statement":{` + ok + `}}`, msgSyntax},
		{"sid object", Identity, stmt(`{"Sid":{},` + ok + `}`), msgSyntax},
		{"sid list", Identity, stmt(`{"Sid":[],` + ok + `}`), msgSyntax},
		// Effect must be Allow or Deny.
		{"effect invalid", Identity, stmt(`{"Effect":"invalid","Action":"s3:ListBucket","Resource":"*"}`), msgSyntax},
		{"effect missing", Identity, stmt(`{"Action":"s3:ListBucket","Resource":"*"}`), msgSyntax},
		{"effect list", Identity, stmt(`{"Effect":["Allow"],"Action":"s3:ListBucket","Resource":"*"}`), msgSyntax},
		// Action/NotAction and Resource/NotResource are mutually exclusive.
		{"action and notaction", Identity, stmt(`{"Effect":"Allow","NotAction":"s3:ListBucket","Action":"iam:dsf","Resource":"*"}`), msgSyntax},
		{"action and empty notaction", Identity, stmt(`{"Effect":"Allow","NotAction":"s3s:ListBucket","Action":[],"Resource":"*"}`), msgSyntax},
		{"resource and notresource", Identity, stmt(`{` + ok + `,"NotResource":"*"}`), msgSyntax},
		{"principal and notprincipal", Trust, stmt(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":"*","NotPrincipal":"*"}`), msgSyntax},
		// Action and Resource are strings or arrays of strings.
		{"resource object", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":{"a":"b"}}`), msgSyntax},
		{"resource list with object", Identity, stmt(`{"Effect":"Deny","Action":"s3:ListBucket","Resource":["adfdf",{}]}`), msgSyntax},
		{"action nested list", Identity, stmt(`{"Effect":"Deny","Action":[[]],"Resource":"*"}`), msgSyntax},
		{"action object", Identity, stmt(`{"Effect":"Allow","Action":{},"Resource":"*"}`), msgSyntax},
		{"action number", Identity, stmt(`{"Effect":"Allow","Action":5,"Resource":"*"}`), msgSyntax},
		// Condition is {operator: {key: value or values}}.
		{"condition list", Identity, stmt(`{` + ok + `,"Condition":[]}`), msgSyntax},
		{"condition string", Identity, stmt(`{` + ok + `,"Condition":"a"}`), msgSyntax},
		{"condition operator string", Identity, stmt(`{` + ok + `,"Condition":{"a":"b"}}`), msgSyntax},
		{"condition block string", Identity, stmt(`{` + ok + `,"Condition":{"DateGreaterThan":"b"}}`), msgSyntax},
		{"condition block list", Identity, stmt(`{` + ok + `,"Condition":{"DateGreaterThan":[]}}`), msgSyntax},
		{"condition value object", Identity, stmt(`{` + ok + `,"Condition":{"DateGreaterThan":{"a":{}}}}`), msgSyntax},
		{"condition value null", Identity, stmt(`{` + ok + `,"Condition":{"StringEquals":{"aws:username":null}}}`), msgSyntax},
		{"condition value nested list", Identity, stmt(`{` + ok + `,"Condition":{"StringEquals":{"aws:username":[["a"]]}}}`), msgSyntax},
		{"unknown operator", Identity, stmt(`{` + ok + `,"Condition":{"x":{"a":"1"}}}`), msgSyntax},
		{"misspelled operator", Identity, stmt(`{` + ok + `,"Condition":{"StringEqual":{"aws:username":"a"}}}`), msgSyntax},
		{"operator case-sensitive", Identity, stmt(`{` + ok + `,"Condition":{"stringequals":{"aws:username":"a"}}}`), msgSyntax},
		{"double colon qualifier", Identity, stmt(`{` + ok + `,"Condition":{"ForAnyValue::StringEqualsIfExists":{"a":"asf"}}}`), msgSyntax},
		{"two qualifiers", Identity, stmt(`{` + ok + `,"Condition":{"ForAnyValue:ForAllValues:StringEquals":{"aws:TagKeys":"a"}}}`), msgSyntax},
		// "You can add IfExists to the end of any condition operator name except the Null condition."
		{"NullIfExists", Identity, stmt(`{` + ok + `,"Condition":{"NullIfExists":{"aws:TokenIssueTime":"true"}}}`), msgSyntax},
		{"condition in list", Identity, stmt(`{` + ok + `,"Condition":[{"ForAllValues:StringEquals":{"aws:TagKeys":"Department"}}]}`), msgSyntax},

		// Managed policies must use the current language version.
		{"managed without version", Managed, `{"Statement":{` + ok + `}}`, msgVersion},
		{"managed 2008", Managed, `{"Version":"2008-10-17","Statement":{` + ok + `}}`, msgVersion},
		{"managed version before legacy", Managed, `{"Statement":{"Effect":"denY","Action":"s3:ListBucket","Resource":"*"}}`, msgVersion},

		// Principal: not allowed in identity policies; required in trust and
		// resource policies; trust policies cannot name a Resource.
		{"identity with principal", Identity, stmt(`{` + ok + `,"Principal":"*"}`), msgNoPrincipal},
		{"identity with notprincipal", Identity, stmt(`{` + ok + `,"NotPrincipal":{"AWS":"123456789012"}}`), msgNoPrincipal},
		{"managed with principal", Managed, stmt(`{` + ok + `,"Principal":{"Service":"ec2.amazonaws.com"}}`), msgNoPrincipal},
		{"trust with resource", Trust, stmt(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ec2.amazonaws.com"},"Resource":"*"}`), "Has prohibited field Resource"},
		{"trust with notresource", Trust, stmt(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ec2.amazonaws.com"},"NotResource":"*"}`), "Has prohibited field NotResource"},
		{"trust without principal", Trust, stmt(`{"Effect":"Allow","Action":"sts:AssumeRole"}`), msgTrustNoPrincipal},
		{"trust with empty principal", Trust, stmt(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{}}`), msgTrustNoPrincipal},
		{"resource policy without principal", Resource, stmt(`{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}`), msgMissingPrincipal},
		{"principal string", Trust, stmt(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":"ec2.amazonaws.com"}`), msgSyntax},
		{"principal number", Trust, stmt(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":5}`), msgSyntax},
		{"principal bad aws", Trust, stmt(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"bob"}}`), `Invalid principal in policy: "AWS":"bob"`},
		{"principal partial wildcard", Trust, stmt(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::123456789012:role/*"}}`), `Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:role/*"`},
		{"principal unknown type", Trust, stmt(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Group":"admins"}}`), `Invalid principal in policy: "Group":"admins"`},
		{"principal service wildcard", Trust, stmt(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"*"}}`), `Invalid principal in policy: "Service":"*"`},
		{"principal empty list", Trust, stmt(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":[]}}`), msgSyntax},
		{"trust non-sts action", Trust, stmt(`{"Effect":"Allow","Action":"s3:GetObject","Principal":{"Service":"ec2.amazonaws.com"}}`), msgTrustActions},

		// Legacy parsing: Effect is case-sensitive, dates must parse, and a
		// resource with an empty component needs all six components.
		{"effect lower case", Identity, stmt(`{"Effect":"denY","Action":"s3:ListBucket","Resource":"*"}`), msgLegacy},
		{"effect lower case no action", Identity, stmt(`{"Effect":"allow","Resource":"arn:aws:s3:us-east-1::example_bucket"}`), msgLegacy},
		{"legacy before sid uniqueness", Identity, stmt(`[{"Sid":"sdf","Effect":"aLLow","Action":"s3:ListBucket","Resource":"*"},{"Sid":"sdf","Effect":"Allow"}]`), msgLegacy},
		{"bad date", Identity, stmt(`{` + ok + `,"Condition":{"DateGreaterThan":{"a":"sdfdsf"}}}`), msgLegacy},
		{"bad date before actions", Identity, stmt(`{"Effect":"Allow","Condition":{"DateGreaterThan":{"a":"sdfdsf"}}}`), msgLegacy},
		{"bad month", Identity, stmt(`{` + ok + `,"Condition":{"DateLessThanEquals":{"a":"234-13"}}}`), msgLegacy},
		{"one-digit zone", Identity, stmt(`{` + ok + `,"Condition":{"DateLessThanEquals":{"a":"2016-12-13t2:00:00.593194+1"}}}`), msgLegacy},
		{"ten-digit fraction", Identity, stmt(`{` + ok + `,"Condition":{"DateLessThanEquals":{"a":"2016-12-13t2:00:00.1999999999+10:59"}}}`), msgLegacy},
		{"epoch overflow", Identity, stmt(`{` + ok + `,"Condition":{"DateLessThan":{"a":"9223372036854775808"}}}`), msgLegacy},
		{"date with IfExists", Identity, stmt(`{` + ok + `,"Condition":{"DateLessThanIfExists":{"a":"soon"}}}`), msgLegacy},
		{"short resource", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3::example_bucket"}`), msgLegacy},
		{"short resource no action", Identity, stmt(`{"Effect":"Allow","Resource":"arn:aws:s3::example_bucket"}`), msgLegacy},
		{"short notresource", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","NotResource":"arn:aws:s3::example_bucket"}`), msgLegacy},
		{"empty service", Identity, stmt(`{"Effect":"Allow","NotAction":"s3:ListBucket","Resource":"arn:aws::::example_bucket"}`), msgLegacy},
		{"three components", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws::fdsasf"}`), msgLegacy},
		{"legacy beats format error elsewhere", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:error:s3:::example_bucket","Condition":{"DateGreaterThan":{"a":"sdfdsf"}}}`), msgLegacy},

		// Sids are unique and, in IAM policies, alphanumeric.
		{"duplicate sid", Identity, stmt(`[{"Sid":"sdf",` + ok + `},{"Sid":"sdf","Effect":"Allow"}]`), msgSidUnique},
		{"sid with space", Identity, stmt(`{"Sid":"my statement",` + ok + `}`), msgSidChars},
		{"sid with dash in managed", Managed, stmt(`{"Sid":"a-b",` + ok + `}`), msgSidChars},
		{"duplicate sid in trust", Trust, stmt(`[{"Sid":"a","Effect":"Allow","Action":"sts:AssumeRole","Principal":"*"},{"Sid":"a","Effect":"Allow","Action":"sts:TagSession","Principal":"*"}]`), msgSidUnique},

		// Statements must contain actions.
		{"no action", Identity, stmt(`{"Effect":"Allow","Resource":"arn:aws:s3:::example_bucket"}`), msgNoActions},
		{"no action no resource", Identity, stmt(`{"Effect":"Allow"}`), msgNoActions},
		{"empty action list", Identity, stmt(`{"Effect":"Allow","Action":[],"Resource":"*"}`), msgNoActions},
		{"only null actions", Identity, stmt(`{"Effect":"Allow","Action":[null],"Resource":"*"}`), msgNoActions},
		{"second statement no action", Identity, stmt(`[{"Effect":"Deny"},{` + ok + `}]`), msgNoActions},
		{"trust no action", Trust, stmt(`{"Effect":"Allow","Principal":"*"}`), msgNoActions},

		// Resource format (reported after the action check).
		{"resource not arn", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"invalid resource"}`), `Resource invalid resource must be in ARN format or "*".`},
		{"empty resource", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":""}`), `Resource  must be in ARN format or "*".`},
		{"resource list not arn", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":["adf"]}`), `Resource adf must be in ARN format or "*".`},
		{"resource error before action vendor", Identity, stmt(`{"Effect":"Allow","Action":"s:3:ListBucket","Resource":"sdfsadf"}`), `Resource sdfsadf must be in ARN format or "*".`},
		{"bad partition", Identity, stmt(`{"Effect":"Allow","NotAction":"s3s:ListBucket","Resource":"a:bsdfdsafsad"}`), `Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".`},
		{"bad partition short", Identity, stmt(`{"Effect":"Allow","NotAction":"s3s:ListBucket","Resource":"a:b:cadfsdf"}`), `Partition "b" is not valid for resource "arn:b:cadfsdf:*:*:*".`},
		{"bad partition long", Identity, stmt(`{"Effect":"Allow","NotAction":"s3s:ListBucket","Resource":"a:b:c:d:e:f:g:h"}`), `Partition "b" is not valid for resource "arn:b:c:d:e:f:g:h".`},
		{"missing arn prefix", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"aws:s3:::example_bucket"}`), `Partition "s3" is not valid for resource "arn:s3:::example_bucket:*".`},
		{"bad partition list", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":["arn:error:s3:::example_bucket","arn:error:s3::example_bucket"]}`), `Partition "error" is not valid for resource "arn:error:s3:::example_bucket".`},
		{"no vendor", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws"}`), msgResourceVendor},
		{"iam path", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:iam:::example_bucket"}`), msgIAMPath},
		{"iam region", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:iam:us-east-1::example_bucket"}`), "IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region information."},
		{"s3 region", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:us-east-1::example_bucket"}`), "Resource arn:aws:s3:us-east-1::example_bucket can not contain region information."},
		{"resource list sid order", Identity, stmt(`[{"Sid":"EnableDisableHongKong","Effect":"Allow","Action":["account:EnableRegion","account:DisableRegion"],"Resource":"","Condition":{"StringEquals":{"account:TargetRegion":"ap-east-1"}}},{"Sid":"ViewConsole","Effect":"Allow","Action":["aws-portal:ViewAccount","account:ListRegions"],"Resource":""}]`), `Resource  must be in ARN format or "*".`},

		// Actions are prefaced by a vendor, with one colon.
		{"action without vendor", Identity, stmt(`{"Effect":"Allow","Action":"invalid","Resource":"*"}`), msgVendor},
		{"action without vendor no resource", Identity, stmt(`{"Effect":"Allow","Action":"invalid"}`), msgVendor},
		{"empty notaction", Identity, stmt(`{"Effect":"Allow","NotAction":"","Resource":"*"}`), msgVendor},
		{"vendor with space", Identity, stmt(`{"Effect":"Allow","Action":"a a:ListBucket","Resource":"*"}`), "Vendor a a is not valid"},
		{"vendor with wildcard", Identity, stmt(`{"Effect":"Allow","Action":"s3*:ListBucket","Resource":"*"}`), "Vendor s3* is not valid"},
		{"two colons", Identity, stmt(`{"Effect":"Allow","Action":"s3:List:Bucket","Resource":"*"}`), msgOneColon},
		{"two colons second statement", Identity, stmt(`[{"Effect":"Allow","Action":"s3s:ListBucket","Resource":"*"},{"Effect":"Allow","Action":"s:3s:ListBucket","Resource":"*"}]`), msgOneColon},
		{"condition key without vendor", Identity, stmt(`{` + ok + `,"Condition":{"StringEquals":{"username":"bob"}}}`), msgVendor},

		// Identity statements must contain resources.
		{"no resource", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket"}`), msgNoResources},
		{"empty resource list", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":[]}`), msgNoResources},
		{"managed no resource", Managed, stmt(`{"Effect":"Allow","Action":"s3:ListBucket"}`), msgNoResources},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.doc, tc.kind)
			if err == nil {
				t.Fatalf("Parse accepted %s, want %q", tc.doc, tc.want)
			}
			var me *MalformedError
			if !errors.As(err, &me) || !errors.Is(err, ErrMalformedPolicy) || p != nil {
				t.Fatalf("err = %#v, want *MalformedError wrapping ErrMalformedPolicy", err)
			}
			if me.Msg != tc.want || err.Error() != tc.want {
				t.Fatalf("message = %q, want %q", me.Msg, tc.want)
			}
		})
	}
}

// Documents IAM accepts (same sources), including its leniencies.
func TestParseValid(t *testing.T) {
	cases := []struct {
		name string
		kind Kind
		doc  string
	}{
		{"resource list", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":["arn:aws:s3:::example_bucket"]}`)},
		{"free-text action name", Identity, stmt(`{"Effect":"Allow","Action":"iam: asdf safdsf af ","Resource":"arn:aws:s3:::example_bucket"}`)},
		{"resource list with star", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":["arn:aws:s3:::example_bucket","*"]}`)},
		{"action star", Identity, stmt(`{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::example_bucket"}`)},
		{"statement list", Identity, stmt(`[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}]`)},
		{"date conditions", Identity, stmt(`{"Effect":"Allow","Action":"service-prefix:action-name","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2017-07-01T00:00:00Z"},"DateLessThan":{"aws:CurrentTime":"2017-12-31T23:59:59Z"}}}`)},
		{"unknown service", Identity, stmt(`{"Effect":"Allow","Action":"fsx:ListBucket","Resource":"arn:aws:s3:::example_bucket"}`)},
		{"iam user resource", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:iam:::user/example_bucket"}`)},
		{"unknown resource service", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s33:::example_bucket"}`)},
		{"short resource without empty component", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:fdsasf"}`)},
		{"empty condition", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{}}`)},
		{"set operator", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":"Department"}}}`)},
		{"region in other service", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:cloudwatch:us-east-1::example_bucket"}`)},
		{"empty operator block", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"DateGreaterThan":{}}}`)},
		{"empty value list", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"DateGreaterThan":{"a":[]}}}`)},
		{"unknown operator empty block", Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"a":{}}}`)},
		{"s3 access point region", Identity, stmt(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:us-east-1:123456789012:accesspoint/ap"}`)},
		{"version 2008", Identity, `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`},
		{"no version", Identity, `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`},
		{"all operators", Identity, stmt(`{"Effect":"Deny","Action":"*","Resource":"*","Condition":{` +
			`"StringNotEqualsIgnoreCase":{"aws:a":"x"},"NumericGreaterThanEquals":{"aws:b":10},"Bool":{"aws:SecureTransport":false},` +
			`"BinaryEquals":{"aws:c":"QmluYXJ5"},"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:DB8::/32"]},"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/x"},` +
			`"Null":{"aws:TokenIssueTime":"true"},"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":"a*"},"DateEqualsIfExists":{"aws:CurrentTime":"1700000000"}}}`)},
		{"trust service", Trust, stmt(`{"Effect":"Allow","Principal":{"Service":["ecs.amazonaws.com","elasticloadbalancing.amazonaws.com"]},"Action":"sts:AssumeRole"}`)},
		{"trust accounts", Trust, stmt(`{"Effect":"Allow","Principal":{"AWS":["123456789012","arn:aws:iam::555555555555:root","arn:aws:iam::123456789012:role/path/r","arn:aws:sts::123456789012:assumed-role/r/s","AROA1234567890EXAMPLE"]},"Action":["sts:AssumeRole","sts:TagSession"]}`)},
		{"trust 2008 without sid", Trust, `{"Version":"2008-10-17","Statement":[{"Sid":"","Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}`},
		{"trust sid with dash", Trust, stmt(`{"Sid":"Allow-GitHub","Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}`)},
		{"trust sts wildcard", Trust, stmt(`{"Effect":"Allow","Principal":"*","Action":"sts:*"}`)},
		{"resource policy", Resource, stmt(`{"Sid":"Allow all from account","Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:123456789012:q"}`)},
		{"unicode escapes", Identity, stmt(`{"Sid":"A\u0031","Effect":"Allow","Action":"s3:Get\u002a","Resource":"*"}`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Parse(tc.doc, tc.kind); err != nil {
				t.Fatalf("Parse: %v", err)
			}
		})
	}
}

// Parse keeps the document as written and fills Type from the Kind.
func TestParseModel(t *testing.T) {
	p := mustParse(t, `{"Version":"2012-10-17","Id":"doc1","Statement":[`+
		`{"Sid":"One","Effect":"Allow","Action":["s3:Get*",null],"Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"s3:max-keys":[10,"20"]}}},`+
		`{"Effect":"Deny","NotAction":"iam:*","NotResource":["arn:aws:s3:::b"]}]}`, Identity)
	if p.ID != "doc1" || p.Version != Version2012 || p.Type != "IAM Policy" || p.Kind != Identity || len(p.Statements) != 2 {
		t.Fatalf("policy = %+v", p)
	}
	s0, s1 := p.Statements[0], p.Statements[1]
	if s0.Sid != "One" || s0.Effect != Allow || strings.Join(s0.Action, ",") != "s3:Get*" || len(s0.Conditions) != 2 {
		t.Fatalf("statement 0 = %+v", s0)
	}
	if c := s0.Conditions[1]; c.Operator != "NumericLessThan" || c.Key != "s3:max-keys" || strings.Join(c.Values, ",") != "10,20" {
		t.Fatalf("condition = %+v", c)
	}
	if s0.Conditions[0].Values[0] != "true" {
		t.Fatalf("bool value = %q", s0.Conditions[0].Values[0])
	}
	if s1.Effect != Deny || s1.NotAction[0] != "iam:*" || s1.NotResource[0] != "arn:aws:s3:::b" || s1.Action != nil {
		t.Fatalf("statement 1 = %+v", s1)
	}
	tr := mustParse(t, stmt(`{"Effect":"Allow","Principal":{"AWS":"123456789012","Federated":["cognito-identity.amazonaws.com"]},"Action":"sts:AssumeRole"}`), Trust)
	pr := tr.Statements[0].Principal
	if tr.Type != "Role Trust Policy" || pr == nil || pr.AWS[0] != "123456789012" || pr.Federated[0] != "cognito-identity.amazonaws.com" || pr.Wildcard {
		t.Fatalf("trust = %+v principal %+v", tr, pr)
	}
	if r := mustParse(t, stmt(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}`), Resource); r.Type != "Resource Policy" || !r.Statements[0].Principal.Wildcard {
		t.Fatalf("resource policy = %+v", r)
	}
}
