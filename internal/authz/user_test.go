package authz

import (
	"context"
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/iam/policy"
)

// fakeUsers serves users' policies from documents, by user name.
type fakeUsers map[string][]string

func (f fakeUsers) UserPolicies(ctx context.Context, user string) ([]*policy.Policy, error) {
	return fakePolicies(f).RolePolicies(ctx, user)
}

func userCall(name string) *awsapi.Call {
	return &awsapi.Call{Region: "us-east-1", Account: "000000000000", Service: &awsapi.Service{Protocol: awsapi.Query},
		Principal: &awsapi.Principal{Kind: awsapi.IAMUser, Account: "000000000000", UserName: name,
			ARN: "arn:aws:iam::000000000000:user/" + name, UserID: "AIDAEXAMPLEEXAMPLEEX", SessionTags: map[string]string{"team": "web"}}}
}

func TestUserPolicies(t *testing.T) {
	readOnly := `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["apprunner:Describe*","apprunner:List*"],"Resource":"*"},
		{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"arn:aws:iam::000000000000:user/${aws:username}"},
		{"Effect":"Allow","Action":"logs:GetLogEvents","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"web","aws:PrincipalType":"User"}}}]}`
	a := &Authorizer{Policies: fakePolicies{}, Users: fakeUsers{"dev": {readOnly}}}
	ctx := context.Background()
	cases := []struct {
		action, resource string
		allowed          bool
	}{
		{"apprunner:ListServices", "*", true},
		{"apprunner:StartDeployment", "arn:aws:apprunner:us-east-1:000000000000:service/web/1", false},
		{"iam:CreateAccessKey", "arn:aws:iam::000000000000:user/dev", true},
		{"iam:CreateAccessKey", "arn:aws:iam::000000000000:user/other", false},
		{"logs:GetLogEvents", "*", true},
		{"sts:GetCallerIdentity", "*", true},
	}
	for _, c := range cases {
		err := a.Authorize(ctx, userCall("dev"), awsapi.Authorization{Action: c.action, Resources: []string{c.resource}})
		if (err == nil) != c.allowed {
			t.Errorf("%s on %s: err = %v, want allowed=%v", c.action, c.resource, err, c.allowed)
		}
		if err != nil && !strings.Contains(err.Error(), "User: arn:aws:iam::000000000000:user/dev is not authorized to perform: "+c.action+" on resource: "+c.resource+" because no identity-based policy allows the "+c.action+" action") {
			t.Errorf("message = %v", err)
		}
	}
	// Without a user policy source, users are denied.
	b := &Authorizer{Policies: fakePolicies{}}
	if err := b.Authorize(ctx, userCall("dev"), awsapi.Authorization{Action: "apprunner:ListServices"}); err == nil {
		t.Fatal("allowed without a user policy source")
	}
}
