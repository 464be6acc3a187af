package runner

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/pipeline/workflow"
)

func TestCancelRun(t *testing.T) {
	w, err := workflow.Parse("w.yaml", []byte(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: sleep 30
      - run: echo never
      - if: always()
        run: echo "cleanup ran"
  b:
    needs: a
    runs-on: ubuntu-latest
    steps:
      - run: echo never
`))
	if err != nil {
		t.Fatal(err)
	}
	dir, c1, c2 := gitRepo(t)
	rec := newRecorder()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	res := New(Config{}).Run(ctx, &Spec{Workflow: w, Workspace: dir, TempDir: t.TempDir(), Repository: "a/b",
		Event: Event{Name: "push", Ref: "refs/heads/main", Before: c1, SHA: c2}, Observer: rec})
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("cancel took %v", d)
	}
	got := rec.transcript(res)
	for _, want := range []string{"run: cancelled", "job a (a): cancelled", "step 1 Run sleep 30: cancelled/cancelled",
		"step 2 Run echo never: skipped/skipped", "cleanup ran", "job b (b): skipped"} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q:\n%s", want, got)
		}
	}
}

func TestJobConcurrencyQueues(t *testing.T) {
	res, rec, spec := runWorkflow(t, New(Config{}), `
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    concurrency: deploy
    steps:
      - run: echo "a start $(date +%s%N)" >> "$GITHUB_WORKSPACE/order.txt"; sleep 0.3; echo "a end $(date +%s%N)" >> "$GITHUB_WORKSPACE/order.txt"
  b:
    runs-on: ubuntu-latest
    concurrency:
      group: deploy
      cancel-in-progress: false
    steps:
      - run: echo "b start $(date +%s%N)" >> "$GITHUB_WORKSPACE/order.txt"; sleep 0.3; echo "b end $(date +%s%N)" >> "$GITHUB_WORKSPACE/order.txt"
`, nil)
	if res.Conclusion != Success {
		t.Fatal(rec.transcript(res))
	}
	b, _ := os.ReadFile(filepath.Join(spec.Workspace, "order.txt"))
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 4 {
		t.Fatalf("order: %q", lines)
	}
	// Each job's start and end are adjacent: they never overlapped.
	if lines[0][0] != lines[1][0] || lines[2][0] != lines[3][0] {
		t.Fatalf("jobs overlapped: %q", lines)
	}
}

func TestInvalidSpec(t *testing.T) {
	res := New(Config{}).Run(context.Background(), &Spec{TempDir: t.TempDir()})
	if res.Conclusion != Failure || res.Message == "" {
		t.Fatalf("%+v", res)
	}
}
