package e2e

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/berth-dev/berth/internal/servertest"
)

const cfnResourcesTemplate = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub '${AWS::StackName}-runtime'
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - {Effect: Allow, Principal: {Service: tasks.apprunner.amazonaws.com}, Action: 'sts:AssumeRole'}
      Policies:
        - PolicyName: read-config
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - {Effect: Allow, Action: 'ssm:GetParameter', Resource: '*'}
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 7
  Setting:
    Type: AWS::SSM::Parameter
    Properties:
      Name: !Sub '/${AWS::StackName}/log-group'
      Type: String
      Value: !Ref Logs
Outputs:
  RoleArn:
    Value: !GetAtt Role.Arn
`

// TestCloudFormationCreatesRealResources creates an SSM parameter, a log
// group and an IAM role through a stack and finds them with their own
// services' APIs.
func TestCloudFormationCreatesRealResources(t *testing.T) {
	b := servertest.Start(t)
	cfg := b.RootConfig()
	c := cloudformation.NewFromConfig(cfg)
	_, err := c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("res"), TemplateBody: aws.String(cfnResourcesTemplate),
		Capabilities: []cfntypes.Capability{cfntypes.CapabilityCapabilityNamedIam}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("res")})
	if err != nil {
		t.Fatal(err)
	}
	if st := out.Stacks[0]; st.StackStatus != cfntypes.StackStatusCreateComplete {
		ev, _ := c.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String("res")})
		var reasons []string
		for _, e := range ev.StackEvents {
			if e.ResourceStatus == cfntypes.ResourceStatusCreateFailed {
				reasons = append(reasons, aws.ToString(e.LogicalResourceId)+": "+aws.ToString(e.ResourceStatusReason))
			}
		}
		t.Fatalf("stack %s: %v", st.StackStatus, reasons)
	}
	role, err := iam.NewFromConfig(cfg).GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("res-runtime")})
	if err != nil || *role.Role.Arn != *out.Stacks[0].Outputs[0].OutputValue {
		t.Errorf("role: %+v %v", role, err)
	}
	p, err := ssm.NewFromConfig(cfg).GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/res/log-group")})
	if err != nil || !strings.HasPrefix(*p.Parameter.Value, "res-Logs-") {
		t.Fatalf("parameter: %+v %v", p, err)
	}
	g, err := cloudwatchlogs.NewFromConfig(cfg).DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: p.Parameter.Value})
	if err != nil || len(g.LogGroups) != 1 || aws.ToInt32(g.LogGroups[0].RetentionInDays) != 7 {
		t.Errorf("log group: %+v %v", g, err)
	}
}
