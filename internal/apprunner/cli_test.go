package apprunner_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/apprunner/apprunnertest"
)

// TestCLI checks that the AWS CLI (botocore) reads berth's responses:
// shapes, timestamps and errors.
func TestCLI(t *testing.T) {
	h := start(t, t.TempDir(), nil)
	run := func(out any, args ...string) {
		t.Helper()
		stdout, stderr, code := h.aws(args...)
		if code != 0 {
			t.Fatalf("aws %v: %d\n%s", args, code, stderr)
		}
		if out != nil {
			if err := json.Unmarshal([]byte(stdout), out); err != nil {
				t.Fatalf("aws %v: %v\n%s", args, err, stdout)
			}
		}
	}
	var conn struct {
		Connection struct{ ConnectionArn, Status string }
	}
	run(&conn, "apprunner", "create-connection", "--connection-name", "github", "--provider-type", "GITHUB")
	repo := apprunnertest.NewRepo(t, apprunnertest.GoApp("v1"))
	input := `{"ServiceName": "cli-app", "SourceConfiguration": {
		"AuthenticationConfiguration": {"ConnectionArn": "` + conn.Connection.ConnectionArn + `"},
		"AutoDeploymentsEnabled": false,
		"CodeRepository": {"RepositoryUrl": "` + repo.Dir + `", "SourceCodeVersion": {"Type": "BRANCH", "Value": "main"},
			"CodeConfiguration": {"ConfigurationSource": "API", "CodeConfigurationValues": {
				"Runtime": "GO_1", "BuildCommand": "sleep 2 && go build -o app .", "StartCommand": "./app", "Port": "8080",
				"RuntimeEnvironmentVariables": {"GREETING": "cli"}}}}},
		"InstanceConfiguration": {"Cpu": "0.25 vCPU", "Memory": "0.5 GB"}}`
	p := filepath.Join(t.TempDir(), "in.json")
	os.WriteFile(p, []byte(input), 0o600)
	var created struct {
		Service     map[string]any
		OperationId string
	}
	run(&created, "apprunner", "create-service", "--cli-input-json", "file://"+p)
	arn := created.Service["ServiceArn"].(string)
	if created.Service["InstanceConfiguration"].(map[string]any)["Memory"] != "512" {
		t.Fatalf("service = %v", created.Service)
	}
	// Timestamps are epoch seconds; the CLI prints them as it decoded
	// them (a number, or ISO 8601 with cli_timestamp_format).
	switch ts := created.Service["CreatedAt"].(type) {
	case float64:
		if d := time.Since(time.UnixMilli(int64(ts * 1000))); d < 0 || d > time.Minute {
			t.Fatalf("CreatedAt = %v", ts)
		}
	case string:
		if !strings.HasPrefix(ts, time.Now().UTC().Format("2006-01-02")) && !strings.HasPrefix(ts, time.Now().Format("2006-01-02")) {
			t.Fatalf("CreatedAt = %v", ts)
		}
	default:
		t.Fatalf("CreatedAt = %v", ts)
	}
	h.wait(arn)
	var ops struct {
		OperationSummaryList []struct {
			Type, Status string
			EndedAt      any
		}
	}
	run(&ops, "apprunner", "list-operations", "--service-arn", arn)
	if len(ops.OperationSummaryList) != 1 || ops.OperationSummaryList[0].Status != "SUCCEEDED" || ops.OperationSummaryList[0].EndedAt == nil {
		t.Fatalf("operations = %+v", ops)
	}
	var list struct {
		ServiceSummaryList []struct{ ServiceName, Status, ServiceUrl string }
	}
	run(&list, "apprunner", "list-services")
	if len(list.ServiceSummaryList) != 1 || list.ServiceSummaryList[0].Status != "RUNNING" {
		t.Fatalf("services = %+v", list)
	}
	url := list.ServiceSummaryList[0].ServiceUrl
	if _, body := h.get(url, "/"); body != "version=v1 greeting=cli\n" {
		t.Fatalf("GET / = %q", body)
	}
	var asc struct {
		AutoScalingConfiguration struct {
			AutoScalingConfigurationRevision int
			Latest                           bool
		}
	}
	run(&asc, "apprunner", "create-auto-scaling-configuration", "--auto-scaling-configuration-name", "high-availability", "--min-size", "2")
	if asc.AutoScalingConfiguration.AutoScalingConfigurationRevision != 1 || !asc.AutoScalingConfiguration.Latest {
		t.Fatalf("asc = %+v", asc)
	}
	run(nil, "apprunner", "tag-resource", "--resource-arn", arn, "--tags", "Key=team,Value=app")
	var tags struct{ Tags []struct{ Key, Value string } }
	run(&tags, "apprunner", "list-tags-for-resource", "--resource-arn", arn)
	if len(tags.Tags) != 1 || tags.Tags[0].Value != "app" {
		t.Fatalf("tags = %+v", tags)
	}
	// The build sleeps 2 s, so the deployment is still running when the
	// next AWS CLI process (about half a second to start) asks to pause.
	run(nil, "apprunner", "start-deployment", "--service-arn", arn)
	_, stderr, code := h.aws("apprunner", "pause-service", "--service-arn", arn)
	if code == 0 || !strings.Contains(stderr, "(InvalidStateException)") || !strings.Contains(stderr, "OPERATION_IN_PROGRESS") {
		t.Fatalf("pause while busy: %d %s", code, stderr)
	}
	h.wait(arn)
	_, stderr, code = h.aws("apprunner", "create-service", "--service-name", "img-app", "--source-configuration",
		`ImageRepository={ImageIdentifier=public.ecr.aws/nginx/nginx:latest,ImageRepositoryType=ECR_PUBLIC}`)
	if code == 0 || !strings.Contains(stderr, "(InvalidRequestException)") || !strings.Contains(stderr, "builds services from source only") {
		t.Fatalf("image service: %d %s", code, stderr)
	}
	var del struct{ Service struct{ Status string } }
	run(&del, "apprunner", "delete-service", "--service-arn", arn)
	if del.Service.Status != "OPERATION_IN_PROGRESS" {
		t.Fatalf("delete = %+v", del)
	}
	h.wait(arn)
}
