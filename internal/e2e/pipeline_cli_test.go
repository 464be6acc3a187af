package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/servertest"
)

func commitRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "hello-app")
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"-c", "user.email=dev@example.com", "-c", "user.name=dev", "commit", "-qm", "first"}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	return dir
}

func TestPipelineCLI(t *testing.T) {
	b := servertest.Start(t)
	repo := commitRepo(t, map[string]string{".github/workflows/ci.yaml": `name: ci
on:
  push:
    branches: [main]
jobs:
  hello:
    runs-on: ubuntu-latest
    steps:
      - run: echo "hello from $GITHUB_REPOSITORY at ${GITHUB_SHA:0:7}"
`})
	flags := []string{"--endpoint", b.Endpoint, "--data", b.Dir}
	var out, errb strings.Builder
	code := runBerth(append([]string{"pipeline", "run", "--repo", repo}, flags...), &out, &errb)
	if code != 0 || !strings.Contains(out.String(), "hello from local/hello-app at") || !strings.Contains(out.String(), ": success") {
		t.Fatalf("run: %d\n%s\n%s", code, out.String(), errb.String())
	}
	out.Reset()
	if code := runBerth(append([]string{"pipeline", "runs"}, flags...), &out, &errb); code != 0 || !strings.Contains(out.String(), "completed") {
		t.Fatalf("runs: %d %s", code, out.String())
	}
	out.Reset()
	if code := runBerth(append([]string{"pipeline", "logs", "1"}, flags...), &out, &errb); code != 0 || !strings.Contains(out.String(), "hello from") {
		t.Fatalf("logs: %d %s %s", code, out.String(), errb.String())
	}
	// A failing step fails the command.
	os.WriteFile(filepath.Join(repo, ".github/workflows/ci.yaml"), []byte("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: exit 3\n"), 0o644)
	exec.Command("git", "-C", repo, "-c", "user.email=d@e", "-c", "user.name=d", "commit", "-qam", "break").Run()
	out.Reset()
	if code := runBerth(append([]string{"pipeline", "run", "--repo", repo}, flags...), &out, &errb); code != 1 || !strings.Contains(out.String(), "failure") {
		t.Fatalf("failing run: %d %s", code, out.String())
	}
}
