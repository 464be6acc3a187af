package e2e

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/apprunner/apprunnertest"
)

// TestAppRunnerExample is the user story with the AWS CLI: the
// example app deployed from a git repository with its CloudFormation
// template, its pages checked over HTTPS with the server's CA, a commit
// redeployed with start-deployment, its logs read with `aws logs tail`,
// and the stack deleted.
func TestAppRunnerExample(t *testing.T) {
	b := startAppRunner(t)
	repo := apprunnertest.NewRepo(t, exampleFiles(t))
	// The platform side first, as the platform team would.
	r := b.AWS(nil, "cloudformation", "deploy", "--template-file", filepath.Join(repo.Dir, "platform", "platform.yaml"),
		"--stack-name", "platform", "--parameter-overrides", "Repository=acme/shop", "--capabilities", "CAPABILITY_NAMED_IAM")
	if r.Code != 0 {
		t.Fatalf("platform deploy: %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	var platform struct {
		Stacks []struct {
			Outputs []struct{ OutputKey, OutputValue string }
		}
	}
	cliJSON(t, b, &platform, "cloudformation", "describe-stacks", "--stack-name", "platform")
	var role struct {
		Role struct{ AssumeRolePolicyDocument any }
	}
	cliJSON(t, b, &role, "iam", "get-role", "--role-name", "github-access")
	if doc, _ := json.Marshal(role.Role.AssumeRolePolicyDocument); !strings.Contains(string(doc), "repo:acme/shop:ref:refs/heads/main") {
		t.Fatalf("trust policy: %s", doc)
	}
	found := false
	for _, o := range platform.Stacks[0].Outputs {
		found = found || (o.OutputKey == "GithubRoleArn" && o.OutputValue == "arn:aws:iam::000000000000:role/github-access")
	}
	if !found {
		t.Fatalf("platform outputs: %+v", platform.Stacks[0].Outputs)
	}

	conn := createConnection(t, b)
	tpl := filepath.Join(repo.Dir, "aws", "app-template.yaml")
	start := time.Now()
	r = b.AWS(nil, "cloudformation", "deploy", "--template-file", tpl, "--stack-name", "my-app",
		"--parameter-overrides", "RepoUrl="+repo.Dir, "GithubConnArn="+conn, "--no-fail-on-empty-changeset")
	if r.Code != 0 || !strings.Contains(r.Stdout, "Successfully created/updated stack - my-app") {
		t.Fatalf("deploy: %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	t.Logf("first deploy of the example: %s", time.Since(start))
	var stacks struct {
		Stacks []struct {
			Outputs []struct{ OutputKey, OutputValue string }
		}
	}
	cliJSON(t, b, &stacks, "cloudformation", "describe-stacks", "--stack-name", "my-app")
	outputs := map[string]string{}
	for _, o := range stacks.Stacks[0].Outputs {
		outputs[o.OutputKey] = o.OutputValue
	}
	url, arn := outputs["AppRunnerUrl"], outputs["AppRunnerArn"]
	if !strings.HasPrefix(url, "https://") || !strings.Contains(url, ".us-east-1.apprunner.localhost:") {
		t.Fatalf("AppRunnerUrl = %q", url)
	}
	c := web(t, b)
	for path, want := range map[string]string{
		"/":                  "<h1>HOME PAGE</h1>",
		"/item/42":           "<h1>Item ID: 42</h1>",
		"/static/styles.css": "color: green;",
	} {
		if code, body := fetch(c, url+path); code != 200 || !strings.Contains(body, want) {
			t.Fatalf("GET %s = %d %q", path, code, body)
		}
	}

	// A commit, then `aws apprunner start-deployment`, as the workflow does.
	index := strings.Replace(apprunnertest.ReadTree(t, filepath.Join(repo.Dir, "app", "templates"))["index.html"], "HOME PAGE", "HOME PAGE, v2", 1)
	repo.Commit(map[string]string{"app/templates/index.html": index}, "v2")
	var dep struct{ OperationId string }
	cliJSON(t, b, &dep, "apprunner", "start-deployment", "--service-arn", arn)
	svc := settled(t, b, arn)
	if op := lastOperation(t, b, arn); op != "START_DEPLOYMENT SUCCEEDED" {
		t.Fatalf("deployment %s: %s", dep.OperationId, op)
	}
	if _, body := fetch(c, url+"/"); !strings.Contains(body, "HOME PAGE, v2") {
		t.Fatalf("after start-deployment: %q", body)
	}

	// `aws logs tail` of the application log shows the app's output.
	group := "/aws/apprunner/my-app-service/" + *svc.ServiceId + "/application"
	apprunnertest.Eventually(t, 10*time.Second, "application log", func() bool {
		out := logsTail(t, b, group)
		return strings.Contains(out, "GET /item/42") && strings.Contains(out, "listening on port")
	})
	if out := logsTail(t, b, "/aws/apprunner/my-app-service/"+*svc.ServiceId+"/service"); !strings.Contains(out, "go build -o bin/server ./app") ||
		!strings.Contains(out, "Service creation successfully completed") {
		t.Fatalf("service log:\n%s", out)
	}
	var groups struct {
		LogGroups []struct {
			LogGroupName    string
			RetentionInDays int
		}
	}
	cliJSON(t, b, &groups, "logs", "describe-log-groups", "--log-group-name-prefix", "/aws/apprunner/my-app-service/")
	for _, g := range groups.LogGroups {
		if g.RetentionInDays != 30 {
			t.Errorf("log group %s retention %d, want berth's default 30", g.LogGroupName, g.RetentionInDays)
		}
	}

	if r := b.AWS(nil, "cloudformation", "delete-stack", "--stack-name", "my-app"); r.Code != 0 {
		t.Fatal(r.Stderr)
	}
	if r := b.AWS(nil, "cloudformation", "wait", "stack-delete-complete", "--stack-name", "my-app"); r.Code != 0 {
		t.Fatal(r.Stderr)
	}
	var desc struct{ Service struct{ Status string } }
	cliJSON(t, b, &desc, "apprunner", "describe-service", "--service-arn", arn)
	if desc.Service.Status != "DELETED" {
		t.Fatalf("after delete-stack: %s", desc.Service.Status)
	}
	if code, _ := fetch(c, url+"/"); code != 404 {
		t.Fatalf("deleted service answered %d", code)
	}
}
