package iam

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/berth-dev/berth/internal/iam/policy"
)

func TestGetRoleByARN(t *testing.T) {
	f := newFixture(t)
	must[*awsiam.CreateRoleOutput](t)(f.client.CreateRole(bg, &awsiam.CreateRoleInput{RoleName: aws.String("Deploy"), Path: aws.String("/ci/"),
		AssumeRolePolicyDocument: aws.String(trustEC2), MaxSessionDuration: aws.Int32(7200)}))
	r, err := f.api.GetRoleByARN(bg, "arn:aws:iam::000000000000:role/ci/Deploy")
	if err != nil || r.RoleName != "Deploy" || r.Path != "/ci/" || r.MaxSessionDuration != 7200 || r.AssumeRolePolicyDocument != trustEC2 || !reRoleID.MatchString(r.RoleId) {
		t.Fatalf("GetRoleByARN = %+v, %v", r, err)
	}
	cases := []struct {
		arn  string
		want error
	}{
		{"arn:aws:iam::000000000000:role/Deploy", ErrNoSuchEntity},         // wrong path
		{"arn:aws:iam::111111111111:role/ci/Deploy", ErrNoSuchEntity},      // other account
		{"arn:aws:iam::000000000000:role/ci/Ghost", ErrNoSuchEntity},       // no such role
		{"arn:aws:iam::000000000000:policy/ci/Deploy", ErrInvalidARN},      // not a role
		{"arn:aws:sts::000000000000:assumed-role/Deploy/s", ErrInvalidARN}, // not IAM
		{"", ErrInvalidARN},
	}
	for _, tc := range cases {
		if _, err := f.api.GetRoleByARN(bg, tc.arn); !errors.Is(err, tc.want) {
			t.Errorf("GetRoleByARN(%q) = %v, want %v", tc.arn, err, tc.want)
		}
	}
}

func TestRolePoliciesAndManagedPolicy(t *testing.T) {
	f := newFixture(t)
	seedPlatform(t, f)
	must[*awsiam.PutRolePolicyOutput](t)(f.client.PutRolePolicy(bg, &awsiam.PutRolePolicyInput{RoleName: aws.String("github-access"), PolicyName: aws.String("logs"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}`)}))
	ps, err := f.api.RolePolicies(bg, "github-access")
	if err != nil || len(ps) != 2 || ps[0].ID != "app_infra_manager_policy" || ps[1].ID != "logs" || ps[0].Type != "IAM Policy" {
		t.Fatalf("RolePolicies = %v, %v", ps, err)
	}
	for _, c := range []struct {
		action string
		want   policy.Decision
	}{{"cloudformation:CreateStack", policy.Allowed}, {"logs:PutLogEvents", policy.Allowed}, {"iam:CreateRole", policy.ImplicitDeny}} {
		if got := policy.Evaluate(&policy.Request{Action: c.action, Resource: "*"}, ps...).Decision; got != c.want {
			t.Errorf("%s = %v, want %v", c.action, got, c.want)
		}
	}
	// A new default version takes effect; cached parses do not linger.
	arn := "arn:aws:iam::000000000000:policy/app_infra_manager_policy"
	must[*awsiam.CreatePolicyVersionOutput](t)(f.client.CreatePolicyVersion(bg, &awsiam.CreatePolicyVersionInput{PolicyArn: &arn, SetAsDefault: true,
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"cloudformation:*","Resource":"*"}]}`)}))
	ps, _ = f.api.RolePolicies(bg, "github-access")
	if got := policy.Evaluate(&policy.Request{Action: "cloudformation:CreateStack", Resource: "*"}, ps...).Decision; got != policy.ExplicitDeny {
		t.Fatalf("after new default version: %v", got)
	}
	if _, err := f.api.RolePolicies(bg, "ghost"); !errors.Is(err, ErrNoSuchEntity) {
		t.Fatalf("RolePolicies(ghost) = %v", err)
	}
	mp, err := f.api.ManagedPolicy(bg, "arn:aws:iam::aws:policy/AdministratorAccess")
	if err != nil || mp.ID != "AdministratorAccess" || !policy.Evaluate(&policy.Request{Action: "s3:GetObject"}, mp).Allowed() {
		t.Fatalf("ManagedPolicy(AdministratorAccess) = %v, %v", mp, err)
	}
	if _, err := f.api.ManagedPolicy(bg, "arn:aws:iam::000000000000:policy/ghost"); !errors.Is(err, ErrNoSuchEntity) {
		t.Fatalf("ManagedPolicy(ghost) = %v", err)
	}
	if _, err := f.api.ManagedPolicy(bg, "nonsense"); !errors.Is(err, ErrInvalidARN) {
		t.Fatalf("ManagedPolicy(nonsense) = %v", err)
	}
	if b, err := f.api.RoleBoundary(bg, "github-access"); b != nil || err != nil {
		t.Fatalf("RoleBoundary = %v, %v", b, err)
	}
}

// BenchmarkRolePolicies is the authorizer's per-request lookup: a role
// with one attached and one inline policy, parses served from the cache.
func BenchmarkRolePolicies(b *testing.B) {
	f := newFixture(b)
	must[*awsiam.CreateRoleOutput](b)(f.client.CreateRole(bg, &awsiam.CreateRoleInput{RoleName: aws.String("r"), AssumeRolePolicyDocument: aws.String(trustEC2)}))
	arn := *must[*awsiam.CreatePolicyOutput](b)(f.client.CreatePolicy(bg, &awsiam.CreatePolicyInput{PolicyName: aws.String("p"), PolicyDocument: aws.String(seedDoc(b, "permissions-policy.json"))})).Policy.Arn
	must[*awsiam.AttachRolePolicyOutput](b)(f.client.AttachRolePolicy(bg, &awsiam.AttachRolePolicyInput{RoleName: aws.String("r"), PolicyArn: &arn}))
	must[*awsiam.PutRolePolicyOutput](b)(f.client.PutRolePolicy(bg, &awsiam.PutRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("i"), PolicyDocument: aws.String(allowS3)}))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.api.RolePolicies(bg, "r"); err != nil {
			b.Fatal(err)
		}
	}
}
