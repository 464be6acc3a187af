package controller

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/apprunner/apprunnertest"
	"github.com/berth-dev/berth/internal/ingress"
	"github.com/berth-dev/berth/internal/logs"
	"github.com/berth-dev/berth/internal/runtime/process"
	"github.com/berth-dev/berth/internal/store"
)

// env is a controller over a real process backend, a real ingress on
// port 0 and a real logs store.
type env struct {
	t       testing.TB
	c       *Controller
	in      *ingress.Ingress
	st      *store.Store
	backend *process.Backend
	dir     string
	client  *http.Client
}

func newEnv(t testing.TB, mod func(*Options)) *env {
	t.Helper()
	return newEnvIn(t, t.TempDir(), mod)
}

// newEnvIn is newEnv over the data dir dir, which may hold the store and
// artifacts of an env before it (a server restart: see env.restart).
func newEnvIn(t testing.TB, dir string, mod func(*Options)) *env {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(dir, "berth.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	lg := logs.New(st, logs.Options{FlushInterval: 20 * time.Millisecond, Logger: quiet()})
	be, err := process.New(process.Options{DataDir: filepath.Join(dir, "runtime"), Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	// Requests for a service whose first instances are starting wait for
	// them longer than any test's deployment takes: no test depends on
	// how fast the machine is.
	in := ingress.New(ingress.Options{HTTPAddr: "127.0.0.1:0", StartWait: time.Minute, Logger: quiet()})
	if err := in.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	o := Options{Backend: be, Ingress: in, Logs: lg, Store: st, WorkDir: filepath.Join(dir, "work"), Logger: quiet(),
		RestartMin: 100 * time.Millisecond, RestartMax: time.Second, DrainTimeout: 5 * time.Second, StopGrace: 2 * time.Second}
	if mod != nil {
		mod(&o)
	}
	c := New(o)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		c.Shutdown(ctx)
		be.Shutdown(ctx, time.Second)
		in.Stop(ctx)
	})
	return &env{t: t, c: c, in: in, st: st, backend: be, dir: dir,
		client: &http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: 10 * time.Second}}
}

func quiet() *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// get fetches path from host through the ingress and returns status and body.
func (e *env) get(host, path string) (int, string) {
	e.t.Helper()
	req, _ := http.NewRequest("GET", "http://"+e.in.HTTPAddr()+path, nil)
	req.Host = host
	resp, err := e.client.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// spec is a Go service built from repo.
func (e *env) spec(id, repo string) Spec {
	return Spec{
		ServiceID: id, ServiceName: "svc-" + id[:6], Host: id[:10] + ".us-east-1.apprunner.localhost",
		Source:   Source{RepositoryURL: repo, Branch: "main"},
		Code:     Code{Source: ConfigFromAPI, Runtime: "GO_1", BuildCommand: "go build -o app .", StartCommand: "./app", Port: 8080},
		BuildEnv: apprunnertest.BuildEnv(e.t),
		Run:      Run{Instances: 1, HealthCheck: ingress.HealthCheck{Interval: time.Second, Timeout: time.Second, UnhealthyThreshold: 3}},
	}
}

// logLines returns the messages of group's streams starting with prefix.
func (e *env) logLines(group, prefix string) []string {
	e.t.Helper()
	rows, err := e.st.DB().Query(`SELECT e.message FROM log_events e
		JOIN log_streams s ON s.id = e.stream_id JOIN log_groups g ON g.id = e.group_id
		WHERE g.name = ? AND s.name LIKE ? ORDER BY e.ts, e.id`, group, prefix+"%")
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var m string
		rows.Scan(&m)
		out = append(out, m)
	}
	return out
}

var (
	goApp      = apprunnertest.GoApp
	eventually = apprunnertest.Eventually
)

// repo adapts apprunnertest.Repo to the tests' spelling.
type repo struct{ *apprunnertest.Repo }

func newRepo(t testing.TB, files map[string]string) *repo {
	r := apprunnertest.NewRepo(t, files)
	return &repo{r}
}

func (r *repo) commit(files map[string]string, msg string) string { return r.Commit(files, msg) }
func (r *repo) git(args ...string) string                         { return r.Git(args...) }
