package iam

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/berth-dev/berth/internal/awsapi"
)

// Every operation is declared with the IAM action named after it.
func TestOperationActions(t *testing.T) {
	svc := New(nil, testAccount).Service()
	names := svc.Operations()
	if len(names) < 45 {
		t.Fatalf("only %d operations", len(names))
	}
	for _, n := range names {
		op, _ := svc.Operation(n)
		if op.Action != "iam:"+n {
			t.Errorf("%s: action %s", n, op.Action)
		}
		readOnly := strings.HasPrefix(n, "Get") || strings.HasPrefix(n, "List") || strings.HasPrefix(n, "Simulate")
		if op.ReadOnly != readOnly {
			t.Errorf("%s: ReadOnly = %v", n, op.ReadOnly)
		}
	}
}

// What each operation asks the authorizer: the resources it touches and
// the condition keys it supplies, computed from the request (and, for the
// role's path, from the stored role).
func TestOperationResources(t *testing.T) {
	f := newFixture(t)
	must[*awsiam.CreateRoleOutput](t)(f.client.CreateRole(bg, &awsiam.CreateRoleInput{RoleName: aws.String("ci"), Path: aws.String("/build/"), AssumeRolePolicyDocument: aws.String(trustEC2)}))
	pol := createPolicy(t, f, "p", allowS3)
	tag := []types.Tag{{Key: aws.String("team"), Value: aws.String("a")}}
	cases := []struct {
		name      string
		call      func(c *awsiam.Client) error
		resources []string
		context   map[string][]string
	}{
		{"CreateRole", func(c *awsiam.Client) error {
			_, err := c.CreateRole(bg, &awsiam.CreateRoleInput{RoleName: aws.String("new"), Path: aws.String("/x/"), AssumeRolePolicyDocument: aws.String(trustEC2),
				PermissionsBoundary: &pol, Tags: tag})
			return err
		}, []string{"arn:aws:iam::000000000000:role/x/new"}, map[string][]string{"iam:PermissionsBoundary": {pol}, "aws:TagKeys": {"team"}, "aws:RequestTag/team": {"a"}}},
		{"GetRole uses the stored path", func(c *awsiam.Client) error {
			_, err := c.GetRole(bg, &awsiam.GetRoleInput{RoleName: aws.String("ci")})
			return err
		}, []string{"arn:aws:iam::000000000000:role/build/ci"}, nil},
		{"AttachRolePolicy", func(c *awsiam.Client) error {
			_, err := c.AttachRolePolicy(bg, &awsiam.AttachRolePolicyInput{RoleName: aws.String("ci"), PolicyArn: &pol})
			return err
		}, []string{"arn:aws:iam::000000000000:role/build/ci"}, map[string][]string{"iam:PolicyARN": {pol}}},
		{"PutRolePolicy", func(c *awsiam.Client) error {
			_, err := c.PutRolePolicy(bg, &awsiam.PutRolePolicyInput{RoleName: aws.String("ci"), PolicyName: aws.String("i"), PolicyDocument: aws.String(allowS3)})
			return err
		}, []string{"arn:aws:iam::000000000000:role/build/ci"}, nil},
		{"UntagRole", func(c *awsiam.Client) error {
			_, err := c.UntagRole(bg, &awsiam.UntagRoleInput{RoleName: aws.String("ci"), TagKeys: []string{"team"}})
			return err
		}, []string{"arn:aws:iam::000000000000:role/build/ci"}, map[string][]string{"aws:TagKeys": {"team"}}},
		{"ListRoles", func(c *awsiam.Client) error { _, err := c.ListRoles(bg, &awsiam.ListRolesInput{}); return err }, []string{"*"}, nil},
		{"CreatePolicy", func(c *awsiam.Client) error {
			_, err := c.CreatePolicy(bg, &awsiam.CreatePolicyInput{PolicyName: aws.String("q"), Path: aws.String("/team/"), PolicyDocument: aws.String(allowS3)})
			return err
		}, []string{"arn:aws:iam::000000000000:policy/team/q"}, nil},
		{"CreatePolicyVersion", func(c *awsiam.Client) error {
			_, err := c.CreatePolicyVersion(bg, &awsiam.CreatePolicyVersionInput{PolicyArn: &pol, PolicyDocument: aws.String(allowS3)})
			return err
		}, []string{pol}, nil},
		{"CreateOpenIDConnectProvider", func(c *awsiam.Client) error {
			_, err := c.CreateOpenIDConnectProvider(bg, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String(ghURL), ClientIDList: []string{"sts.amazonaws.com"}})
			return err
		}, []string{ghARN}, nil},
		{"AddClientIDToOpenIDConnectProvider", func(c *awsiam.Client) error {
			_, err := c.AddClientIDToOpenIDConnectProvider(bg, &awsiam.AddClientIDToOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(ghARN), ClientID: aws.String("x")})
			return err
		}, []string{ghARN}, nil},
		{"CreateServiceLinkedRole", func(c *awsiam.Client) error {
			_, err := c.CreateServiceLinkedRole(bg, &awsiam.CreateServiceLinkedRoleInput{AWSServiceName: aws.String("apprunner.amazonaws.com")})
			return err
		}, []string{"arn:aws:iam::000000000000:role/aws-service-role/apprunner.amazonaws.com/AWSServiceRoleForAppRunner"},
			map[string][]string{"iam:AWSServiceName": {"apprunner.amazonaws.com"}}},
		{"SimulatePrincipalPolicy", func(c *awsiam.Client) error {
			_, err := c.SimulatePrincipalPolicy(bg, &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String("arn:aws:iam::000000000000:role/build/ci"), ActionNames: []string{"s3:GetObject"}})
			return err
		}, []string{"arn:aws:iam::000000000000:role/build/ci"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(f.asRole); err != nil {
				t.Fatal(err)
			}
			got := f.authz.last()
			if !slices.Equal(got.Resources, tc.resources) {
				t.Fatalf("resources = %v, want %v", got.Resources, tc.resources)
			}
			if !sameContext(got, tc.context) {
				t.Fatalf("context = %v, want %v", got.Context, tc.context)
			}
		})
	}
}

func sameContext(a awsapi.Authorization, want map[string][]string) bool {
	if len(a.Context) != len(want) {
		return false
	}
	for k, v := range want {
		if !slices.Equal(a.Context[k], v) {
			return false
		}
	}
	return true
}
