package policy

import (
	"strconv"
	"testing"
)

// allows reports whether a one-statement identity policy with the given
// Action and Resource element JSON allows action on resource.
func allows(t *testing.T, actionElem, resourceElem, action, resource string) bool {
	t.Helper()
	p := mustParse(t, stmt(`{"Effect":"Allow",`+actionElem+`,`+resourceElem+`}`), Identity)
	return Evaluate(&Request{Action: action, Resource: resource}, p).Decision == Allowed
}

// Action and NotAction (IAM User Guide, "IAM JSON policy elements: Action"):
// case-insensitive, '*' and '?' anywhere, "service:*" and "*".
func TestActionMatching(t *testing.T) {
	cases := []struct {
		elem   string
		action string
		want   bool
	}{
		{`"Action":"iam:CreateRole"`, "iam:CreateRole", true},
		{`"Action":"iam:CreateRole"`, "IAM:createrole", true},
		{`"Action":"iam:createrole"`, "iam:CreateRole", true},
		{`"Action":"iam:CreateRole"`, "iam:CreateRolePolicy", false},
		{`"Action":"iam:*"`, "iam:PassRole", true},
		{`"Action":"iam:*"`, "sts:AssumeRole", false},
		{`"Action":"*"`, "anything:AtAll", true},
		{`"Action":"iam:*AccessKey*"`, "iam:UpdateAccessKey", true},
		{`"Action":"iam:*AccessKey*"`, "iam:ListAccessKeys", true},
		{`"Action":"iam:*AccessKey*"`, "iam:ListUsers", false},
		{`"Action":"s3:Get*"`, "s3:GetObjectAcl", true},
		{`"Action":"s3:Get*"`, "s3:PutObject", false},
		{`"Action":"ec2:?escribe*"`, "ec2:DescribeInstances", true},
		{`"Action":"ec2:?escribe*"`, "ec2:Describe", true},
		{`"Action":"ec2:?escribe*"`, "ec2:XXDescribe", false},
		{`"Action":"*:Get*"`, "s3:GetObject", true},
		{`"Action":["sqs:SendMessage","sqs:ReceiveMessage"]`, "sqs:ReceiveMessage", true},
		{`"Action":["sqs:SendMessage","sqs:ReceiveMessage"]`, "sqs:DeleteMessage", false},
		{`"NotAction":"iam:*"`, "s3:GetObject", true},
		{`"NotAction":"iam:*"`, "iam:CreateUser", false},
		{`"NotAction":"IAM:*"`, "iam:CreateUser", false},
		{`"NotAction":["iam:*","sts:*"]`, "sts:GetCallerIdentity", false},
		{`"NotAction":["iam:*","sts:*"]`, "ec2:RunInstances", true},
		{`"Action":"cloudformation:*"`, "cloudformationx:CreateStack", false},
		{`"Action":"s3:GetObject"`, "s3:GetObject ", false},
	}
	for i, tc := range cases {
		t.Run(strconv.Itoa(i)+" "+tc.elem+" "+tc.action, func(t *testing.T) {
			if got := allows(t, tc.elem, `"Resource":"*"`, tc.action, "*"); got != tc.want {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// Resource and NotResource (IAM User Guide, "IAM JSON policy elements:
// Resource"): case-sensitive; '*' and '?' work within ARN segments, and a '*'
// that ends a segment may expand beyond the colon boundaries.
func TestResourceMatching(t *testing.T) {
	cases := []struct {
		elem     string
		resource string
		want     bool
	}{
		{`"Resource":"*"`, "arn:aws:s3:::bucket", true},
		{`"Resource":"*"`, "*", true},
		{`"Resource":"arn:aws:s3:::bucket"`, "arn:aws:s3:::bucket", true},
		{`"Resource":"arn:aws:s3:::bucket"`, "arn:aws:s3:::bucket2", false},
		{`"Resource":"arn:aws:s3:::bucket"`, "*", false},
		{`"Resource":"arn:aws:iam::123456789012:user/Bob"`, "arn:aws:iam::123456789012:user/bob", false},
		{`"Resource":"arn:aws:s3:::examplebucket/*"`, "arn:aws:s3:::examplebucket/developers/design_info.doc", true},
		{`"Resource":"arn:aws:s3:::examplebucket/*"`, "arn:aws:s3:::examplebucket", false},
		{`"Resource":"arn:aws:s3:::*"`, "arn:aws:s3:::any-bucket/any/key", true},
		{`"Resource":"arn:aws:s3:::example?bucket/*"`, "arn:aws:s3:::example1bucket/x", true},
		{`"Resource":"arn:aws:s3:::example?bucket/*"`, "arn:aws:s3:::example12bucket/x", false},
		// '*' expands to everything within a segment, '/' included.
		{`"Resource":"arn:aws:s3:::bucket/*/test/*"`, "arn:aws:s3:::bucket/1/2/test/3/object.jpg", true},
		{`"Resource":"arn:aws:s3:::bucket/*/test/*"`, "arn:aws:s3:::bucket//test/object.jpg", true},
		{`"Resource":"arn:aws:s3:::bucket/*/test/*"`, "arn:aws:s3:::bucket/1-test/object.jpg", false},
		// A segment-ending '*' may cross colons.
		{`"Resource":"arn:aws:iam::*:role/x"`, "arn:aws:iam::000000000000:role/x", true},
		{`"Resource":"arn:aws:logs:*:*:*"`, "arn:aws:logs:us-east-1:123456789012:log-group:app:log-stream:x", true},
		{`"Resource":"arn:aws:logs:us-east-1:123456789012:log-group:app:*"`, "arn:aws:logs:us-east-1:123456789012:log-group:app:log-stream:x", true},
		{`"Resource":"arn:aws:*"`, "arn:aws:ec2:us-east-1:123456789012:instance/i-1", true},
		// A '*' inside a segment stays inside it.
		{`"Resource":"arn:aws:ec2:us-*-1:123456789012:instance/*"`, "arn:aws:ec2:us-east-1:123456789012:instance/i-1", true},
		{`"Resource":"arn:aws:ec2:us-*-1:123456789012:instance/*"`, "arn:aws:ec2:us-east:9:x-1:123456789012:instance/i-1", false},
		{`"Resource":"arn:aws:sqs:us-east-2:*:a*b"`, "arn:aws:sqs:us-east-2:123456789012:aXb", true},
		{`"Resource":"arn:aws:sqs:us-east-2:*:a*b"`, "arn:aws:sqs:us-east-2:123456789012:aX:Yb", false},
		{`"Resource":"arn:aws:sqs:us-east-2:12345678901?:q"`, "arn:aws:sqs:us-east-2:123456789012:q", true},
		{`"Resource":"arn:aws:sqs:us-east-?:123456789012:q"`, "arn:aws:sqs:us-east-:123456789012:q", false},
		{`"Resource":["arn:aws:s3:::a","arn:aws:s3:::b"]`, "arn:aws:s3:::b", true},
		{`"NotResource":"arn:aws:s3:::secret/*"`, "arn:aws:s3:::public/x", true},
		{`"NotResource":"arn:aws:s3:::secret/*"`, "arn:aws:s3:::secret/x", false},
		{`"NotResource":["arn:aws:s3:::a","arn:aws:s3:::b"]`, "arn:aws:s3:::b", false},
		{`"NotResource":"*"`, "arn:aws:s3:::anything", false},
	}
	for i, tc := range cases {
		t.Run(strconv.Itoa(i)+" "+tc.elem+" "+tc.resource, func(t *testing.T) {
			if got := allows(t, `"Action":"*"`, tc.elem, "s3:GetObject", tc.resource); got != tc.want {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
	// An empty request resource means "*".
	if !allows(t, `"Action":"*"`, `"Resource":"*"`, "s3:ListAllMyBuckets", "") {
		t.Fatal(`empty resource should match "*"`)
	}
}

// The exhaustive and greedy matchers agree wherever both apply.
func TestMatchersAgree(t *testing.T) {
	patterns := []string{"a*b", "*", "a?c*", "*:*", "a*:*b", "**x", "?*?", "a*b*c"}
	inputs := []string{"", "ab", "axb", "a:b", "abc", "a:x:b", "xx", "aXbYc", "a:c"}
	for _, p := range patterns {
		toks := appendText(nil, p)
		for _, s := range inputs {
			if g, e := matchTokens(toks, s, false), matchTokensExhaustive(toks, s); g != e {
				t.Errorf("pattern %q input %q: greedy %v, exhaustive %v", p, s, g, e)
			}
		}
	}
}
