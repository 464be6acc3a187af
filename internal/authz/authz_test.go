package authz

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/iam/policy"
)

type fakePolicies map[string][]string

func (f fakePolicies) RolePolicies(_ context.Context, role string) ([]*policy.Policy, error) {
	var out []*policy.Policy
	for _, d := range f[role] {
		p, err := policy.Parse(d, policy.Managed)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func (f fakePolicies) RoleBoundary(_ context.Context, role string) (*policy.Policy, error) {
	if d, ok := f["boundary:"+role]; ok {
		return policy.Parse(d[0], policy.Managed)
	}
	return nil, nil
}

func (f fakePolicies) ManagedPolicy(_ context.Context, arn string) (*policy.Policy, error) {
	return policy.Parse(f[arn][0], policy.Managed)
}

func seedPermissions(t *testing.T) string {
	b, err := os.ReadFile("../../testdata/seed/platform/permissions-policy.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func session(sessionPolicy string) *awsapi.Call {
	return &awsapi.Call{Region: "us-east-1", Account: "000000000000", SourceIP: "127.0.0.1",
		Service: &awsapi.Service{Protocol: awsapi.Query},
		Principal: &awsapi.Principal{Kind: awsapi.AssumedRole, Account: "000000000000", RoleName: "github-access",
			RoleARN: "arn:aws:iam::000000000000:role/github-access", ARN: "arn:aws:sts::000000000000:assumed-role/github-access/GithubActions",
			UserID: "AROAEXAMPLE:GithubActions", SessionName: "GithubActions", IssuedAt: time.Now(), SessionPolicy: sessionPolicy}}
}

func TestSeedPolicyEnforcement(t *testing.T) {
	a := &Authorizer{Policies: fakePolicies{"github-access": {seedPermissions(t)}}}
	ctx := context.Background()
	cases := []struct {
		name string
		az   awsapi.Authorization
		want string // "" allowed, else a substring of the denial
	}{
		{"cloudformation", awsapi.Authorization{Action: "cloudformation:CreateStack", Resources: []string{"arn:aws:cloudformation:us-east-1:000000000000:stack/my-app/*"}}, ""},
		{"apprunner", awsapi.Authorization{Action: "apprunner:StartDeployment", Resources: []string{"arn:aws:apprunner:us-east-1:000000000000:service/my-app-service/abc"}}, ""},
		{"create role", awsapi.Authorization{Action: "iam:CreateRole", Resources: []string{"arn:aws:iam::000000000000:role/x"}},
			"is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::000000000000:role/x because no identity-based policy allows the iam:CreateRole action"},
		{"pass role to apprunner", awsapi.Authorization{Action: "iam:PassRole", Resources: []string{"arn:aws:iam::000000000000:role/r"},
			Context: map[string][]string{"iam:PassedToService": {"apprunner.amazonaws.com"}}}, ""},
		{"pass role to ec2", awsapi.Authorization{Action: "iam:PassRole", Resources: []string{"arn:aws:iam::000000000000:role/r"},
			Context: map[string][]string{"iam:PassedToService": {"ec2.amazonaws.com"}}}, "iam:PassRole"},
		{"service linked role", awsapi.Authorization{Action: "iam:CreateServiceLinkedRole",
			Resources: []string{"arn:aws:iam::000000000000:role/aws-service-role/apprunner.amazonaws.com/AWSServiceRoleForAppRunner"},
			Context:   map[string][]string{"iam:AWSServiceName": {"apprunner.amazonaws.com"}}}, ""},
		{"service linked role, other service", awsapi.Authorization{Action: "iam:CreateServiceLinkedRole",
			Resources: []string{"arn:aws:iam::000000000000:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"},
			Context:   map[string][]string{"iam:AWSServiceName": {"ecs.amazonaws.com"}}}, "iam:CreateServiceLinkedRole"},
		{"caller identity always", awsapi.Authorization{Action: "sts:GetCallerIdentity"}, ""},
		{"one of several resources", awsapi.Authorization{Action: "iam:PassRole", Resources: []string{"arn:aws:iam::000000000000:role/a", "arn:aws:iam::000000000000:role/b"}}, "iam:PassRole"},
	}
	for _, c := range cases {
		err := a.Authorize(ctx, session(""), c.az)
		if c.want == "" && err != nil {
			t.Errorf("%s: denied: %v", c.name, err)
		}
		if c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: got %v, want denial containing %q", c.name, err, c.want)
		}
	}
}

func TestExplicitDenyAndSessionPolicy(t *testing.T) {
	deny := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"cloudformation:Delete*","Resource":"*"}]}`
	a := &Authorizer{Policies: fakePolicies{"github-access": {seedPermissions(t), deny}}}
	ctx := context.Background()
	err := a.Authorize(ctx, session(""), awsapi.Authorization{Action: "cloudformation:DeleteStack", Resources: []string{"*"}})
	if err == nil || !strings.Contains(err.Error(), "with an explicit deny in an identity-based policy") {
		t.Fatalf("explicit deny: %v", err)
	}
	only := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"apprunner:*","Resource":"*"}]}`
	if err := a.Authorize(ctx, session(only), awsapi.Authorization{Action: "apprunner:ListServices"}); err != nil {
		t.Fatalf("session policy allowing: %v", err)
	}
	err = a.Authorize(ctx, session(only), awsapi.Authorization{Action: "cloudformation:CreateStack"})
	if err == nil || !strings.Contains(err.Error(), "because no session policy allows") {
		t.Fatalf("session policy limiting: %v", err)
	}
}

func TestJSONServicesGetAccessDeniedException(t *testing.T) {
	a := &Authorizer{Policies: fakePolicies{}}
	c := session("")
	c.Service = &awsapi.Service{Protocol: awsapi.JSON11}
	err := a.Authorize(context.Background(), c, awsapi.Authorization{Action: "logs:CreateLogGroup"})
	if e, ok := err.(*awsapi.Error); !ok || e.Code != "AccessDeniedException" || e.Status != 403 {
		t.Fatalf("got %v", err)
	}
}

func TestGlobalContextKeys(t *testing.T) {
	a := &Authorizer{Now: func() time.Time { return time.Unix(1700000000, 0) }}
	c := session("")
	c.Principal.SessionTags = map[string]string{"team": "shop"}
	pc := a.Context(c, awsapi.Authorization{Context: map[string][]string{"iam:PassedToService": {"apprunner.amazonaws.com"}}})
	for k, want := range map[string]string{
		"aws:PrincipalArn": "arn:aws:iam::000000000000:role/github-access", "aws:EpochTime": "1700000000",
		"aws:RequestedRegion": "us-east-1", "aws:SourceIp": "127.0.0.1", "aws:PrincipalTag/team": "shop",
		"aws:userid": "AROAEXAMPLE:GithubActions", "aws:SecureTransport": "false", "iam:passedtoservice": "apprunner.amazonaws.com",
		"aws:PrincipalAccount": "000000000000",
	} {
		if v, ok := pc.Get(k); !ok || v[0] != want {
			t.Errorf("%s = %v, want %s", k, v, want)
		}
	}
}

// BenchmarkAuthorizeSeedPolicy is one enforcement decision on the seed's
// permissions policy, context building included.
func BenchmarkAuthorizeSeedPolicy(b *testing.B) {
	raw, _ := os.ReadFile("../../testdata/seed/platform/permissions-policy.json")
	p, _ := policy.Parse(string(raw), policy.Managed)
	a := &Authorizer{Policies: cached{p}}
	c := session("")
	az := awsapi.Authorization{Action: "apprunner:StartDeployment", Resources: []string{"arn:aws:apprunner:us-east-1:000000000000:service/s/x"}}
	b.ReportAllocs()
	for b.Loop() {
		if err := a.Authorize(context.Background(), c, az); err != nil {
			b.Fatal(err)
		}
	}
}

type cached struct{ p *policy.Policy }

func (c cached) RolePolicies(context.Context, string) ([]*policy.Policy, error) {
	return []*policy.Policy{c.p}, nil
}
func (c cached) RoleBoundary(context.Context, string) (*policy.Policy, error)  { return nil, nil }
func (c cached) ManagedPolicy(context.Context, string) (*policy.Policy, error) { return c.p, nil }

func TestPermissionsBoundaryLimits(t *testing.T) {
	boundary := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"apprunner:*","Resource":"*"}]}`
	a := &Authorizer{Policies: fakePolicies{"github-access": {seedPermissions(t)}, "boundary:github-access": {boundary}}}
	if err := a.Authorize(context.Background(), session(""), awsapi.Authorization{Action: "apprunner:StartDeployment"}); err != nil {
		t.Fatalf("inside boundary: %v", err)
	}
	err := a.Authorize(context.Background(), session(""), awsapi.Authorization{Action: "cloudformation:CreateStack"})
	if err == nil || !strings.Contains(err.Error(), "because no permissions boundary allows") {
		t.Fatalf("outside boundary: %v", err)
	}
}
