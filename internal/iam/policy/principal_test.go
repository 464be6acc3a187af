package policy

import (
	"testing"
)

// Principal matching (IAM User Guide, "AWS JSON policy elements: Principal").
func TestPrincipalMatches(t *testing.T) {
	role := "arn:aws:iam::123456789012:role/deploy"
	session := "arn:aws:sts::123456789012:assumed-role/deploy/gh-run-1"
	cases := []struct {
		name   string
		policy string // Principal element JSON
		caller *Principal
		want   bool
	}{
		// All principals: "*" and {"AWS":"*"} both include anonymous callers.
		{"star", `"*"`, &Principal{AWS: []string{role}}, true},
		{"star anonymous", `"*"`, nil, true},
		{"star federated", `"*"`, &Principal{Federated: []string{"accounts.google.com"}}, true},
		{"aws star", `{"AWS":"*"}`, &Principal{AWS: []string{session}}, true},
		{"aws star anonymous", `{"AWS":"*"}`, nil, true},
		{"aws star is not federated", `{"AWS":"*"}`, &Principal{Federated: []string{"accounts.google.com"}}, false},
		{"aws star is not a service", `{"AWS":"*"}`, &Principal{Service: []string{"ec2.amazonaws.com"}}, false},
		// Account principals delegate to the whole account, in both spellings.
		{"account id", `{"AWS":"123456789012"}`, &Principal{AWS: []string{session}}, true},
		{"account root arn", `{"AWS":"arn:aws:iam::123456789012:root"}`, &Principal{AWS: []string{"arn:aws:iam::123456789012:user/bob"}}, true},
		{"account root arn vs id caller", `{"AWS":"arn:aws:iam::123456789012:root"}`, &Principal{AWS: []string{"123456789012"}}, true},
		{"other account", `{"AWS":"123456789012"}`, &Principal{AWS: []string{"arn:aws:iam::999999999999:user/bob"}}, false},
		{"account root other partition", `{"AWS":"arn:aws-cn:iam::123456789012:root"}`, &Principal{AWS: []string{"arn:aws:iam::123456789012:user/bob"}}, false},
		{"account list", `{"AWS":["123456789012","555555555555"]}`, &Principal{AWS: []string{"arn:aws:iam::555555555555:role/x"}}, true},
		// Role principals name the role's sessions.
		{"role arn exact", `{"AWS":"` + role + `"}`, &Principal{AWS: []string{role}}, true},
		{"role arn names its sessions", `{"AWS":"` + role + `"}`, &Principal{AWS: []string{session}}, true},
		{"role with path names its sessions", `{"AWS":"arn:aws:iam::123456789012:role/ci/deploy"}`, &Principal{AWS: []string{session}}, true},
		{"other role", `{"AWS":"arn:aws:iam::123456789012:role/admin"}`, &Principal{AWS: []string{session}}, false},
		{"role in other account", `{"AWS":"arn:aws:iam::999999999999:role/deploy"}`, &Principal{AWS: []string{session}}, false},
		{"session principal", `{"AWS":"` + session + `"}`, &Principal{AWS: []string{session}}, true},
		{"other session", `{"AWS":"arn:aws:sts::123456789012:assumed-role/deploy/other"}`, &Principal{AWS: []string{session}}, false},
		{"user is case-sensitive", `{"AWS":"arn:aws:iam::123456789012:user/Bob"}`, &Principal{AWS: []string{"arn:aws:iam::123456789012:user/bob"}}, false},
		{"user exact", `{"AWS":"arn:aws:iam::123456789012:user/Bob"}`, &Principal{AWS: []string{"arn:aws:iam::123456789012:user/Bob"}}, true},
		{"anonymous is not an account", `{"AWS":"123456789012"}`, nil, false},
		{"caller wildcard is literal", `{"AWS":"arn:aws:iam::123456789012:user/Bob"}`, &Principal{AWS: []string{"*"}}, false},
		// Federated and service principals match exactly.
		{"federated", `{"Federated":"cognito-identity.amazonaws.com"}`, &Principal{Federated: []string{"cognito-identity.amazonaws.com"}}, true},
		{"federated other", `{"Federated":"cognito-identity.amazonaws.com"}`, &Principal{Federated: []string{"accounts.google.com"}}, false},
		{"federated is not aws", `{"Federated":"arn:aws:iam::123456789012:saml-provider/x"}`, &Principal{AWS: []string{"arn:aws:iam::123456789012:saml-provider/x"}}, false},
		{"service", `{"Service":["ecs.amazonaws.com","elasticloadbalancing.amazonaws.com"]}`, &Principal{Service: []string{"elasticloadbalancing.amazonaws.com"}}, true},
		{"service other", `{"Service":"ecs.amazonaws.com"}`, &Principal{Service: []string{"ec2.amazonaws.com"}}, false},
		{"service in account is not account", `{"AWS":"123456789012"}`, &Principal{Service: []string{"ec2.amazonaws.com"}}, false},
		{"mixed types are OR'd", `{"AWS":"123456789012","Service":"ec2.amazonaws.com"}`, &Principal{Service: []string{"ec2.amazonaws.com"}}, true},
		{"canonical user", `{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}`, &Principal{CanonicalUser: []string{"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := mustParse(t, stmt(`{"Effect":"Allow","Principal":`+tc.policy+`,"Action":"sts:AssumeRole"}`), Trust)
			if got := p.Statements[0].Principal.Matches(tc.caller); got != tc.want {
				t.Fatalf("Matches = %v, want %v", got, tc.want)
			}
			want := ImplicitDeny
			if tc.want {
				want = Allowed
			}
			if got := Evaluate(&Request{Action: "sts:AssumeRole", Principal: tc.caller}, p).Decision; got != want {
				t.Fatalf("Evaluate = %v, want %v", got, want)
			}
		})
	}
	var nilPrincipal *Principal
	if nilPrincipal.Matches(&Principal{Wildcard: true}) {
		t.Fatal("nil policy principal matched")
	}
}

// NotPrincipal: the statement applies to every principal except those listed
// (IAM User Guide, "AWS JSON policy elements: NotPrincipal").
func TestNotPrincipal(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},` +
		`{"Sid":"DenyAllButAdmin","Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::123456789012:role/admin","123456789012"]},"Action":"s3:*","Resource":"arn:aws:s3:::b/*"}]}`
	p := mustParse(t, doc, Resource)
	cases := []struct {
		name   string
		caller *Principal
		want   Decision
	}{
		{"listed account", &Principal{AWS: []string{"arn:aws:iam::123456789012:user/x"}}, Allowed},
		{"listed role session", &Principal{AWS: []string{"arn:aws:sts::123456789012:assumed-role/admin/s"}}, Allowed},
		{"other account", &Principal{AWS: []string{"arn:aws:iam::999999999999:user/x"}}, ExplicitDeny},
		{"anonymous", nil, ExplicitDeny},
		{"service", &Principal{Service: []string{"cloudtrail.amazonaws.com"}}, ExplicitDeny},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Evaluate(&Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Principal: tc.caller}, p)
			if got.Decision != tc.want {
				t.Fatalf("decision = %v, want %v", got.Decision, tc.want)
			}
		})
	}
}
