package policy

import (
	"testing"
)

// Policy variables in condition values (IAM User Guide, "IAM policy
// elements: Variables and tags"): only 2012-10-17 documents expand them, only
// String, ARN and Bool operators take them, a key without a value makes the
// value unusable, defaults and the ${*} ${?} ${$} escapes.
func TestConditionVariables(t *testing.T) {
	runCondCases(t, []condCase{
		{"username", `{"StringEquals":{"s3:prefix":"${aws:username}"}}`, kv{"s3:prefix": {"bob"}, "aws:username": {"bob"}}, true, ""},
		{"username other", `{"StringEquals":{"s3:prefix":"${aws:username}"}}`, kv{"s3:prefix": {"alice"}, "aws:username": {"bob"}}, false, ""},
		{"variable key case-insensitive", `{"StringEquals":{"s3:prefix":"${AWS:UserName}"}}`, kv{"s3:prefix": {"bob"}, "aws:username": {"bob"}}, true, ""},
		{"no value: positive false", `{"StringEquals":{"s3:prefix":"${aws:username}"}}`, kv{"s3:prefix": {"bob"}}, false, ""},
		{"no value: negated false", `{"StringNotEquals":{"s3:prefix":"${aws:username}"}}`, kv{"s3:prefix": {"bob"}}, false, ""},
		{"no value: other values still count", `{"StringEquals":{"s3:prefix":["${aws:username}","public"]}}`, kv{"s3:prefix": {"public"}}, true, ""},
		{"default value", `{"StringEquals":{"s3:prefix":"${aws:username, 'anonymous'}"}}`, kv{"s3:prefix": {"anonymous"}}, true, ""},
		{"default value ignored when present", `{"StringEquals":{"s3:prefix":"${aws:username, 'anonymous'}"}}`, kv{"s3:prefix": {"anonymous"}, "aws:username": {"bob"}}, false, ""},
		{"default with quote escape", `{"StringEquals":{"x:v":"${x:none, 'it''s'}"}}`, kv{"x:v": {"it's"}}, true, ""},
		{"default with brace", `{"StringEquals":{"x:v":"${x:none, 'a}b'}"}}`, kv{"x:v": {"a}b"}}, true, ""},
		{"principal tag", `{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}`, kv{"aws:ResourceTag/team": {"red"}, "aws:PrincipalTag/team": {"red"}}, true, ""},
		{"principal tag differs", `{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}`, kv{"aws:ResourceTag/team": {"red"}, "aws:PrincipalTag/team": {"blue"}}, false, ""},
		{"multivalued key is not a variable", `{"StringEquals":{"x:v":"${aws:TagKeys}"}}`, kv{"x:v": {"a"}, "aws:TagKeys": {"a", "b"}}, false, ""},
		{"any context key", `{"StringEquals":{"x:v":"${token.actions.githubusercontent.com:repository}"}}`, kv{"x:v": {"o/r"}, "token.actions.githubusercontent.com:repository": {"o/r"}}, true, ""},
		{"several variables", `{"StringEquals":{"x:v":"${aws:username}-${aws:userid}"}}`, kv{"x:v": {"bob-AIDA1"}, "aws:username": {"bob"}, "aws:userid": {"AIDA1"}}, true, ""},
		{"StringLike text wildcard", `{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}`, kv{"s3:prefix": {"home/bob/docs"}, "aws:username": {"bob"}}, true, ""},
		{"StringLike variable value is literal", `{"StringLike":{"s3:prefix":"home/${aws:username}/x"}}`, kv{"s3:prefix": {"home/bob/x"}, "aws:username": {"*"}}, false, ""},
		{"StringLike variable literal star matches itself", `{"StringLike":{"s3:prefix":"home/${aws:username}/x"}}`, kv{"s3:prefix": {"home/*/x"}, "aws:username": {"*"}}, true, ""},
		{"escaped star is literal", `{"StringLike":{"x:v":"a${*}"}}`, kv{"x:v": {"a*"}}, true, ""},
		{"escaped star is not a wildcard", `{"StringLike":{"x:v":"a${*}"}}`, kv{"x:v": {"abc"}}, false, ""},
		{"escaped question mark", `{"StringLike":{"x:v":"what${?}"}}`, kv{"x:v": {"what?"}}, true, ""},
		{"escaped question mark is not a wildcard", `{"StringLike":{"x:v":"what${?}"}}`, kv{"x:v": {"whatX"}}, false, ""},
		{"escaped dollar", `{"StringEquals":{"x:v":"${$}{aws:username}"}}`, kv{"x:v": {"${aws:username}"}, "aws:username": {"bob"}}, true, ""},
		{"unterminated variable is literal", `{"StringEquals":{"x:v":"${aws:username"}}`, kv{"x:v": {"${aws:username"}, "aws:username": {"bob"}}, true, ""},
		{"empty variable is literal", `{"StringEquals":{"x:v":"${}"}}`, kv{"x:v": {"${}"}}, true, ""},
		{"2008 treats variables as text", `{"StringEquals":{"x:v":"${aws:username}"}}`, kv{"x:v": {"${aws:username}"}, "aws:username": {"bob"}}, true, Version2008},
		{"2008 does not expand", `{"StringEquals":{"x:v":"${aws:username}"}}`, kv{"x:v": {"bob"}, "aws:username": {"bob"}}, false, Version2008},
		{"IP operators do not expand", `{"IpAddress":{"aws:SourceIp":"${x:cidr}"}}`, kv{"aws:SourceIp": {"10.0.0.1"}, "x:cidr": {"10.0.0.0/8"}}, false, ""},
	})
}

// Policy variables in the Resource element.
func TestResourceVariables(t *testing.T) {
	cases := []struct {
		name     string
		version  string
		resource string // Resource element JSON
		not      bool   // use NotResource
		request  string
		ctx      kv
		want     Decision
	}{
		{"home directory", Version2012, `"arn:aws:s3:::mybucket/${aws:username}/*"`, false, "arn:aws:s3:::mybucket/David/notes.txt", kv{"aws:username": {"David"}}, Allowed},
		{"other user's directory", Version2012, `"arn:aws:s3:::mybucket/${aws:username}/*"`, false, "arn:aws:s3:::mybucket/Adele/notes.txt", kv{"aws:username": {"David"}}, ImplicitDeny},
		{"no username", Version2012, `"arn:aws:s3:::mybucket/${aws:username}/*"`, false, "arn:aws:s3:::mybucket/David/notes.txt", kv{}, ImplicitDeny},
		{"no username other entry", Version2012, `["arn:aws:s3:::mybucket/${aws:username}/*","arn:aws:s3:::public/*"]`, false, "arn:aws:s3:::public/x", kv{}, Allowed},
		{"default value", Version2012, `"arn:aws:s3:::bucket/${aws:userid, 'anonymous'}/*"`, false, "arn:aws:s3:::bucket/anonymous/x", kv{}, Allowed},
		{"queue per user", Version2012, `"arn:aws:sqs:us-east-2:*:${aws:username}-queue"`, false, "arn:aws:sqs:us-east-2:123456789012:bob-queue", kv{"aws:username": {"bob"}}, Allowed},
		{"tag value", Version2012, `"arn:aws:s3:::bucket/${aws:PrincipalTag/department}"`, false, "arn:aws:s3:::bucket/hr", kv{"aws:PrincipalTag/department": {"hr"}}, Allowed},
		{"variable value is literal", Version2012, `"arn:aws:s3:::bucket/${aws:PrincipalTag/department}"`, false, "arn:aws:s3:::bucket/hr", kv{"aws:PrincipalTag/department": {"*"}}, ImplicitDeny},
		{"2008 literal", Version2008, `"arn:aws:s3:::bucket/${aws:username}"`, false, "arn:aws:s3:::bucket/${aws:username}", kv{"aws:username": {"bob"}}, Allowed},
		{"2008 no expansion", Version2008, `"arn:aws:s3:::bucket/${aws:username}"`, false, "arn:aws:s3:::bucket/bob", kv{"aws:username": {"bob"}}, ImplicitDeny},
		{"NotResource with value", Version2012, `"arn:aws:s3:::bucket/${aws:username}/*"`, true, "arn:aws:s3:::bucket/other/x", kv{"aws:username": {"bob"}}, Allowed},
		{"NotResource excludes own", Version2012, `"arn:aws:s3:::bucket/${aws:username}/*"`, true, "arn:aws:s3:::bucket/bob/x", kv{"aws:username": {"bob"}}, ImplicitDeny},
		{"NotResource without value never widens", Version2012, `"arn:aws:s3:::bucket/${aws:username}/*"`, true, "arn:aws:s3:::bucket/other/x", kv{}, ImplicitDeny},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			elem := "Resource"
			if tc.not {
				elem = "NotResource"
			}
			doc := `{"Version":"` + tc.version + `","Statement":{"Effect":"Allow","Action":"s3:*","` + elem + `":` + tc.resource + `}}`
			p := mustParse(t, doc, Identity)
			got := Evaluate(&Request{Action: "s3:GetObject", Resource: tc.request, Context: tc.ctx.context()}, p)
			if got.Decision != tc.want {
				t.Fatalf("%s vs %s = %v, want %v", tc.resource, tc.request, got.Decision, tc.want)
			}
		})
	}
}
