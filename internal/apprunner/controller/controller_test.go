package controller

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/ingress"
	"github.com/berth-dev/berth/internal/runtime/process"
)

var bg = context.Background()

func (e *env) deploy(spec Spec, op string) (*Release, []string, error) {
	var mu sync.Mutex
	var events []string
	rel, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: op, Events: func(m string) {
		mu.Lock()
		events = append(events, m)
		mu.Unlock()
	}})
	return rel, events, err
}

func TestDeployServesAndLogs(t *testing.T) {
	e := newEnv(t, nil)
	r := newRepo(t, goApp("v1"))
	spec := e.spec("0123456789abcdef0123456789abcdef", r.Dir)
	spec.Code.Env = map[string]string{"GREETING": "hello"}
	var steps []Step
	rel, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op1", Progress: func(s Step) { steps = append(steps, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if rel.CommitID != r.git("rev-parse", "HEAD") || rel.Runtime != "GO_1" || rel.Port != 8080 {
		t.Fatalf("release = %+v", rel)
	}
	if got := fmt.Sprint(steps); got != "[FETCH BUILD START HEALTH ROUTE]" {
		t.Errorf("steps = %s", got)
	}
	code, body := e.get(spec.Host, "/")
	if code != 200 || body != "version=v1 greeting=hello\n" {
		t.Fatalf("GET / = %d %q", code, body)
	}
	if code, _ := e.get("unknown.us-east-1.apprunner.localhost", "/"); code != 404 {
		t.Errorf("unknown host = %d, want 404", code)
	}
	insts := e.c.Instances(spec.ServiceID)
	if len(insts) != 1 || !insts[0].Healthy {
		t.Fatalf("instances = %+v", insts)
	}
	app := ApplicationLogGroup(spec.ServiceName, spec.ServiceID)
	eventually(t, 5*time.Second, "application log", func() bool {
		return strings.Contains(strings.Join(e.logLines(app, "instance/"+insts[0].ID), "\n"), "starting v1 on port")
	})
	build := strings.Join(e.logLines(ServiceLogGroup(spec.ServiceName, spec.ServiceID), "deployment/op1"), "\n")
	if !strings.Contains(build, "$ go build -o app .") || !strings.Contains(build, "build succeeded") {
		t.Errorf("build log:\n%s", build)
	}
}

func TestRedeployIsZeroDowntimeAndRollsBack(t *testing.T) {
	e := newEnv(t, nil)
	r := newRepo(t, goApp("v1"))
	spec := e.spec("1123456789abcdef0123456789abcdef", r.Dir)
	spec.Run.HealthCheck.Protocol = ingress.ProtocolHTTP
	spec.Run.HealthCheck.Path = "/healthz"
	rel1, _, err := e.deploy(spec, "op1")
	if err != nil {
		t.Fatal(err)
	}
	old := e.c.Instances(spec.ServiceID)

	// Hammer the service while v2 rolls out: no request may fail.
	var failures, served atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				code, body := e.get(spec.Host, "/slow")
				if code != 200 || !strings.HasPrefix(body, "slow v") {
					failures.Add(1)
					t.Logf("request failed: %d %q", code, body)
				}
				served.Add(1)
			}
		}()
	}
	r.commit(goApp("v2"), "v2")
	rel2, events, err := e.deploy(spec, "op2")
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if failures.Load() != 0 {
		t.Fatalf("%d of %d requests failed during the rollout", failures.Load(), served.Load())
	}
	if _, body := e.get(spec.Host, "/"); !strings.HasPrefix(body, "version=v2") {
		t.Fatalf("after redeploy: %q", body)
	}
	if rel2.Artifact.ID == rel1.Artifact.ID || rel2.CommitID == rel1.CommitID {
		t.Fatal("redeploy reused the old artifact")
	}
	for _, i := range e.backend.Instances() {
		if i.ID() == old[0].ID {
			t.Fatal("old instance still running")
		}
	}
	if !strings.Contains(strings.Join(events, "\n"), "drained and stopped") {
		t.Errorf("events: %q", events)
	}

	// A commit that does not compile: v2 keeps serving.
	r.commit(map[string]string{"main.go": "package main\nfunc main() { broken }\n"}, "broken")
	_, _, err = e.deploy(spec, "op3")
	var de *DeployError
	if !errors.As(err, &de) || de.Step != StepBuild || !strings.Contains(de.Reason, "build command failed") || !strings.Contains(de.Reason, "undefined: broken") {
		t.Fatalf("broken build: %v", err)
	}
	if _, body := e.get(spec.Host, "/"); !strings.HasPrefix(body, "version=v2") {
		t.Fatalf("after failed build: %q", body)
	}

	// A commit whose app never becomes healthy: v2 keeps serving.
	files := goApp("v4")
	files["main.go"] = strings.Replace(files["main.go"], `os.Getenv("UNHEALTHY") != ""`, `true`, 1)
	r.commit(files, "unhealthy")
	_, _, err = e.deploy(spec, "op4")
	if !errors.As(err, &de) || de.Step != StepHealth || !strings.Contains(de.Reason, "Health check failed on HTTP path /healthz") {
		t.Fatalf("unhealthy deploy: %v", err)
	}
	if _, body := e.get(spec.Host, "/"); !strings.HasPrefix(body, "version=v2") {
		t.Fatalf("after failed health check: %q", body)
	}
	if n := len(e.c.Instances(spec.ServiceID)); n != 1 {
		t.Fatalf("%d instances, want 1", n)
	}

	// An app that exits at once fails fast, quoting its output.
	files["main.go"] = "package main\nimport \"fmt\"\nfunc main() { fmt.Println(\"no database configured\") }\n"
	r.commit(files, "exits")
	start := time.Now()
	_, _, err = e.deploy(spec, "op5")
	if !errors.As(err, &de) || de.Step != StepHealth || !strings.Contains(de.Reason, "no database configured") {
		t.Fatalf("exiting app: %v", err)
	}
	if d := time.Since(start); d > 8*time.Second {
		t.Errorf("exiting app took %s to fail", d)
	}
	if _, body := e.get(spec.Host, "/"); !strings.HasPrefix(body, "version=v2") {
		t.Fatalf("after exiting app: %q", body)
	}
}

func TestCrashedInstanceIsReplaced(t *testing.T) {
	e := newEnv(t, nil)
	r := newRepo(t, goApp("v1"))
	spec := e.spec("2123456789abcdef0123456789abcdef", r.Dir)
	spec.Run.Instances = 2
	var mu sync.Mutex
	var events []string
	_, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op1", Events: func(m string) {
		mu.Lock()
		events = append(events, m)
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	insts := e.c.Instances(spec.ServiceID)
	if len(insts) != 2 {
		t.Fatalf("instances = %+v, want 2 (MinSize)", insts)
	}
	_, body := e.get(spec.Host, "/pid")
	pid, err := strconv.Atoi(body)
	if err != nil {
		t.Fatalf("pid %q", body)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	eventually(t, 15*time.Second, "replacement instance", func() bool {
		is := e.c.Instances(spec.ServiceID)
		restarted := 0
		for _, i := range is {
			if i.Healthy {
				restarted += i.Restarts
			}
		}
		return len(is) == 2 && restarted == 1
	})
	for range 10 {
		if code, _ := e.get(spec.Host, "/"); code != 200 {
			t.Fatalf("GET after heal = %d", code)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(strings.Join(events, "\n"), "replacing it") {
		t.Errorf("events: %q", events)
	}
}

func TestRepositoryConfigAndReleaseReuse(t *testing.T) {
	e := newEnv(t, nil)
	files := goApp("v1")
	files["apprunner.yaml"] = `version: 1.0
runtime: go1
build:
  commands:
    build:
      - go build -o app .
  env:
    - name: CGO_ENABLED
      value: "0"
run:
  command: ./app
  network:
    port: 9000
    env: APP_PORT
  env:
    - name: GREETING
      value: from-yaml
  secrets:
    - name: TOKEN
      value-from: /app/token
`
	r := newRepo(t, files)
	var resolved map[string]string
	e.c.o.ResolveSecrets = func(_ context.Context, refs map[string]string) (map[string]string, error) {
		resolved = refs
		return map[string]string{"TOKEN": "s3cret"}, nil
	}
	spec := e.spec("3123456789abcdef0123456789abcdef", r.Dir)
	spec.Code = Code{Source: ConfigFromRepository}
	rel, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op1"})
	if err != nil {
		t.Fatal(err)
	}
	if rel.ConfigSource != ConfigFromRepository || rel.Port != 9000 || rel.PortEnv != "APP_PORT" || rel.Env["GREETING"] != "from-yaml" {
		t.Fatalf("release = %+v", rel)
	}
	if resolved["TOKEN"] != "/app/token" {
		t.Fatalf("secrets resolved: %v", resolved)
	}
	if _, body := e.get(spec.Host, "/"); body != "version=v1 greeting=from-yaml\n" {
		t.Fatalf("GET / = %q", body)
	}

	// Stop (pause), then run the same release again without building.
	if err := e.c.Stop(bg, spec.ServiceID, spec.Host); err != nil {
		t.Fatal(err)
	}
	if code, _ := e.get(spec.Host, "/"); code != 404 {
		t.Fatalf("paused service answered %d", code)
	}
	var steps []Step
	start := time.Now()
	rel2, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op2", Release: rel, Progress: func(s Step) { steps = append(steps, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if rel2 != rel || fmt.Sprint(steps) != "[START HEALTH ROUTE]" {
		t.Fatalf("reuse: steps %v", steps)
	}
	t.Logf("restart from artifact took %s", time.Since(start))
	if _, body := e.get(spec.Host, "/"); body != "version=v1 greeting=from-yaml\n" {
		t.Fatalf("GET / after resume = %q", body)
	}
}

func TestConfigurationErrors(t *testing.T) {
	e := newEnv(t, nil)
	r := newRepo(t, goApp("v1"))
	cases := []struct {
		name string
		mod  func(*Spec)
		step Step
		frag string
	}{
		{"missing file", func(s *Spec) { s.Code = Code{Source: ConfigFromRepository} }, StepFetch, "apprunner.yaml was not found"},
		{"bad branch", func(s *Spec) { s.Source.Branch = "nope" }, StepFetch, "Failed to pull your application source code"},
		{"bad runtime", func(s *Spec) { s.Code.Runtime = "COBOL_1" }, StepBuild, "unsupported runtime"},
		{"no start command", func(s *Spec) { s.Code.StartCommand = "" }, StepBuild, "No start command"},
		{"secrets without resolver", func(s *Spec) { s.Code.Secrets = map[string]string{"A": "b"} }, StepStart, "cannot resolve"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			spec := e.spec(fmt.Sprintf("%02d23456789abcdef0123456789abcdef", 40+i), r.Dir)
			c.mod(&spec)
			_, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op"})
			var de *DeployError
			if !errors.As(err, &de) || de.Step != c.step || !strings.Contains(de.Reason, c.frag) {
				t.Fatalf("err = %v, want step %s with %q", err, c.step, c.frag)
			}
		})
	}
}

func TestMemoryLimitRestartsInstance(t *testing.T) {
	e := newEnv(t, nil)
	r := newRepo(t, goApp("v1"))
	spec := e.spec("5123456789abcdef0123456789abcdef", r.Dir)
	spec.Run.MemoryLimitBytes = 128 << 20
	var mu sync.Mutex
	var events []string
	if _, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op1", Events: func(m string) {
		mu.Lock()
		events = append(events, m)
		mu.Unlock()
	}}); err != nil {
		t.Fatal(err)
	}
	_, pid := e.get(spec.Host, "/pid")
	e.get(spec.Host, "/alloc")
	eventually(t, 20*time.Second, "a new instance", func() bool {
		code, p := e.get(spec.Host, "/pid")
		return code == 200 && p != pid
	})
	mu.Lock()
	defer mu.Unlock()
	if all := strings.Join(events, "\n"); !strings.Contains(all, "exceeded its memory limit (128 MB); replacing it") {
		t.Fatalf("events: %s", all)
	}
	app := ApplicationLogGroup(spec.ServiceName, spec.ServiceID)
	eventually(t, 5*time.Second, "the reason in the application log", func() bool {
		return strings.Contains(strings.Join(e.logLines(app, "instance/"), "\n"), "exceeded its memory limit (128 MB); replacing it")
	})
}

func TestMissingToolchainIsNamed(t *testing.T) {
	e := newEnv(t, nil)
	be, err := process.New(process.Options{DataDir: filepath.Join(e.dir, "runtime2"), Toolchains: map[string]string{"GO_1": "go-missing-xyz"}, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	e.c.o.Backend = be
	r := newRepo(t, goApp("v1"))
	_, err = e.c.Deploy(bg, Deployment{Spec: e.spec("6123456789abcdef0123456789abcdef", r.Dir), OperationID: "op1"})
	var de *DeployError
	if !errors.As(err, &de) || de.Step != StepBuild || !strings.Contains(de.Reason, "the toolchain is missing: runtime GO_1 needs go-missing-xyz: not found in PATH") {
		t.Fatalf("err = %v", err)
	}
}
