package policy

import (
	"testing"
)

// BenchmarkEvaluateSeedPolicy measures one decision against the seed's
// permissions policy (target: well under 5µs). Sub-benchmarks cover an
// early allow, an allow decided by a condition, and an implicit deny that
// has to try every statement.
func BenchmarkEvaluateSeedPolicy(b *testing.B) {
	perms := mustParse(b, readSeed(b, "permissions-policy.json"), Managed)
	passRole := &Request{Action: "iam:PassRole", Resource: "arn:aws:iam::000000000000:role/instance"}
	passRole.Context.Set("iam:PassedToService", "apprunner.amazonaws.com")
	passRole.Context.Set("aws:CurrentTime", "2024-01-01T00:00:00Z")
	cases := []struct {
		name string
		req  *Request
		want Decision
	}{
		{"CloudFormationAllowed", &Request{Action: "cloudformation:CreateStack", Resource: "arn:aws:cloudformation:us-east-1:000000000000:stack/app/1"}, Allowed},
		{"PassRoleCondition", passRole, Allowed},
		{"CreateRoleImplicitDeny", &Request{Action: "iam:CreateRole", Resource: "arn:aws:iam::000000000000:role/x"}, ImplicitDeny},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			if got := Evaluate(tc.req, perms).Decision; got != tc.want {
				b.Fatalf("decision %v, want %v", got, tc.want)
			}
			b.ReportAllocs()
			for b.Loop() {
				Evaluate(tc.req, perms)
			}
		})
	}
}

// BenchmarkParseSeedPolicy measures validating and compiling the seed's
// permissions policy (done once per CreatePolicy, not per request).
func BenchmarkParseSeedPolicy(b *testing.B) {
	doc := readSeed(b, "permissions-policy.json")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(doc, Managed); err != nil {
			b.Fatal(err)
		}
	}
}
