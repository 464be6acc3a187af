package cloudformation_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cfn "github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

const platformTemplate = `Parameters:
  Issuer:
    Type: String
    Default: https://token.actions.githubusercontent.com
Resources:
  GithubOIDC:
    Type: AWS::IAM::OIDCProvider
    Properties:
      Url: !Ref Issuer
      ClientIdList: [sts.amazonaws.com]
      ThumbprintList: [6938fd4d98bab03faadb97b34396831e3780aea1]
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub '${AWS::StackName}-deploy'
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Federated: !Ref GithubOIDC}
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringLike: {'token.actions.githubusercontent.com:sub': 'repo:acme/app:*'}
      Policies:
        - PolicyName: read-stacks
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - {Effect: Allow, Action: 'cloudformation:Describe*', Resource: '*'}
      Tags:
        - {Key: team, Value: platform}
  Deploy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref DeployRole]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - {Effect: Allow, Action: 'cloudformation:*', Resource: '*'}
  Inline:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: ssm-read
      Roles: [!Ref DeployRole]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - {Effect: Allow, Action: 'ssm:GetParameter', Resource: '*'}
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub '/berth/${AWS::StackName}'
      RetentionInDays: 14
  Setting:
    Type: AWS::SSM::Parameter
    Properties:
      Name: !Sub '/${AWS::StackName}/role-arn'
      Type: String
      Value: !GetAtt DeployRole.Arn
Outputs:
  RoleArn:
    Value: !GetAtt DeployRole.Arn
  PolicyArn:
    Value: !Ref Deploy
  LogGroupArn:
    Value: !GetAtt Logs.Arn
`

// TestProvidersCreateRealResources deploys a stack of every built-in
// type and checks each resource through its own service's API, then
// updates and deletes it.
func TestProvidersCreateRealResources(t *testing.T) {
	e := newEnv(t, 0)
	c := e.cfn()
	cfg := e.config()
	caps := []types.Capability{types.CapabilityCapabilityNamedIam}
	_, err := c.CreateStack(ctx, &cfn.CreateStackInput{StackName: aws.String("platform"), TemplateBody: aws.String(platformTemplate), Capabilities: caps})
	if err != nil {
		t.Fatal(err)
	}
	st := describe(t, c, "platform")
	if st.StackStatus != types.StackStatusCreateComplete {
		t.Fatalf("status %s: %s\n%s", st.StackStatus, aws.ToString(st.StackStatusReason), failures(t, c, "platform"))
	}
	outs := map[string]string{}
	for _, o := range st.Outputs {
		outs[*o.OutputKey] = *o.OutputValue
	}

	ic := iam.NewFromConfig(cfg)
	role, err := ic.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("platform-deploy")})
	if err != nil || *role.Role.Arn != outs["RoleArn"] || !strings.Contains(aws.ToString(role.Role.AssumeRolePolicyDocument), "oidc-provider") {
		t.Fatalf("role: %+v %v", role, err)
	}
	inline, err := ic.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: aws.String("platform-deploy")})
	if err != nil || strings.Join(inline.PolicyNames, ",") != "read-stacks,ssm-read" {
		t.Errorf("inline policies: %+v %v", inline, err)
	}
	attached, err := ic.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("platform-deploy")})
	if err != nil || len(attached.AttachedPolicies) != 1 || *attached.AttachedPolicies[0].PolicyArn != outs["PolicyArn"] {
		t.Errorf("attached policies: %+v %v", attached, err)
	}
	oidc, err := ic.ListOpenIDConnectProviders(ctx, &iam.ListOpenIDConnectProvidersInput{})
	if err != nil || len(oidc.OpenIDConnectProviderList) != 1 {
		t.Errorf("oidc providers: %+v %v", oidc, err)
	}
	lc := cloudwatchlogs.NewFromConfig(cfg)
	groups, err := lc.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/berth/platform")})
	if err != nil || len(groups.LogGroups) != 1 || aws.ToInt32(groups.LogGroups[0].RetentionInDays) != 14 {
		t.Errorf("log group: %+v %v", groups, err)
	}
	if outs["LogGroupArn"] != "arn:aws:logs:us-east-1:000000000000:log-group:/berth/platform:*" {
		t.Errorf("log group arn = %s", outs["LogGroupArn"])
	}
	sc := ssm.NewFromConfig(cfg)
	p, err := sc.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/platform/role-arn")})
	if err != nil || *p.Parameter.Value != outs["RoleArn"] {
		t.Errorf("parameter: %+v %v", p, err)
	}

	// Update in place: retention, the managed policy document, a tag.
	up := strings.NewReplacer("RetentionInDays: 14", "RetentionInDays: 30", "'cloudformation:*'", "'cloudformation:Describe*'",
		"Value: platform}", "Value: governance}", "PolicyName: ssm-read", "PolicyName: ssm-read-2",
		"ClientIdList: [sts.amazonaws.com]", "ClientIdList: [sts.amazonaws.com, berth]").Replace(platformTemplate)
	if _, err := c.UpdateStack(ctx, &cfn.UpdateStackInput{StackName: aws.String("platform"), TemplateBody: aws.String(up), Capabilities: caps}); err != nil {
		t.Fatal(err)
	}
	if st := describe(t, c, "platform"); st.StackStatus != types.StackStatusUpdateComplete {
		t.Fatalf("update: %s %s\n%s", st.StackStatus, aws.ToString(st.StackStatusReason), failures(t, c, "platform"))
	}
	groups, _ = lc.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/berth/platform")})
	if aws.ToInt32(groups.LogGroups[0].RetentionInDays) != 30 {
		t.Errorf("retention not updated")
	}
	versions, err := ic.ListPolicyVersions(ctx, &iam.ListPolicyVersionsInput{PolicyArn: aws.String(outs["PolicyArn"])})
	if err != nil || len(versions.Versions) != 2 {
		t.Errorf("policy versions: %+v %v", versions, err)
	}
	inline, _ = ic.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: aws.String("platform-deploy")})
	if strings.Join(inline.PolicyNames, ",") != "read-stacks,ssm-read-2" {
		t.Errorf("inline policies after rename: %v", inline.PolicyNames)
	}
	op, err := ic.GetOpenIDConnectProvider(ctx, &iam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: oidc.OpenIDConnectProviderList[0].Arn})
	if err != nil || len(op.ClientIDList) != 2 {
		t.Errorf("OIDC client ids: %+v %v", op, err)
	}
	tags, _ := ic.ListRoleTags(ctx, &iam.ListRoleTagsInput{RoleName: aws.String("platform-deploy")})
	if len(tags.Tags) != 1 || *tags.Tags[0].Value != "governance" {
		t.Errorf("role tags: %+v", tags.Tags)
	}

	if _, err := c.DeleteStack(ctx, &cfn.DeleteStackInput{StackName: aws.String("platform")}); err != nil {
		t.Fatal(err)
	}
	if err := cfn.NewStackDeleteCompleteWaiter(c).Wait(ctx, &cfn.DescribeStacksInput{StackName: aws.String("platform")}, time.Minute); err != nil {
		t.Fatalf("delete: %v\n%s", err, failures(t, c, "platform"))
	}
	if _, err := ic.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("platform-deploy")}); err == nil {
		t.Error("role survives the stack")
	}
	if _, err := ic.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(outs["PolicyArn"])}); err == nil {
		t.Error("managed policy survives the stack")
	}
	if oidc, _ := ic.ListOpenIDConnectProviders(ctx, &iam.ListOpenIDConnectProvidersInput{}); len(oidc.OpenIDConnectProviderList) != 0 {
		t.Error("OIDC provider survives the stack")
	}
	if g, _ := lc.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/berth/platform")}); len(g.LogGroups) != 0 {
		t.Error("log group survives the stack")
	}
	if _, err := sc.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/platform/role-arn")}); err == nil {
		t.Error("parameter survives the stack")
	}
}

func describe(t *testing.T, c *cfn.Client, name string) types.Stack {
	t.Helper()
	out, err := c.DescribeStacks(ctx, &cfn.DescribeStacksInput{StackName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	return out.Stacks[0]
}

// failures lists the failed events of a stack, for test messages.
func failures(t *testing.T, c *cfn.Client, name string) string {
	out, err := c.DescribeStackEvents(ctx, &cfn.DescribeStackEventsInput{StackName: aws.String(name)})
	if err != nil {
		return err.Error()
	}
	var b strings.Builder
	for _, e := range out.StackEvents {
		if strings.HasSuffix(string(e.ResourceStatus), "FAILED") {
			b.WriteString(*e.LogicalResourceId + " " + string(e.ResourceStatus) + " " + aws.ToString(e.ResourceStatusReason) + "\n")
		}
	}
	return b.String()
}
