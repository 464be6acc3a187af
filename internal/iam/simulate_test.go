package iam

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// seedPlatform creates the seed's role github-access with its trust
// policy and the managed policy app_infra_manager_policy attached.
func seedPlatform(t *testing.T, f *fixture) string {
	t.Helper()
	r := must[*awsiam.CreateRoleOutput](t)(f.client.CreateRole(bg, &awsiam.CreateRoleInput{RoleName: aws.String("github-access"),
		AssumeRolePolicyDocument: aws.String(seedDoc(t, "trust-policy.json"))})).Role
	arn := createPolicy(t, f, "app_infra_manager_policy", seedDoc(t, "permissions-policy.json"))
	must[*awsiam.AttachRolePolicyOutput](t)(f.client.AttachRolePolicy(bg, &awsiam.AttachRolePolicyInput{RoleName: aws.String("github-access"), PolicyArn: &arn}))
	return *r.Arn
}

func TestSimulatePrincipalPolicySeed(t *testing.T) {
	f := newFixture(t)
	role := seedPlatform(t, f)
	passCtx := []types.ContextEntry{{ContextKeyName: aws.String("iam:PassedToService"), ContextKeyValues: []string{"apprunner.amazonaws.com"}, ContextKeyType: types.ContextKeyTypeEnumString}}
	slr := "arn:aws:iam::000000000000:role/aws-service-role/apprunner.amazonaws.com/AWSServiceRoleForAppRunner"
	cases := []struct {
		name      string
		action    string
		resources []string
		ctx       []types.ContextEntry
		decision  types.PolicyEvaluationDecisionType
		sids      int // matched statements
		missing   []string
	}{
		{"cloudformation", "cloudformation:CreateStack", nil, nil, types.PolicyEvaluationDecisionTypeAllowed, 1, nil},
		{"create role", "iam:CreateRole", nil, nil, types.PolicyEvaluationDecisionTypeImplicitDeny, 0, nil},
		{"pass role to apprunner", "iam:PassRole", []string{"arn:aws:iam::000000000000:role/instance"}, passCtx, types.PolicyEvaluationDecisionTypeAllowed, 1, nil},
		{"pass role without context", "iam:PassRole", nil, nil, types.PolicyEvaluationDecisionTypeImplicitDeny, 0, []string{"iam:PassedToService"}},
		{"service-linked role", "iam:CreateServiceLinkedRole", []string{slr},
			[]types.ContextEntry{{ContextKeyName: aws.String("iam:AWSServiceName"), ContextKeyValues: []string{"apprunner.amazonaws.com"}, ContextKeyType: types.ContextKeyTypeEnumString}},
			types.PolicyEvaluationDecisionTypeAllowed, 1, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := must[*awsiam.SimulatePrincipalPolicyOutput](t)(f.client.SimulatePrincipalPolicy(bg, &awsiam.SimulatePrincipalPolicyInput{
				PolicySourceArn: aws.String(role), ActionNames: []string{tc.action}, ResourceArns: tc.resources, ContextEntries: tc.ctx}))
			if len(out.EvaluationResults) != 1 {
				t.Fatalf("%d results", len(out.EvaluationResults))
			}
			r := out.EvaluationResults[0]
			if r.EvalDecision != tc.decision || *r.EvalActionName != tc.action || len(r.MatchedStatements) != tc.sids {
				t.Fatalf("result = %s %s, %d matched", *r.EvalActionName, r.EvalDecision, len(r.MatchedStatements))
			}
			if strings.Join(r.MissingContextValues, ",") != strings.Join(tc.missing, ",") {
				t.Fatalf("missing = %v, want %v", r.MissingContextValues, tc.missing)
			}
			for _, m := range r.MatchedStatements {
				if *m.SourcePolicyId != "app_infra_manager_policy" || m.StartPosition == nil || m.StartPosition.Line < 1 || m.EndPosition.Line < m.StartPosition.Line {
					t.Fatalf("matched = %+v", m)
				}
			}
		})
	}
}

func TestSimulatePrincipalPolicyInputsAndPaging(t *testing.T) {
	f := newFixture(t)
	role := seedPlatform(t, f)
	deny := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"cloudformation:Delete*","Resource":"*"}]}`
	out := must[*awsiam.SimulatePrincipalPolicyOutput](t)(f.client.SimulatePrincipalPolicy(bg, &awsiam.SimulatePrincipalPolicyInput{
		PolicySourceArn: aws.String(role), PolicyInputList: []string{deny},
		ActionNames:  []string{"cloudformation:DeleteStack", "cloudformation:CreateStack", "apprunner:CreateService"},
		ResourceArns: []string{"arn:aws:cloudformation:us-east-1:000000000000:stack/a/1", "arn:aws:cloudformation:us-east-1:000000000000:stack/b/2"},
		MaxItems:     aws.Int32(4)}))
	if len(out.EvaluationResults) != 4 || !out.IsTruncated {
		t.Fatalf("first page: %d results, truncated %v", len(out.EvaluationResults), out.IsTruncated)
	}
	first := out.EvaluationResults[0]
	if first.EvalDecision != types.PolicyEvaluationDecisionTypeExplicitDeny || *first.MatchedStatements[0].SourcePolicyId != "PolicyInputList.1" ||
		*first.EvalResourceName != "arn:aws:cloudformation:us-east-1:000000000000:stack/a/1" {
		t.Fatalf("explicit deny result = %+v", first)
	}
	rest := must[*awsiam.SimulatePrincipalPolicyOutput](t)(f.client.SimulatePrincipalPolicy(bg, &awsiam.SimulatePrincipalPolicyInput{
		PolicySourceArn: aws.String(role), PolicyInputList: []string{deny},
		ActionNames:  []string{"cloudformation:DeleteStack", "cloudformation:CreateStack", "apprunner:CreateService"},
		ResourceArns: []string{"arn:aws:cloudformation:us-east-1:000000000000:stack/a/1", "arn:aws:cloudformation:us-east-1:000000000000:stack/b/2"},
		Marker:       out.Marker}))
	if len(rest.EvaluationResults) != 2 || rest.IsTruncated || *rest.EvaluationResults[1].EvalActionName != "apprunner:CreateService" {
		t.Fatalf("second page: %d results", len(rest.EvaluationResults))
	}

	_, err := f.client.SimulatePrincipalPolicy(bg, &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String("arn:aws:iam::000000000000:role/ghost"), ActionNames: []string{"s3:GetObject"}})
	wantCode(t, err, "NoSuchEntity")
	_, err = f.client.SimulatePrincipalPolicy(bg, &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(role), ActionNames: []string{"s3:GetObject"}, PolicyInputList: []string{"{"}})
	wantCode(t, err, "MalformedPolicyDocument")
}

func TestSimulateBoundaryAndResourcePolicy(t *testing.T) {
	f := newFixture(t)
	role := seedPlatform(t, f)
	boundary := createPolicy(t, f, "boundary", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudformation:Describe*","Resource":"*"}]}`)
	must[*awsiam.PutRolePermissionsBoundaryOutput](t)(f.client.PutRolePermissionsBoundary(bg, &awsiam.PutRolePermissionsBoundaryInput{RoleName: aws.String("github-access"), PermissionsBoundary: &boundary}))
	r := must[*awsiam.GetRoleOutput](t)(f.client.GetRole(bg, &awsiam.GetRoleInput{RoleName: aws.String("github-access")})).Role
	if r.PermissionsBoundary == nil || *r.PermissionsBoundary.PermissionsBoundaryArn != boundary {
		t.Fatalf("boundary = %+v", r.PermissionsBoundary)
	}
	out := must[*awsiam.SimulatePrincipalPolicyOutput](t)(f.client.SimulatePrincipalPolicy(bg, &awsiam.SimulatePrincipalPolicyInput{
		PolicySourceArn: aws.String(role), ActionNames: []string{"cloudformation:DescribeStacks", "cloudformation:CreateStack"}}))
	d, c := out.EvaluationResults[0], out.EvaluationResults[1]
	if d.EvalDecision != types.PolicyEvaluationDecisionTypeAllowed || !d.PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary {
		t.Fatalf("describe = %s %+v", d.EvalDecision, d.PermissionsBoundaryDecisionDetail)
	}
	if c.EvalDecision != types.PolicyEvaluationDecisionTypeImplicitDeny || c.PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary {
		t.Fatalf("create = %s", c.EvalDecision)
	}
	_, err := f.client.DeletePolicy(bg, &awsiam.DeletePolicyInput{PolicyArn: &boundary})
	wantCode(t, err, "DeleteConflict")
	must[*awsiam.DeleteRolePermissionsBoundaryOutput](t)(f.client.DeleteRolePermissionsBoundary(bg, &awsiam.DeleteRolePermissionsBoundaryInput{RoleName: aws.String("github-access")}))

	// SimulateCustomPolicy with a resource policy granting the caller.
	rp := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:role/caller"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`
	cu := must[*awsiam.SimulateCustomPolicyOutput](t)(f.client.SimulateCustomPolicy(bg, &awsiam.SimulateCustomPolicyInput{
		PolicyInputList: []string{allowS3}, ActionNames: []string{"s3:GetObject", "sqs:SendMessage"}, ResourceArns: []string{"arn:aws:s3:::b/k"},
		ResourcePolicy: aws.String(rp), CallerArn: aws.String("arn:aws:iam::000000000000:role/caller")}))
	if cu.EvaluationResults[0].EvalDecision != types.PolicyEvaluationDecisionTypeAllowed || len(cu.EvaluationResults[0].MatchedStatements) != 2 {
		t.Fatalf("custom s3 = %s %d", cu.EvaluationResults[0].EvalDecision, len(cu.EvaluationResults[0].MatchedStatements))
	}
	if cu.EvaluationResults[1].EvalDecision != types.PolicyEvaluationDecisionTypeImplicitDeny {
		t.Fatalf("custom sqs = %s", cu.EvaluationResults[1].EvalDecision)
	}
}
