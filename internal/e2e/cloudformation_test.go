package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/berth-dev/berth/internal/servertest"
)

// cfnAppTemplate has the seed's app template's shape (aws/app-template.yaml:
// parameters RepoUrl and GithubConnArn, outputs AppRunnerUrl and
// AppRunnerArn) with SSM parameters standing in for the App Runner
// service, whose provider comes with the services issue.
const cfnAppTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Description: 'App deployment template'
Parameters:
  RepoUrl:
    Description: Url of the repo.
    Type: String
  GithubConnArn:
    Description: "Arn of the connection with Github"
    Type: String
Resources:
  AppRunner:
    Type: AWS::SSM::Parameter
    Properties:
      Name: !Sub '/${AWS::StackName}/service'
      Type: String
      Value: !Ref RepoUrl
  Connection:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: !Ref GithubConnArn
Outputs:
  AppRunnerUrl:
    Description: URL of the deployed App Runner Service
    Value: !Sub "https://${AppRunner}"
  AppRunnerArn:
    Description: ARN of the deployed App Runner Service
    Value: !Sub "arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter${AppRunner}"
`

func writeTemp(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCloudFormationCLIDeploy runs the seed workflow's commands with the
// AWS CLI: deploy (create, update, no change), describe-stacks piped into
// jq, describe-stack-events, delete-stack and its waiter.
func TestCloudFormationCLIDeploy(t *testing.T) {
	b := servertest.Start(t)
	tf := writeTemp(t, "app-template.yaml", cfnAppTemplate)
	deploy := func(repo string) servertest.CLIResult {
		return b.AWS(nil, "cloudformation", "deploy", "--template-file", tf, "--stack-name", "my-app",
			"--parameter-overrides", "RepoUrl="+repo, "GithubConnArn=arn:aws:apprunner:us-east-1:000000000000:connection/github/1",
			"--no-fail-on-empty-changeset")
	}
	for i, repo := range []string{"https://github.com/acme/shop", "https://github.com/acme/shop2"} {
		if r := deploy(repo); r.Code != 0 || !strings.Contains(r.Stdout, "Successfully created/updated stack - my-app") {
			t.Fatalf("deploy %d: %d\n%s\n%s", i, r.Code, r.Stdout, r.Stderr)
		}
	}
	if r := deploy("https://github.com/acme/shop2"); r.Code != 0 || !strings.Contains(r.Stdout, "No changes to deploy. Stack my-app is up to date") {
		t.Fatalf("deploy without changes: %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	p, err := ssm.NewFromConfig(b.RootConfig()).GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/my-app/service")})
	if err != nil || *p.Parameter.Value != "https://github.com/acme/shop2" {
		t.Fatalf("parameter: %+v %v", p, err)
	}

	if _, err := exec.LookPath("jq"); err == nil {
		sh := exec.Command("bash", "-c", `set -e
set -o pipefail
arn=$(aws cloudformation describe-stacks --stack-name="${AWS_STACK_NAME}" | jq -r '.Stacks[0].Outputs[] | select(.OutputKey == "AppRunnerArn") | .OutputValue')
echo "${arn}"`)
		sh.Env = append(b.CLIEnv(), "AWS_STACK_NAME=my-app")
		out, err := sh.CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != "arn:aws:ssm:us-east-1:000000000000:parameter/my-app/service" {
			t.Fatalf("describe-stacks | jq: %v %q", err, out)
		}
	}

	r := b.AWS(nil, "cloudformation", "describe-stack-events", "--stack-name", "my-app")
	var events struct {
		StackEvents []struct{ LogicalResourceId, ResourceStatus string }
	}
	if err := json.Unmarshal([]byte(r.Stdout), &events); err != nil || len(events.StackEvents) == 0 {
		t.Fatalf("describe-stack-events: %v %s", err, r.Stderr)
	}
	if e := events.StackEvents[0]; e.LogicalResourceId != "my-app" || e.ResourceStatus != "UPDATE_COMPLETE" {
		t.Errorf("newest event = %+v", e)
	}

	if r := b.AWS(nil, "cloudformation", "delete-stack", "--stack-name", "my-app"); r.Code != 0 {
		t.Fatal(r.Stderr)
	}
	if r := b.AWS(nil, "cloudformation", "wait", "stack-delete-complete", "--stack-name", "my-app"); r.Code != 0 {
		t.Fatal(r.Stderr)
	}
	if _, err := ssm.NewFromConfig(b.RootConfig()).GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/my-app/service")}); err == nil {
		t.Error("the stack's parameter survives the stack")
	}
	wantCLIError(t, b.AWS(nil, "cloudformation", "describe-stacks", "--stack-name", "my-app"), "ValidationError")
}

func TestCloudFormationCLIValidateTemplate(t *testing.T) {
	b := servertest.Start(t)
	r := b.AWS(nil, "cloudformation", "validate-template", "--template-body", "file://"+writeTemp(t, "ok.yaml", cfnAppTemplate))
	if r.Code != 0 || !strings.Contains(r.Stdout, `"ParameterKey": "RepoUrl"`) {
		t.Fatalf("validate: %d %s %s", r.Code, r.Stdout, r.Stderr)
	}
	bad := strings.Replace(cfnAppTemplate, "!Ref RepoUrl", "!Ref RepoURL", 1)
	r = b.AWS(nil, "cloudformation", "validate-template", "--template-body", "file://"+writeTemp(t, "bad.yaml", bad))
	wantCLIError(t, r, "ValidationError")
	if !strings.Contains(r.Stderr, "Template format error: Unresolved resource dependencies [RepoURL] in the Resources block of the template") {
		t.Errorf("message: %s", r.Stderr)
	}
}

// TestCloudFormationSDKChangeSets drives a stack through change sets with
// aws-sdk-go-v2, as the seed's GitHub action does.
func TestCloudFormationSDKChangeSets(t *testing.T) {
	b := servertest.Start(t)
	c := cloudformation.NewFromConfig(b.RootConfig())
	params := func(repo string) []cfntypes.Parameter {
		return []cfntypes.Parameter{{ParameterKey: aws.String("RepoUrl"), ParameterValue: aws.String(repo)},
			{ParameterKey: aws.String("GithubConnArn"), ParameterValue: aws.String("arn:conn")}}
	}
	cs, err := c.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{StackName: aws.String("cs-app"), ChangeSetName: aws.String("create"),
		ChangeSetType: cfntypes.ChangeSetTypeCreate, TemplateBody: aws.String(cfnAppTemplate), Parameters: params("https://a")})
	if err != nil {
		t.Fatal(err)
	}
	if err := cloudformation.NewChangeSetCreateCompleteWaiter(c).Wait(ctx, &cloudformation.DescribeChangeSetInput{ChangeSetName: cs.Id}, time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ExecuteChangeSet(ctx, &cloudformation.ExecuteChangeSetInput{ChangeSetName: cs.Id}); err != nil {
		t.Fatal(err)
	}
	if err := cloudformation.NewStackCreateCompleteWaiter(c).Wait(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("cs-app")}, time.Minute); err != nil {
		t.Fatal(err)
	}
	up, err := c.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{StackName: aws.String("cs-app"), ChangeSetName: aws.String("update"),
		TemplateBody: aws.String(cfnAppTemplate), Parameters: params("https://b")})
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeChangeSet(ctx, &cloudformation.DescribeChangeSetInput{ChangeSetName: up.Id, IncludePropertyValues: aws.Bool(true)})
	if err != nil || len(d.Changes) != 1 {
		t.Fatalf("describe: %+v %v", d, err)
	}
	rc := d.Changes[0].ResourceChange
	det := rc.Details[0]
	if *rc.LogicalResourceId != "AppRunner" || rc.Replacement != cfntypes.ReplacementFalse || det.ChangeSource != cfntypes.ChangeSourceParameterReference ||
		aws.ToString(det.CausingEntity) != "RepoUrl" || aws.ToString(det.Target.BeforeValue) != "https://a" || aws.ToString(det.Target.AfterValue) != "https://b" {
		t.Errorf("change = %+v / %+v", rc, det)
	}
	if _, err := c.ExecuteChangeSet(ctx, &cloudformation.ExecuteChangeSetInput{ChangeSetName: up.Id}); err != nil {
		t.Fatal(err)
	}
	if err := cloudformation.NewStackUpdateCompleteWaiter(c).Wait(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("cs-app")}, time.Minute); err != nil {
		t.Fatal(err)
	}
	ev, err := c.DescribeEvents(ctx, &cloudformation.DescribeEventsInput{StackName: aws.String("cs-app"), ChangeSetName: aws.String("update")})
	if err != nil || len(ev.OperationEvents) == 0 || ev.OperationEvents[0].OperationStatus != cfntypes.BeaconStackOperationStatusSucceeded {
		t.Fatalf("describe events: %+v %v", ev, err)
	}
	_, err = c.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{StackName: aws.String("cs-app"), ChangeSetName: aws.String("same"),
		TemplateBody: aws.String(cfnAppTemplate), Parameters: params("https://b")})
	if err != nil {
		t.Fatal(err)
	}
	d, _ = c.DescribeChangeSet(ctx, &cloudformation.DescribeChangeSetInput{ChangeSetName: aws.String("same"), StackName: aws.String("cs-app")})
	if d.Status != cfntypes.ChangeSetStatusFailed || !strings.Contains(aws.ToString(d.StatusReason), "The submitted information didn't contain changes.") {
		t.Errorf("empty change set: %s %s", d.Status, aws.ToString(d.StatusReason))
	}
}

func TestCloudFormationCapabilities(t *testing.T) {
	b := servertest.Start(t)
	role := `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: deployer
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: apprunner.amazonaws.com}, Action: 'sts:AssumeRole'}]}
`
	r := b.AWS(nil, "cloudformation", "deploy", "--template-file", writeTemp(t, "role.yaml", role), "--stack-name", "iam")
	wantCLIError(t, r, "InsufficientCapabilitiesException")
	if !strings.Contains(r.Stderr, "Requires capabilities : [CAPABILITY_NAMED_IAM]") {
		t.Errorf("message: %s", r.Stderr)
	}
}

// TestCloudFormationActsAsCaller deploys as the seed's GitHub role, which
// may use CloudFormation but not SSM: the stack operation runs, and the
// parameter's creation is denied because resources are created with the
// caller's permissions, as on AWS.
func TestCloudFormationActsAsCaller(t *testing.T) {
	b := servertest.Start(t)
	applySeedPlatform(t, b)
	a, r := assumeCLI(t, b, mintToken(t, b, "--repo", seedRepo, "--ref", "refs/heads/main"))
	if r.Code != 0 {
		t.Fatal(r.Stderr)
	}
	cfg := b.SDKConfig(credentials.NewStaticCredentialsProvider(a.Credentials.AccessKeyId, a.Credentials.SecretAccessKey, a.Credentials.SessionToken))
	c := cloudformation.NewFromConfig(cfg)
	_, err := c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("denied"), TemplateBody: aws.String(cfnAppTemplate),
		Parameters: []cfntypes.Parameter{{ParameterKey: aws.String("RepoUrl"), ParameterValue: aws.String("x")},
			{ParameterKey: aws.String("GithubConnArn"), ParameterValue: aws.String("y")}}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("denied")})
	if err != nil || out.Stacks[0].StackStatus != cfntypes.StackStatusRollbackComplete {
		t.Fatalf("stack: %+v %v", out, err)
	}
	ev, _ := c.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String("denied")})
	denied := false
	for _, e := range ev.StackEvents {
		if e.ResourceStatus == cfntypes.ResourceStatusCreateFailed && strings.Contains(aws.ToString(e.ResourceStatusReason), "HandlerErrorCode: AccessDenied") &&
			strings.Contains(aws.ToString(e.ResourceStatusReason), "ssm:PutParameter") {
			denied = true
		}
	}
	if !denied {
		t.Errorf("no AccessDenied creation failure in events: %+v", ev.StackEvents)
	}
	// The trail shows the denied call as the role's, made through CloudFormation.
	found := false
	for _, e := range trailEvents(t, b, cttypes.LookupAttributeKeyEventName, "PutParameter") {
		body := aws.ToString(e.CloudTrailEvent)
		if strings.Contains(body, `"sourceIPAddress":"cloudformation.amazonaws.com"`) && strings.Contains(body, "assumed-role/github-access") &&
			strings.Contains(body, "AccessDenied") {
			found = true
		}
	}
	if !found {
		t.Error("the trail lacks the denied PutParameter made by CloudFormation as the role")
	}
}
