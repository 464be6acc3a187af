package e2e

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"github.com/berth-dev/berth/internal/servertest"
)

// BenchmarkCloudFormationNoOpDeploy is a deploy without changes, end to
// end through the SDK, as aws-actions/aws-cloudformation-github-deploy
// does it: DescribeStacks, CreateChangeSet, DescribeChangeSet (FAILED:
// no changes), DeleteChangeSet. Target: well under a second.
func BenchmarkCloudFormationNoOpDeploy(b *testing.B) {
	s := servertest.Start(b)
	c := cloudformation.NewFromConfig(s.RootConfig())
	params := []cfntypes.Parameter{{ParameterKey: aws.String("RepoUrl"), ParameterValue: aws.String("https://github.com/acme/shop")},
		{ParameterKey: aws.String("GithubConnArn"), ParameterValue: aws.String("arn:conn")}}
	if _, err := c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("bench"), TemplateBody: aws.String(cfnAppTemplate), Parameters: params}); err != nil {
		b.Fatal(err)
	}
	name := aws.String("bench-CS")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("bench")}); err != nil {
			b.Fatal(err)
		}
		if _, err := c.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{StackName: aws.String("bench"), ChangeSetName: name,
			TemplateBody: aws.String(cfnAppTemplate), Parameters: params}); err != nil {
			b.Fatal(err)
		}
		d, err := c.DescribeChangeSet(ctx, &cloudformation.DescribeChangeSetInput{StackName: aws.String("bench"), ChangeSetName: name})
		if err != nil || d.Status != cfntypes.ChangeSetStatusFailed {
			b.Fatalf("change set: %v %v", d.Status, err)
		}
		if _, err := c.DeleteChangeSet(ctx, &cloudformation.DeleteChangeSetInput{StackName: aws.String("bench"), ChangeSetName: name}); err != nil {
			b.Fatal(err)
		}
	}
}
