package cloudformation_test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// appTemplate mirrors the seed's aws/app-template.yaml with resources
// berth can create without App Runner: same parameters, same outputs.
const appTemplate = `AWSTemplateFormatVersion: '2010-09-09'
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
    Type: Test::Fail::Resource
    Properties:
      Name: !Sub '${AWS::StackName}-service'
      Value: !Ref RepoUrl
  Config:
    Type: AWS::SSM::Parameter
    Properties:
      Name: !Sub '/${AWS::StackName}/connection'
      Type: String
      Value: !Ref GithubConnArn

Outputs:
  AppRunnerUrl:
    Description: URL of the deployed App Runner Service
    Value: !Sub "https://${AppRunner}.example"
  AppRunnerArn:
    Description: ARN of the deployed App Runner Service
    Value: !GetAtt AppRunner.Arn
`

// TestCLIDeployWorkflow runs what the seed's workflow runs: deploy
// (create, update, no change), describe-stacks piped into jq, events,
// then deletes the stack and waits.
func TestCLIDeployWorkflow(t *testing.T) {
	e := newEnv(t, 0)
	tf := e.file("app-template.yaml", appTemplate)
	deploy := func(repo string) cliResult {
		return e.aws("cloudformation", "deploy", "--template-file", tf, "--stack-name", "my-app",
			"--parameter-overrides", "RepoUrl="+repo, "GithubConnArn=arn:aws:apprunner:us-east-1:000000000000:connection/gh/1",
			"--no-fail-on-empty-changeset")
	}
	r := deploy("https://github.com/acme/app")
	if r.code != 0 || !strings.Contains(r.stdout, "Successfully created/updated stack - my-app") {
		t.Fatalf("deploy (create): %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = deploy("https://github.com/acme/app2")
	if r.code != 0 || !strings.Contains(r.stdout, "Successfully created/updated stack - my-app") {
		t.Fatalf("deploy (update): %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = deploy("https://github.com/acme/app2")
	if r.code != 0 || !strings.Contains(r.stdout, "No changes to deploy. Stack my-app is up to date") {
		t.Fatalf("deploy (no change): %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	// Without --no-fail-on-empty-changeset the CLI fails on no change.
	r = e.aws("cloudformation", "deploy", "--template-file", tf, "--stack-name", "my-app", "--parameter-overrides", "RepoUrl=https://github.com/acme/app2")
	if r.code != 255 || !strings.Contains(r.stderr, "No changes to deploy") {
		t.Fatalf("deploy (no change, failing): %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}

	// The workflow's exact pipeline.
	if _, err := exec.LookPath("jq"); err != nil {
		t.Skip("jq is not installed")
	}
	sh := exec.Command("bash", "-c", `set -e
set -o pipefail
arn=$(aws cloudformation describe-stacks --stack-name="${AWS_STACK_NAME}" | jq -r '.Stacks[0].Outputs[] | select(.OutputKey == "AppRunnerArn") | .OutputValue')
echo "${arn}"`)
	sh.Env = append(e.cliEnv(), "AWS_STACK_NAME=my-app")
	out, err := sh.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "arn:aws:test:::resource/my-app-service" {
		t.Fatalf("describe-stacks | jq: %v %q", err, out)
	}

	r = e.aws("cloudformation", "describe-stack-events", "--stack-name", "my-app")
	var events struct {
		StackEvents []struct {
			LogicalResourceId, ResourceStatus, ResourceType string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &events); err != nil || r.code != 0 {
		t.Fatalf("describe-stack-events: %v %s %s", err, r.stdout, r.stderr)
	}
	first := events.StackEvents[0]
	last := events.StackEvents[len(events.StackEvents)-1]
	if first.ResourceStatus != "UPDATE_COMPLETE" || first.LogicalResourceId != "my-app" || last.ResourceStatus != "REVIEW_IN_PROGRESS" {
		t.Errorf("events not newest first: first %+v, last %+v", first, last)
	}

	r = e.aws("cloudformation", "delete-stack", "--stack-name", "my-app")
	if r.code != 0 {
		t.Fatalf("delete-stack: %s", r.stderr)
	}
	r = e.aws("cloudformation", "wait", "stack-delete-complete", "--stack-name", "my-app")
	if r.code != 0 {
		t.Fatalf("wait stack-delete-complete: %s", r.stderr)
	}
	r = e.aws("cloudformation", "describe-stacks", "--stack-name", "my-app")
	if r.code != 255 || !strings.Contains(r.stderr, "Stack with id my-app does not exist") {
		t.Fatalf("describe deleted stack: %d %s", r.code, r.stderr)
	}
	if live := e.test.Live(); len(live) != 0 {
		t.Errorf("left behind: %v", live)
	}
}

func TestCLIValidateTemplate(t *testing.T) {
	e := newEnv(t, 0)
	good := e.file("good.yaml", appTemplate)
	r := e.aws("cloudformation", "validate-template", "--template-body", "file://"+good)
	if r.code != 0 {
		t.Fatalf("validate good: %s", r.stderr)
	}
	var out struct {
		Parameters  []struct{ ParameterKey string }
		Description string
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || len(out.Parameters) != 2 || out.Description != "App deployment template" {
		t.Errorf("validate output: %v %s", err, r.stdout)
	}
	for _, tc := range []struct{ name, body, msg string }{
		{"unresolved", strings.Replace(appTemplate, "!Ref RepoUrl", "!Ref Nope", 1), "Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template"},
		{"syntax", "Resources: [", "Template format error"},
		{"type", strings.Replace(appTemplate, "Test::Fail::Resource", "AWS::Nope::Thing", 1), "Unrecognized resource types: [AWS::Nope::Thing]"},
	} {
		r := e.aws("cloudformation", "validate-template", "--template-body", "file://"+e.file(tc.name+".yaml", tc.body))
		if r.code != 255 || !strings.Contains(r.stderr, "(ValidationError)") || !strings.Contains(r.stderr, tc.msg) {
			t.Errorf("%s: %d %s", tc.name, r.code, r.stderr)
		}
	}
	r = e.aws("cloudformation", "validate-template", "--template-url", "https://example.com/t.yaml")
	if r.code != 255 || !strings.Contains(r.stderr, "TemplateURL is not supported by berth") {
		t.Errorf("template url: %d %s", r.code, r.stderr)
	}
}
