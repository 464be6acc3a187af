package pipeline

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/pipeline/records"
	"github.com/berth-dev/berth/internal/store"
)

var bg = context.Background()

// repo is a git repository for tests.
type repo struct {
	t   testing.TB
	dir string
}

func newRepo(t testing.TB) *repo {
	r := &repo{t: t, dir: t.TempDir()}
	r.git("init", "-q", "-b", "main")
	return r
}

func (r *repo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=dev", "GIT_AUTHOR_EMAIL=dev@example.com",
		"GIT_COMMITTER_NAME=dev", "GIT_COMMITTER_EMAIL=dev@example.com")
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %v: %v %s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// commit writes files (path → content; "" deletes) and commits them.
func (r *repo) commit(msg string, files map[string]string) string {
	r.t.Helper()
	for p, c := range files {
		full := filepath.Join(r.dir, p)
		if c == "" {
			os.Remove(full)
			continue
		}
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	r.git("add", "-A")
	r.git("commit", "-q", "--allow-empty", "-m", msg)
	return r.git("rev-parse", "HEAD")
}

// newService starts a service on a fresh store.
func newService(t testing.TB, mod func(*Config)) (*Service, string) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(bg, filepath.Join(dir, "berth.db"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Store: st, WorkDir: filepath.Join(dir, "pipeline")}
	if mod != nil {
		mod(&cfg)
	}
	s := New(cfg)
	if err := s.Start(bg); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(bg, 10*time.Second)
		defer cancel()
		s.Stop(ctx)
		st.Close()
	})
	return s, dir
}

func register(t testing.TB, s *Service, r *repo, mod func(*records.Pipeline)) *records.Pipeline {
	t.Helper()
	p := records.Pipeline{Name: "shop", RepoDir: r.dir, Repository: "acme/shop"}
	if mod != nil {
		mod(&p)
	}
	got, err := s.Register(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func wait(t testing.TB, s *Service, id int64) *records.Run {
	t.Helper()
	ctx, cancel := context.WithTimeout(bg, time.Minute)
	defer cancel()
	r, err := s.Wait(ctx, id)
	if err != nil {
		t.Fatalf("wait run %d: %v", id, err)
	}
	return r
}

func logText(t testing.TB, s *Service, id int64) string {
	t.Helper()
	lines, err := s.Logs(bg, id, 0)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.Text + "\n")
	}
	return b.String()
}

// eventually polls cond until it holds or a deadline passes.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
