package e2e

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apprunner"
	artypes "github.com/aws/aws-sdk-go-v2/service/apprunner/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/smithy-go"

	"github.com/berth-dev/berth/examples"
	"github.com/berth-dev/berth/internal/pipeline"
	"github.com/berth-dev/berth/internal/pipeline/records"
	"github.com/berth-dev/berth/internal/servertest"
)

// TestPipelineSeedGuards runs the seed's workflow, unchanged, on berth:
// a commit touching neither app/ nor aws/ assumes no role and calls no
// API; a commit with trailing whitespace fails at pre-commit before any
// AWS call; a run from a branch other than main is refused by the trust
// policy when it assumes the role.
func TestPipelineSeedGuards(t *testing.T) {
	b := servertest.Start(t)
	applySeedPlatform(t, b)
	repo := newSeedAppRepo(t)
	base := repo.head()
	s := startPipelines(t, b, repo.dir)

	// 1. Nothing deployable changed.
	c1 := repo.commit("docs only", map[string]string{"README.md": "# shop\n"})
	d, logs := runAndWait(t, s, pipeline.Event{Before: base, After: c1})
	steps := stepConclusions(d)
	if d.Conclusion != "success" {
		t.Fatalf("docs commit: %s %s\n%s", d.Conclusion, d.Message, logs)
	}
	for name, want := range map[string]string{
		"Run actions/checkout@v3":                       "success/success",
		"Run pre-commit":                                "success/success",
		"Check if the app should be updated":            "success/success",
		"Check if AWS Cloudformation should be updated": "success/success",
		"Configure AWS credentials":                     "skipped/skipped",
		"Deploy to AWS CloudFormation":                  "skipped/skipped",
		"Install AWS cli":                               "skipped/skipped",
		"Trigger App Runner deployment":                 "skipped/skipped",
	} {
		if steps[name] != want {
			t.Errorf("step %q = %q, want %q\n%v", name, steps[name], want, steps)
		}
	}
	for _, want := range []string{"Trim Trailing Whitespace", "Passed", "Filter src = false"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
	if ev := trailEvents(t, b, cttypes.LookupAttributeKeyEventName, "AssumeRoleWithWebIdentity"); len(ev) != 0 {
		t.Fatalf("a docs commit assumed the role: %d events", len(ev))
	}
	if ev := trailEvents(t, b, cttypes.LookupAttributeKeyUsername, "GitHubActions"); len(ev) != 0 {
		t.Fatalf("a docs commit called the API: %s", aws.ToString(ev[0].EventName))
	}

	// 2. Trailing whitespace fails at pre-commit, before any AWS call.
	c2 := repo.commit("sloppy", map[string]string{"app/static/styles.css": "body { margin: 0; }   \n"})
	d, logs = runAndWait(t, s, pipeline.Event{Before: c1, After: c2})
	steps = stepConclusions(d)
	if d.Conclusion != "failure" || steps["Run pre-commit"] != "failure/failure" || steps["Configure AWS credentials"] != "skipped/skipped" ||
		steps["Check if the app should be updated"] != "skipped/skipped" {
		t.Fatalf("whitespace commit: %s %v\n%s", d.Conclusion, steps, logs)
	}
	if !strings.Contains(logs, "Trim Trailing Whitespace") || !strings.Contains(logs, "Failed") || !strings.Contains(logs, "app/static/styles.css") {
		t.Fatalf("pre-commit report missing:\n%s", logs)
	}
	if ev := trailEvents(t, b, cttypes.LookupAttributeKeyEventName, "AssumeRoleWithWebIdentity"); len(ev) != 0 {
		t.Fatalf("a failing pre-commit still assumed the role")
	}

	// 3. Another branch: the trust policy only lets main of acme/shop in.
	repo.git("checkout", "-q", "-b", "feature", c1)
	repo.commit("feature work", map[string]string{"app/templates/index.html": "<h1>feature</h1>\n"})
	d, logs = runAndWait(t, s, pipeline.Event{Name: "workflow_dispatch", Ref: "refs/heads/feature"})
	steps = stepConclusions(d)
	if d.Conclusion != "failure" || steps["Run pre-commit"] != "success/success" || steps["Configure AWS credentials"] != "failure/failure" ||
		steps["Deploy to AWS CloudFormation"] != "skipped/skipped" {
		t.Fatalf("feature run: %s %v\n%s", d.Conclusion, steps, logs)
	}
	if !strings.Contains(logs, "AccessDenied") || !strings.Contains(logs, "Not authorized to perform sts:AssumeRoleWithWebIdentity") {
		t.Fatalf("no AccessDenied in logs:\n%s", logs)
	}
	ev := trailEvents(t, b, cttypes.LookupAttributeKeyEventName, "AssumeRoleWithWebIdentity")
	if len(ev) != 1 || !strings.Contains(aws.ToString(ev[0].CloudTrailEvent), `"errorCode":"AccessDenied"`) {
		t.Fatalf("trail: %d events %s", len(ev), aws.ToString(ev[0].CloudTrailEvent))
	}
	// Nothing a token or a secret could leak through reached the log.
	if strings.Contains(logs, "eyJ") {
		t.Fatal("a JWT reached the run log")
	}
}

// cloudFormationAvailable reports whether the server serves CloudFormation.
func cloudFormationAvailable(t *testing.T, b *servertest.Berth) bool {
	_, err := cloudformation.NewFromConfig(b.RootConfig()).DescribeStacks(ctx, &cloudformation.DescribeStacksInput{})
	var ae smithy.APIError
	if errors.As(err, &ae) && (ae.ErrorCode() == "InvalidAction" || strings.Contains(ae.ErrorCode(), "UnknownOperation")) {
		return false
	}
	return true
}

// TestPipelineSeedDeploysStack runs the seed workflow on a commit touching
// aws/: the role is assumed with the run's OIDC token and the stack is
// created through a change set; a second run with an unchanged template
// is an empty change set, which the seed accepts.
func TestPipelineSeedDeploysStack(t *testing.T) {
	b := servertest.Start(t)
	if !cloudFormationAvailable(t, b) {
		t.Skip("CloudFormation is not registered on the server yet (DescribeStacks: InvalidAction); the deploy scenario runs once it is")
	}
	applySeedPlatform(t, b)
	repo, s := seedGoPipeline(t, b)
	base := repo.head()
	c1 := repo.commit("describe the stack", map[string]string{"aws/README.md": "The app's stack.\n"})
	d, logs := runAndWait(t, s, pipeline.Event{Before: base, After: c1})
	steps := stepConclusions(d)
	if strings.Contains(logs, "Unrecognized resource types: [AWS::AppRunner::Service]") {
		t.Skip("CloudFormation has no AWS::AppRunner::Service provider yet; the seed deploy runs once App Runner is registered (TestPipelineDeployActionOnBerth covers the action now)")
	}
	if steps["Configure AWS credentials"] != "success/success" || steps["Deploy to AWS CloudFormation"] != "success/success" {
		t.Fatalf("deploy run: %s %v\n%s", d.Conclusion, steps, logs)
	}
	var deploy map[string]string
	for _, st := range d.Steps {
		if st.Name == "Deploy to AWS CloudFormation" {
			deploy = st.Outputs
		}
	}
	// Recorded outputs are masked like logs: the region is a secret here.
	if !strings.HasPrefix(deploy["stack-id"], "arn:aws:cloudformation:") || !strings.Contains(deploy["stack-id"], ":000000000000:stack/my-app/") {
		t.Fatalf("deploy outputs %v", deploy)
	}
	out, err := cloudformation.NewFromConfig(b.RootConfig()).DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("my-app")})
	if err != nil || len(out.Stacks) != 1 {
		t.Fatalf("stack: %v", err)
	}
	for _, p := range out.Stacks[0].Parameters {
		if aws.ToString(p.ParameterKey) == "RepoUrl" && aws.ToString(p.ParameterValue) != "https://github.com/acme/shop" {
			t.Fatalf("RepoUrl = %s", aws.ToString(p.ParameterValue))
		}
	}
	ev := trailEvents(t, b, cttypes.LookupAttributeKeyUsername, "GitHubActions")
	names := map[string]bool{}
	for _, e := range ev {
		names[aws.ToString(e.EventName)] = true
	}
	for _, want := range []string{"DescribeStacks", "CreateChangeSet", "DescribeChangeSet", "ExecuteChangeSet"} {
		if !names[want] {
			t.Errorf("trail lacks %s by the role session: %v", want, names)
		}
	}

	// Same template again: an empty change set is not a failure.
	c2 := repo.commit("touch aws docs", map[string]string{"aws/README.md": "The app's stack, unchanged.\n"})
	d, logs = runAndWait(t, s, pipeline.Event{Before: c1, After: c2})
	if steps := stepConclusions(d); steps["Deploy to AWS CloudFormation"] != "success/success" {
		t.Fatalf("empty change set run: %v\n%s", steps, logs)
	}
}

// seedGoPipeline is the seed's repository (workflow, pre-commit config)
// with the Go example's app and template, registered as acme/shop both
// with the server (so github.com/acme/shop resolves to it) and with a
// pipeline service whose secrets name a real connection. The seed's
// Python app would need PyPI to build; the workflow is the same.
func seedGoPipeline(t testing.TB, b *servertest.Berth) (*seedAppRepo, *pipeline.Service) {
	t.Helper()
	repo := newSeedAppRepo(t)
	files, err := examples.SelfInfraApp()
	if err != nil {
		t.Fatal(err)
	}
	goApp := map[string]string{}
	for name, body := range files {
		if strings.HasPrefix(name, "app/") || name == "go.mod" || name == "aws/app-template.yaml" {
			goApp[name] = string(body)
		}
	}
	repo.commit("the Go example's app and template", goApp)
	if _, err := b.Pipelines().Register(ctx, records.Pipeline{Name: "shop", RepoDir: repo.dir, Repository: seedRepo}); err != nil {
		t.Fatal(err)
	}
	conn, err := apprunner.NewFromConfig(b.RootConfig()).CreateConnection(ctx, &apprunner.CreateConnectionInput{
		ConnectionName: aws.String("github"), ProviderType: artypes.ProviderTypeGithub})
	if err != nil {
		t.Fatal(err)
	}
	s := startPipelines(t, b, repo.dir)
	if _, err := s.Register(ctx, records.Pipeline{Name: "shop", RepoDir: repo.dir, Repository: seedRepo, Secrets: map[string]string{
		"AWS_REGION": "us-east-1", "AWS_ROLE_ARN": roleARN, "GH_CONN_ARN": aws.ToString(conn.Connection.ConnectionArn)}}); err != nil {
		t.Fatal(err)
	}
	return repo, s
}
