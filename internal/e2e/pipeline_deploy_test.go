package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/berth-dev/berth/internal/pipeline"
	"github.com/berth-dev/berth/internal/servertest"
)

const infraWorkflow = `name: infra
on:
  push:
    branches: [main]
    paths: ['aws/**']
permissions:
  id-token: write
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-region: us-east-1
          role-to-assume: ${{ secrets.AWS_ROLE_ARN }}
      - id: stack
        uses: aws-actions/aws-cloudformation-github-deploy@v1
        with:
          name: infra
          template: aws/infra.yaml
          no-fail-on-empty-changeset: "1"
          parameter-overrides: >-
            Prefix=shop,
            Owner=${{ github.repository_owner }}
      - run: |
          echo "group=${{ steps.stack.outputs.GroupName }}"
          echo "retention=$(aws logs describe-log-groups --log-group-name-prefix shop-app --query 'logGroups[0].retentionInDays' --output text)"
`

const infraTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Prefix:
    Type: String
  Owner:
    Type: String
  Retention:
    Type: Number
    Default: RETENTION
Resources:
  Group:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub '${Prefix}-app'
      RetentionInDays: !Ref Retention
Outputs:
  GroupName:
    Value: !Ref Group
  Owner:
    Value: !Ref Owner
`

// TestPipelineDeployActionOnBerth runs aws-cloudformation-github-deploy
// against berth's CloudFormation with the seed's role (plus logs rights):
// a new stack through a CREATE change set, an unchanged template as an
// accepted empty change set, a changed template as an executed UPDATE.
func TestPipelineDeployActionOnBerth(t *testing.T) {
	b := servertest.Start(t)
	if !cloudFormationAvailable(t, b) {
		t.Skip("CloudFormation is not registered on the server yet (DescribeStacks: InvalidAction)")
	}
	applySeedPlatform(t, b)
	policy := filepath.Join(t.TempDir(), "logs.json")
	os.WriteFile(policy, []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}`), 0o644)
	if r := b.AWS(nil, "iam", "put-role-policy", "--role-name", "github-access", "--policy-name", "logs", "--policy-document", "file://"+policy); r.Code != 0 {
		t.Fatalf("put-role-policy: %s", r.Stderr)
	}
	repo := newSeedAppRepo(t)
	os.WriteFile(filepath.Join(repo.dir, ".github", "workflows", "sync-main.yaml"), []byte(infraWorkflow), 0o644)
	base := repo.commit("infra workflow", nil)
	s := startPipelines(t, b, repo.dir)
	tmpl := func(days string) map[string]string {
		return map[string]string{"aws/infra.yaml": strings.Replace(infraTemplate, "RETENTION", days, 1)}
	}
	deploy := func(before, after string) (map[string]string, string) {
		t.Helper()
		d, logs := runAndWait(t, s, pipeline.Event{Before: before, After: after})
		if d.Conclusion != "success" {
			t.Fatalf("run %s\n%s", d.Conclusion, logs)
		}
		for _, st := range d.Steps {
			if st.Index == 3 {
				return st.Outputs, logs
			}
		}
		t.Fatal("no deploy step")
		return nil, ""
	}

	c1 := repo.commit("create", tmpl("7"))
	out, logs := deploy(base, c1)
	if !strings.Contains(out["stack-id"], ":stack/infra/") || out["GroupName"] != "shop-app" || out["Owner"] != "acme" ||
		!strings.Contains(logs, "(CREATE)") || !strings.Contains(logs, "group=shop-app") || !strings.Contains(logs, "retention=7") {
		t.Fatalf("create: %v\n%s", out, logs)
	}

	c2 := repo.commit("same template", map[string]string{"aws/README.md": "docs\n"})
	out, logs = deploy(c1, c2)
	if !strings.Contains(logs, "No changes to deploy") || out["GroupName"] != "shop-app" {
		t.Fatalf("empty change set: %v\n%s", out, logs)
	}

	c3 := repo.commit("longer retention", tmpl("14"))
	out, logs = deploy(c2, c3)
	if !strings.Contains(logs, "(UPDATE)") || !strings.Contains(logs, "retention=14") {
		t.Fatalf("update: %v\n%s", out, logs)
	}
	st, err := cloudformation.NewFromConfig(b.RootConfig()).DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("infra")})
	if err != nil || st.Stacks[0].StackStatus != "UPDATE_COMPLETE" {
		t.Fatalf("stack: %v %+v", err, st)
	}
	names := map[string]int{}
	for _, e := range trailEvents(t, b, cttypes.LookupAttributeKeyUsername, "GitHubActions") {
		names[aws.ToString(e.EventName)]++
	}
	if names["CreateChangeSet"] != 3 || names["ExecuteChangeSet"] != 2 || names["DeleteChangeSet"] != 1 || names["CreateStack"] != 0 {
		t.Fatalf("calls by the role: %v", names)
	}
}
