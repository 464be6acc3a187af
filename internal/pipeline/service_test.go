package pipeline

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/pipeline/records"
)

const echoWorkflow = `name: ci
on:
  push:
    branches: [main]
    paths: ['app/**', '.github/**']
  workflow_dispatch:
    inputs:
      level:
        default: low
concurrency:
  group: ${{ github.workflow }}-${{ github.ref }}
  cancel-in-progress: false
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "building ${{ github.sha }} with ${{ secrets.TOKEN }} level=${{ inputs.level }}"
      - run: ls app
`

func TestTriggerRecordsRun(t *testing.T) {
	s, _ := newService(t, nil)
	r := newRepo(t)
	c1 := r.commit("init", map[string]string{".github/workflows/ci.yaml": echoWorkflow, "app/a.txt": "a\n"})
	register(t, s, r, func(p *records.Pipeline) { p.Secrets = map[string]string{"TOKEN": "tok-123"} })

	runs, err := s.Trigger(bg, "shop", Event{Before: NullSHA, After: c1})
	if err != nil || len(runs) != 1 {
		t.Fatalf("trigger: %v %v", runs, err)
	}
	got := wait(t, s, runs[0].ID)
	if got.Conclusion != "success" || got.RunNumber != 1 || got.SHA != c1 || got.ConcurrencyGroup != "ci-refs/heads/main" || got.WorkflowName != "ci" {
		t.Fatalf("run = %+v", got)
	}
	d, err := s.GetRun(bg, got.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Jobs) != 1 || d.Jobs[0].Conclusion != "success" || len(d.Steps) != 3 || d.Steps[2].Conclusion != "success" {
		t.Fatalf("detail = %+v jobs %+v steps %+v", d.Run, d.Jobs, d.Steps)
	}
	logs := logText(t, s, got.ID)
	if !strings.Contains(logs, "building "+c1+" with *** level=") || strings.Contains(logs, "tok-123") || !strings.Contains(logs, "a.txt") {
		t.Fatalf("logs:\n%s", logs)
	}

	// A commit outside the paths triggers nothing; one inside does.
	c2 := r.commit("docs", map[string]string{"README.md": "hi\n"})
	if runs, err := s.Trigger(bg, "shop", Event{Before: c1, After: c2}); err != nil || len(runs) != 0 {
		t.Fatalf("docs push ran %v %v", runs, err)
	}
	c3 := r.commit("app", map[string]string{"app/b.txt": "b\n"})
	runs, err = s.Trigger(bg, "shop", Event{Before: c2, After: c3})
	if err != nil || len(runs) != 1 {
		t.Fatalf("app push: %v %v", runs, err)
	}
	if got := wait(t, s, runs[0].ID); got.RunNumber != 2 || got.Conclusion != "success" {
		t.Fatalf("second run %+v", got)
	}
	// Another branch does not match branches: [main].
	r.git("checkout", "-q", "-b", "feature")
	c4 := r.commit("feature", map[string]string{"app/c.txt": "c\n"})
	if runs, _ := s.Trigger(bg, "shop", Event{Ref: "feature", Before: c3, After: c4}); len(runs) != 0 {
		t.Fatal("feature branch push ran")
	}
	// workflow_dispatch runs on any branch, with inputs.
	runs, err = s.Trigger(bg, "shop", Event{Name: "workflow_dispatch", Ref: "feature", Inputs: map[string]string{"level": "high"}})
	if err != nil || len(runs) != 1 {
		t.Fatalf("dispatch: %v %v", runs, err)
	}
	if got := wait(t, s, runs[0].ID); got.Conclusion != "success" || got.SHA != c4 || !strings.Contains(logText(t, s, got.ID), "level=high") {
		t.Fatalf("dispatch run %+v\n%s", got, logText(t, s, got.ID))
	}
	if _, err := s.Trigger(bg, "shop", Event{Name: "workflow_dispatch", Inputs: map[string]string{"nope": "x"}}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("unknown input: %v", err)
	}
	list, _ := s.Runs(bg, records.RunFilter{Pipeline: "shop"})
	if len(list) != 3 || list[0].ID <= list[2].ID {
		t.Fatalf("runs list %+v", list)
	}
}

func TestSyntaxErrorFailsRunWithFileLine(t *testing.T) {
	s, _ := newService(t, nil)
	r := newRepo(t)
	c := r.commit("bad", map[string]string{".github/workflows/bad.yml": "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n        bogus: 1\n      - uses: x/y@v1\n        run: echo\n"})
	register(t, s, r, nil)
	runs, err := s.Trigger(bg, "shop", Event{After: c})
	if err != nil || len(runs) != 1 {
		t.Fatalf("%v %v", runs, err)
	}
	got := wait(t, s, runs[0].ID)
	if got.Conclusion != "failure" || !strings.Contains(got.Message, ".github/workflows/bad.yml:7:") || !strings.Contains(got.Message, "bogus") {
		t.Fatalf("run = %+v", got)
	}
	if logs := logText(t, s, got.ID); !strings.Contains(logs, "Invalid workflow file") || !strings.Contains(logs, "bad.yml:8:") {
		t.Fatalf("logs: %s", logs)
	}
}

func TestConcurrencyGroupQueuesInOrder(t *testing.T) {
	s, _ := newService(t, func(c *Config) { c.MaxParallel = 4 })
	r := newRepo(t)
	wf := "on: push\nconcurrency: deploy\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo \"$GITHUB_SHA start $(date +%s%N)\" >> ../../order.txt; sleep 0.2; echo \"$GITHUB_SHA end\" >> ../../order.txt\n"
	c1 := r.commit("1", map[string]string{".github/workflows/w.yaml": wf})
	register(t, s, r, nil)
	var ids []int64
	shas := []string{c1}
	for i := 0; i < 3; i++ {
		shas = append(shas, r.commit("n", map[string]string{"f": strings.Repeat("x", i+1)}))
	}
	for i, sha := range shas {
		before := NullSHA
		if i > 0 {
			before = shas[i-1]
		}
		runs, err := s.Trigger(bg, "shop", Event{Before: before, After: sha})
		if err != nil || len(runs) != 1 {
			t.Fatal(err)
		}
		ids = append(ids, runs[0].ID)
	}
	var prevEnd time.Time
	for _, id := range ids {
		got := wait(t, s, id)
		if got.Conclusion != "success" {
			t.Fatalf("run %+v", got)
		}
		if got.StartedAt.Before(prevEnd) {
			t.Fatalf("run %d started %v before the previous ended %v", id, got.StartedAt, prevEnd)
		}
		prevEnd = got.CompletedAt
	}
}

func TestCancelInProgressCancelsRunning(t *testing.T) {
	s, _ := newService(t, nil)
	r := newRepo(t)
	wf := "on: push\nconcurrency:\n  group: g\n  cancel-in-progress: true\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: sleep 20\n"
	c1 := r.commit("1", map[string]string{".github/workflows/w.yaml": wf})
	register(t, s, r, nil)
	first, _ := s.Trigger(bg, "shop", Event{After: c1})
	eventually(t, "first run in progress", func() bool {
		run, _ := s.Records().Run(bg, first[0].ID)
		return run.Status == records.StatusInProgress
	})
	c2 := r.commit("2", nil)
	second, _ := s.Trigger(bg, "shop", Event{Before: c1, After: c2})
	if got := wait(t, s, first[0].ID); got.Conclusion != "cancelled" {
		t.Fatalf("first = %+v", got)
	}
	s.Cancel(bg, second[0].ID)
	if got := wait(t, s, second[0].ID); got.Conclusion != "cancelled" {
		t.Fatalf("second = %+v", got)
	}
	if err := s.Cancel(bg, second[0].ID); !errors.Is(err, ErrInvalid) {
		t.Fatalf("cancel completed run: %v", err)
	}
}

func TestFollowLogs(t *testing.T) {
	s, _ := newService(t, nil)
	r := newRepo(t)
	c := r.commit("1", map[string]string{".github/workflows/w.yaml": "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: for i in 1 2 3; do echo line $i; sleep 0.1; done\n"})
	register(t, s, r, nil)
	runs, _ := s.Trigger(bg, "shop", Event{After: c})
	var got []string
	ctx, cancel := context.WithTimeout(bg, 30*time.Second)
	defer cancel()
	err := s.FollowLogs(ctx, runs[0].ID, 0, func(l records.LogLine) error {
		if strings.HasPrefix(l.Text, "line ") {
			got = append(got, l.Text)
		}
		return nil
	})
	if err != nil || strings.Join(got, ",") != "line 1,line 2,line 3" {
		t.Fatalf("followed %q, %v", got, err)
	}
}

func TestJobsHaveTheirOwnWorkspace(t *testing.T) {
	s, _ := newService(t, nil)
	r := newRepo(t)
	wf := "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo a > mine.txt; sleep 0.3; cat mine.txt; ls\n  b:\n    runs-on: x\n    steps:\n      - run: echo b > mine.txt; sleep 0.3; cat mine.txt\n"
	c := r.commit("1", map[string]string{".github/workflows/w.yaml": wf, "src.txt": "x\n"})
	register(t, s, r, nil)
	runs, _ := s.Trigger(bg, "shop", Event{After: c})
	got := wait(t, s, runs[0].ID)
	logs := logText(t, s, got.ID)
	if got.Conclusion != "success" || strings.Count(logs, "\na\n") != 1 || strings.Count(logs, "\nb\n") != 1 || !strings.Contains(logs, "src.txt") {
		t.Fatalf("%s\n%s", got.Conclusion, logs)
	}
}
