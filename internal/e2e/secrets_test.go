package e2e

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ar "github.com/aws/aws-sdk-go-v2/service/apprunner"
	artypes "github.com/aws/aws-sdk-go-v2/service/apprunner/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/berth-dev/berth/internal/apprunner/apprunnertest"
)

// secretsTemplate is an app whose GREETING comes from a Secrets Manager
// secret the same stack creates, through App Runner's
// ARN:json-key:version-stage:version-id reference form.
const secretsTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  RepoUrl: {Type: String}
  ConnArn: {Type: String}
Resources:
  Greeting:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: shop/greeting
      SecretString: '{"greeting":"hello from secrets manager","other":"x"}'
  App:
    Type: AWS::AppRunner::Service
    Properties:
      ServiceName: shop-secrets
      SourceConfiguration:
        AuthenticationConfiguration: {ConnectionArn: !Ref ConnArn}
        AutoDeploymentsEnabled: false
        CodeRepository:
          RepositoryUrl: !Ref RepoUrl
          SourceCodeVersion: {Type: BRANCH, Value: main}
          CodeConfiguration:
            ConfigurationSource: API
            CodeConfigurationValues:
              Runtime: GO_1
              BuildCommand: go build -o app .
              StartCommand: ./app
              Port: '8080'
              RuntimeEnvironmentSecrets:
                - Name: GREETING
                  Value: !Sub '${Greeting}:greeting::'
Outputs:
  Url: {Value: !GetAtt App.ServiceUrl}
  SecretArn: {Value: !Ref Greeting}
`

// TestSecretsManagerToAppRunner: a stack creates a secret and a service
// reading one key of it; the app sees the value, the SDK reads the secret
// back, and the audit trail never shows it.
func TestSecretsManagerToAppRunner(t *testing.T) {
	b := startAppRunner(t)
	cfg := b.RootConfig()
	conn, err := ar.NewFromConfig(cfg).CreateConnection(ctx, &ar.CreateConnectionInput{ConnectionName: aws.String("github"), ProviderType: artypes.ProviderTypeGithub})
	if err != nil {
		t.Fatal(err)
	}
	repo := apprunnertest.NewRepo(t, apprunnertest.GoApp("v1"))
	cf := cloudformation.NewFromConfig(cfg)
	if _, err := cf.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("shop"), TemplateBody: aws.String(secretsTemplate),
		Parameters: []cftypes.Parameter{{ParameterKey: aws.String("RepoUrl"), ParameterValue: aws.String(repo.Dir)},
			{ParameterKey: aws.String("ConnArn"), ParameterValue: conn.Connection.ConnectionArn}}}); err != nil {
		t.Fatal(err)
	}
	w := cloudformation.NewStackCreateCompleteWaiter(cf, func(o *cloudformation.StackCreateCompleteWaiterOptions) { o.MinDelay = 100e6; o.MaxDelay = 500e6 })
	if err := w.Wait(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("shop")}, 4*60e9); err != nil {
		ev, _ := cf.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String("shop")})
		for _, e := range ev.StackEvents {
			t.Logf("%s %s %s", aws.ToString(e.LogicalResourceId), e.ResourceStatus, aws.ToString(e.ResourceStatusReason))
		}
		t.Fatalf("stack: %v", err)
	}
	st, err := cf.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("shop")})
	if err != nil {
		t.Fatal(err)
	}
	outs := map[string]string{}
	for _, o := range st.Stacks[0].Outputs {
		outs[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	if !strings.HasPrefix(outs["SecretArn"], "arn:aws:secretsmanager:us-east-1:000000000000:secret:shop/greeting-") {
		t.Fatalf("secret ARN %q", outs["SecretArn"])
	}
	code, body := fetch(web(t, b), "https://"+outs["Url"]+"/")
	if code != 200 || !strings.Contains(body, "greeting=hello from secrets manager") {
		t.Fatalf("GET / = %d %q", code, body)
	}

	sm := secretsmanager.NewFromConfig(cfg)
	v, err := sm.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("shop/greeting")})
	if err != nil || !strings.Contains(aws.ToString(v.SecretString), "hello from secrets manager") || aws.ToString(v.ARN) != outs["SecretArn"] {
		t.Fatalf("GetSecretValue = %+v, %v", v, err)
	}
	trail, err := cloudtrail.NewFromConfig(cfg).LookupEvents(ctx, &cloudtrail.LookupEventsInput{LookupAttributes: []cttypes.LookupAttribute{
		{AttributeKey: cttypes.LookupAttributeKeyEventSource, AttributeValue: aws.String("secretsmanager.amazonaws.com")}}})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, e := range trail.Events {
		names[aws.ToString(e.EventName)] = true
		if strings.Contains(aws.ToString(e.CloudTrailEvent), "hello from secrets manager") {
			t.Fatalf("the trail shows the secret: %s", aws.ToString(e.CloudTrailEvent))
		}
	}
	if !names["CreateSecret"] || !names["GetSecretValue"] {
		t.Fatalf("secretsmanager events: %v", names)
	}
}
