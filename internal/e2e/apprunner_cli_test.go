package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/apprunner/apprunnertest"
	"github.com/berth-dev/berth/internal/servertest"
)

// serviceJSON is a create-service request for the CLI's --cli-input-json.
func serviceJSON(t *testing.T, name, repo, conn, runtime, build, start string) string {
	t.Helper()
	in := map[string]any{
		"ServiceName": name,
		"SourceConfiguration": map[string]any{
			"AuthenticationConfiguration": map[string]any{"ConnectionArn": conn},
			"AutoDeploymentsEnabled":      false,
			"CodeRepository": map[string]any{
				"RepositoryUrl":     repo,
				"SourceCodeVersion": map[string]any{"Type": "BRANCH", "Value": "main"},
				"CodeConfiguration": map[string]any{"ConfigurationSource": "API", "CodeConfigurationValues": map[string]any{
					"Runtime": runtime, "BuildCommand": build, "StartCommand": start, "Port": "8080"}},
			},
		},
		"HealthCheckConfiguration": map[string]any{"Protocol": "HTTP", "Path": "/healthz", "Interval": 1, "Timeout": 1, "UnhealthyThreshold": 3},
	}
	b, _ := json.Marshal(in)
	p := filepath.Join(t.TempDir(), "service.json")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return "file://" + p
}

// createService creates a service with the CLI and waits for it.
func createService(t *testing.T, b *servertest.Berth, input string) (arn, id, url string) {
	t.Helper()
	var out struct {
		Service     struct{ ServiceArn, ServiceId, ServiceUrl, Status string }
		OperationId string
	}
	cliJSON(t, b, &out, "apprunner", "create-service", "--cli-input-json", input)
	if s := settled(t, b, out.Service.ServiceArn); s.Status != "RUNNING" {
		t.Fatalf("service %s\n%s", s.Status, logsTail(t, b, "/aws/apprunner/"+*s.ServiceName+"/"+*s.ServiceId+"/service"))
	}
	return out.Service.ServiceArn, out.Service.ServiceId, "https://" + out.Service.ServiceUrl
}

// TestAppRunnerCLI drives a Go service with the AWS CLI through what must
// not break it: a change while busy (InvalidStateException), a commit
// that does not build and one that never becomes healthy (both roll back,
// the old version serving), kill -9 of an instance (healed), and a server
// restart (the service comes back without a rebuild).
func TestAppRunnerCLI(t *testing.T) {
	b := startAppRunner(t)
	repo := apprunnertest.NewRepo(t, apprunnertest.GoApp("v1"))
	conn := createConnection(t, b)
	// The build sleeps 2 s so that a deployment is still running when the
	// next AWS CLI process (about half a second to start) asks for a change.
	arn, id, url := createService(t, b, serviceJSON(t, "cli-app", repo.Dir, conn, "GO_1", "sleep 2 && go build -o app .", "./app"))
	c := web(t, b)
	if code, body := fetch(c, url+"/"); code != 200 || body != "version=v1 greeting=\n" {
		t.Fatalf("GET / = %d %q", code, body)
	}

	// Busy: a second change is refused with App Runner's words.
	repo.Commit(apprunnertest.GoApp("v2"), "v2")
	cliJSON(t, b, nil, "apprunner", "start-deployment", "--service-arn", arn)
	r := b.AWS(nil, "apprunner", "update-service", "--service-arn", arn, "--instance-configuration", "Cpu=1024,Memory=3072")
	wantCLIError(t, r, "InvalidStateException")
	if !strings.Contains(r.Stderr, "Service cannot be updated in the current state: OPERATION_IN_PROGRESS.") {
		t.Fatalf("stderr: %s", r.Stderr)
	}
	settled(t, b, arn)
	if _, body := fetch(c, url+"/"); body != "version=v2 greeting=\n" {
		t.Fatalf("after deployment: %q", body)
	}

	// Failing build, then an app that never becomes healthy: both roll back.
	unhealthy := apprunnertest.GoApp("v4")
	unhealthy["main.go"] = strings.Replace(unhealthy["main.go"], `os.Getenv("UNHEALTHY") != ""`, "true", 1)
	for _, files := range []map[string]string{{"main.go": "package main\nfunc main() { broken }\n"}, unhealthy} {
		repo.Commit(files, "bad")
		cliJSON(t, b, nil, "apprunner", "start-deployment", "--service-arn", arn)
		settled(t, b, arn)
		if op := lastOperation(t, b, arn); op != "START_DEPLOYMENT ROLLBACK_SUCCEEDED" {
			t.Fatalf("bad commit: %s", op)
		}
		if code, body := fetch(c, url+"/"); code != 200 || body != "version=v2 greeting=\n" {
			t.Fatalf("old version not serving after a failed deployment: %d %q", code, body)
		}
	}
	events := logsTail(t, b, "/aws/apprunner/cli-app/"+id+"/service", "--log-stream-names", "events")
	if !strings.Contains(events, "undefined: broken") || !strings.Contains(events, "Health check failed on HTTP path /healthz") {
		t.Fatalf("events:\n%s", events)
	}

	// kill -9 of the instance: it is replaced and the service answers again.
	_, body := fetch(c, url+"/pid")
	pid, err := strconv.Atoi(body)
	if err != nil {
		t.Fatalf("pid %q", body)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	apprunnertest.Eventually(t, 20*time.Second, "a new instance", func() bool {
		code, b := fetch(c, url+"/pid")
		return code == 200 && b != body
	})

	// A server restart keeps the service, without a rebuild.
	b = restartAppRunner(t, b)
	c = web(t, b)
	url = "https://" + *settled(t, b, arn).ServiceUrl
	apprunnertest.Eventually(t, 30*time.Second, "the service after a restart", func() bool {
		code, body := fetch(c, url+"/")
		return code == 200 && body == "version=v2 greeting=\n"
	})
	if op := lastOperation(t, b, arn); op != "START_DEPLOYMENT ROLLBACK_SUCCEEDED" {
		t.Fatalf("the restart started an operation: %s", op)
	}
}

// TestAppRunnerPython deploys a PYTHON_3 service whose build (a
// virtualenv, pip with an empty requirements file) and start need no
// network.
func TestAppRunnerPython(t *testing.T) {
	b := startAppRunner(t)
	files := apprunnertest.PythonApp("1")
	files["app.py"] = strings.Replace(files["app.py"], "    def do_GET(self):\n", "    def do_GET(self):\n        if self.path == \"/healthz\":\n            self.send_response(200)\n            self.end_headers()\n            return\n", 1)
	repo := apprunnertest.NewRepo(t, files)
	conn := createConnection(t, b)
	_, id, url := createService(t, b, serviceJSON(t, "python-app", repo.Dir, conn, "PYTHON_3", "pip install -r requirements.txt", "python app.py"))
	if code, body := fetch(web(t, b), url+"/"); code != 200 || body != "python 1\n" {
		t.Fatalf("GET / = %d %q", code, body)
	}
	apprunnertest.Eventually(t, 10*time.Second, "application log", func() bool {
		return strings.Contains(logsTail(t, b, "/aws/apprunner/python-app/"+id+"/application"), "python app listening on")
	})
}
