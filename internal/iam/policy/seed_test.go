package policy

import (
	"slices"
	"strings"
	"testing"
)

// The seed's platform documents end to end: the GitHub OIDC trust policy of
// the deploy role (account 000000000000) and its permissions policy.

const (
	seedAccount  = "000000000000"
	seedProvider = "arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com"
	ghSub        = "token.actions.githubusercontent.com:sub"
	ghAud        = "token.actions.githubusercontent.com:aud"
	ghIss        = "token.actions.githubusercontent.com:iss"
	ghIssuer     = "https://token.actions.githubusercontent.com"
)

func TestSeedTrustPolicy(t *testing.T) {
	trust := mustParse(t, readSeed(t, "trust-policy.json"), Trust)
	oidc := &Principal{Federated: []string{seedProvider}}
	cases := []struct {
		name      string
		action    string
		principal *Principal
		ctx       Context
		want      Decision
	}{
		// Principal + StringLike + ForAllValues all hold.
		{"main branch", "sts:AssumeRoleWithWebIdentity", oidc,
			contextOf(ghSub, "repo:OWNER/REPO:ref:refs/heads/main", ghAud, "sts.amazonaws.com", ghIss, ghIssuer), Allowed},
		// StringLike without wildcards is an exact, case-sensitive match.
		{"other branch", "sts:AssumeRoleWithWebIdentity", oidc,
			contextOf(ghSub, "repo:OWNER/REPO:ref:refs/heads/dev", ghAud, "sts.amazonaws.com", ghIss, ghIssuer), ImplicitDeny},
		{"other repo", "sts:AssumeRoleWithWebIdentity", oidc,
			contextOf(ghSub, "repo:OWNER/OTHER:ref:refs/heads/main", ghAud, "sts.amazonaws.com", ghIss, ghIssuer), ImplicitDeny},
		{"branch prefix is not main", "sts:AssumeRoleWithWebIdentity", oidc,
			contextOf(ghSub, "repo:OWNER/REPO:ref:refs/heads/main-evil", ghAud, "sts.amazonaws.com"), ImplicitDeny},
		{"pull request", "sts:AssumeRoleWithWebIdentity", oidc,
			contextOf(ghSub, "repo:OWNER/REPO:pull_request", ghAud, "sts.amazonaws.com"), ImplicitDeny},
		{"case differs", "sts:AssumeRoleWithWebIdentity", oidc,
			contextOf(ghSub, "repo:owner/repo:ref:refs/heads/main", ghAud, "sts.amazonaws.com"), ImplicitDeny},
		// Condition operators: a missing key makes StringLike false.
		{"no sub claim", "sts:AssumeRoleWithWebIdentity", oidc,
			contextOf(ghAud, "sts.amazonaws.com", ghIss, ghIssuer), ImplicitDeny},
		// ForAllValues is true when the key is missing (set operators doc).
		{"aud and iss missing", "sts:AssumeRoleWithWebIdentity", oidc,
			contextOf(ghSub, "repo:OWNER/REPO:ref:refs/heads/main"), Allowed},
		{"wrong audience", "sts:AssumeRoleWithWebIdentity", oidc,
			contextOf(ghSub, "repo:OWNER/REPO:ref:refs/heads/main", ghAud, "https://example.com"), ImplicitDeny},
		{"wrong issuer", "sts:AssumeRoleWithWebIdentity", oidc,
			contextOf(ghSub, "repo:OWNER/REPO:ref:refs/heads/main", ghIss, "https://evil.example"), ImplicitDeny},
		// Federated principals match the provider exactly.
		{"other provider", "sts:AssumeRoleWithWebIdentity",
			&Principal{Federated: []string{"arn:aws:iam::000000000000:oidc-provider/gitlab.com"}},
			contextOf(ghSub, "repo:OWNER/REPO:ref:refs/heads/main"), ImplicitDeny},
		{"same provider other account", "sts:AssumeRoleWithWebIdentity",
			&Principal{Federated: []string{"arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"}},
			contextOf(ghSub, "repo:OWNER/REPO:ref:refs/heads/main"), ImplicitDeny},
		{"account principal is not federated", "sts:AssumeRoleWithWebIdentity",
			&Principal{AWS: []string{"arn:aws:iam::000000000000:root"}},
			contextOf(ghSub, "repo:OWNER/REPO:ref:refs/heads/main"), ImplicitDeny},
		{"anonymous", "sts:AssumeRoleWithWebIdentity", nil,
			contextOf(ghSub, "repo:OWNER/REPO:ref:refs/heads/main"), ImplicitDeny},
		// Action must match.
		{"plain AssumeRole", "sts:AssumeRole", oidc,
			contextOf(ghSub, "repo:OWNER/REPO:ref:refs/heads/main"), ImplicitDeny},
		{"action case-insensitive", "STS:assumerolewithwebidentity", oidc,
			contextOf(ghSub, "repo:OWNER/REPO:ref:refs/heads/main"), Allowed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := &Request{Action: tc.action, Resource: "arn:aws:iam::" + seedAccount + ":role/deploy", Principal: tc.principal, Context: tc.ctx}
			got := Evaluate(req, trust)
			if got.Decision != tc.want {
				t.Fatalf("decision = %v, want %v", got.Decision, tc.want)
			}
		})
	}
}

func TestSeedPermissionsPolicy(t *testing.T) {
	doc := readSeed(t, "permissions-policy.json")
	perms := mustParse(t, doc, Managed)
	slr := "arn:aws:iam::" + seedAccount + ":role/aws-service-role/apprunner.amazonaws.com/AWSServiceRoleForAppRunner"
	slrNet := "arn:aws:iam::" + seedAccount + ":role/aws-service-role/networking.apprunner.amazonaws.com/AWSServiceRoleForAppRunnerNetworking"
	cases := []struct {
		name     string
		action   string
		resource string
		ctx      Context
		want     Decision
		wantSids []string
	}{
		{"cloudformation admin", "cloudformation:CreateStack", "arn:aws:cloudformation:us-east-1:000000000000:stack/app/*", Context{}, Allowed, []string{"CloudformationAdmin"}},
		{"cloudformation any resource", "cloudformation:DescribeStacks", "*", Context{}, Allowed, []string{"CloudformationAdmin"}},
		{"action case-insensitive", "CloudFormation:createchangeset", "*", Context{}, Allowed, []string{"CloudformationAdmin"}},
		{"apprunner admin", "apprunner:CreateService", "arn:aws:apprunner:us-east-1:000000000000:service/app/0123", Context{}, Allowed, []string{"AppRunnerAdmin"}},
		{"apprunner list", "apprunner:ListServices", "*", Context{}, Allowed, []string{"AppRunnerAdmin"}},
		{"create role not granted", "iam:CreateRole", "arn:aws:iam::000000000000:role/x", Context{}, ImplicitDeny, nil},
		{"other service", "s3:GetObject", "arn:aws:s3:::bucket/key", Context{}, ImplicitDeny, nil},
		{"prefix service name", "apprunnerx:CreateService", "*", Context{}, ImplicitDeny, nil},
		{"pass role to apprunner", "iam:PassRole", "arn:aws:iam::000000000000:role/instance",
			contextOf("iam:PassedToService", "apprunner.amazonaws.com"), Allowed, []string{"PassAnyRoleToAppRunner"}},
		{"pass role key case-insensitive", "iam:PassRole", "arn:aws:iam::000000000000:role/instance",
			contextOf("IAM:passedtoservice", "apprunner.amazonaws.com"), Allowed, []string{"PassAnyRoleToAppRunner"}},
		{"pass role to ecs", "iam:PassRole", "arn:aws:iam::000000000000:role/instance",
			contextOf("iam:PassedToService", "ecs-tasks.amazonaws.com"), ImplicitDeny, nil},
		{"pass role without service", "iam:PassRole", "arn:aws:iam::000000000000:role/instance", Context{}, ImplicitDeny, nil},
		{"service linked role", "iam:CreateServiceLinkedRole", slr,
			contextOf("iam:AWSServiceName", "apprunner.amazonaws.com"), Allowed, []string{"CreateAppRunnerServiceLinkeRole"}},
		{"networking service linked role", "iam:CreateServiceLinkedRole", slrNet,
			contextOf("iam:AWSServiceName", "networking.apprunner.amazonaws.com"), Allowed, []string{"CreateAppRunnerServiceLinkeRole"}},
		{"service linked role wrong service", "iam:CreateServiceLinkedRole", slr,
			contextOf("iam:AWSServiceName", "ecs.amazonaws.com"), ImplicitDeny, nil},
		{"service linked role no service", "iam:CreateServiceLinkedRole", slr, Context{}, ImplicitDeny, nil},
		{"service linked role wrong resource", "iam:CreateServiceLinkedRole", "arn:aws:iam::000000000000:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
			contextOf("iam:AWSServiceName", "apprunner.amazonaws.com"), ImplicitDeny, nil},
		{"service linked role resource case-sensitive", "iam:CreateServiceLinkedRole", strings.ToLower(slr),
			contextOf("iam:AWSServiceName", "apprunner.amazonaws.com"), ImplicitDeny, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Evaluate(&Request{Action: tc.action, Resource: tc.resource, Context: tc.ctx}, perms)
			if got.Decision != tc.want || !slices.Equal(sids(got), tc.wantSids) {
				t.Fatalf("got %v %v, want %v %v", got.Decision, sids(got), tc.want, tc.wantSids)
			}
		})
	}
}

// Positions are 1-based; Start is the statement's '{', End just past its '}'.
func TestSeedStatementPositions(t *testing.T) {
	perms := mustParse(t, readSeed(t, "permissions-policy.json"), Managed)
	lines := strings.Split(readSeed(t, "permissions-policy.json"), "\n")
	line27 := lines[26]
	want := []struct{ start, end Position }{
		{Position{4, 5}, Position{17, 6}},
		{Position{18, 5}, Position{26, 6}},
		{Position{27, 5}, Position{27, len(line27)}}, // line ends with ","
		{Position{28, 5}, Position{28, len(lines[27]) + 1}},
	}
	for i, st := range perms.Statements {
		if st.Start != want[i].start || st.End != want[i].end {
			t.Errorf("statement %d (%s): %v-%v, want %v-%v", i, st.Sid, st.Start, st.End, want[i].start, want[i].end)
		}
	}
	if perms.Type != "IAM Policy" {
		t.Errorf("Type = %q", perms.Type)
	}
}
