package runner

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/pipeline/workflow"
)

// recorder is an Observer keeping a transcript per job.
type recorder struct {
	mu    sync.Mutex
	order []string
	jobs  map[string]*JobResult
	names map[string]string
	logs  map[string][]string // job/step → lines
	steps map[string][]*StepResult
	run   []string
}

func newRecorder() *recorder {
	return &recorder{jobs: map[string]*JobResult{}, names: map[string]string{}, logs: map[string][]string{}, steps: map[string][]*StepResult{}}
}

func (r *recorder) JobStarted(key, name string, _ time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.names[key] = name
}

func (r *recorder) JobFinished(j *JobResult) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.order = append(r.order, j.Key)
	r.jobs[j.Key] = j
}

func (r *recorder) StepStarted(string, int, string, time.Time) {}

func (r *recorder) StepFinished(s *StepResult) {
	r.mu.Lock()
	defer r.mu.Unlock()
	cp := *s
	r.steps[s.Job] = append(r.steps[s.Job], &cp)
}

func (r *recorder) Log(job string, step int, _ time.Time, line string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if job == "" {
		r.run = append(r.run, line)
		return
	}
	k := fmt.Sprintf("%s/%d", job, step)
	r.logs[k] = append(r.logs[k], line)
}

// allLogs returns every line logged, for searching.
func (r *recorder) allLogs() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	for _, l := range r.run {
		b.WriteString(l + "\n")
	}
	keys := sortedKeys(r.logs)
	for _, k := range keys {
		for _, l := range r.logs[k] {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// transcript renders the run for golden files: jobs in finishing order,
// their steps with outcome/conclusion and outputs, and log lines outside
// the "Run ..." groups.
func (r *recorder) transcript(res *Result) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "run: %s\n", res.Conclusion)
	for _, l := range r.run {
		fmt.Fprintf(&b, "| %s\n", l)
	}
	order := append([]string(nil), r.order...)
	sort.SliceStable(order, func(i, j int) bool { return order[i] < order[j] })
	for _, key := range order {
		j := r.jobs[key]
		fmt.Fprintf(&b, "job %s (%s): %s\n", key, j.Name, j.Result)
		writeLogs(&b, r.logs[key+"/0"], "  ")
		for _, s := range r.steps[key] {
			fmt.Fprintf(&b, "  step %d %s: %s/%s\n", s.Index, s.Name, s.Outcome, s.Conclusion)
			for _, k := range sortedKeys(s.Outputs) {
				fmt.Fprintf(&b, "    output %s=%q\n", k, s.Outputs[k])
			}
			if s.Summary != "" {
				fmt.Fprintf(&b, "    summary %q\n", s.Summary)
			}
			writeLogs(&b, r.logs[fmt.Sprintf("%s/%d", key, s.Index)], "    ")
		}
		for _, k := range sortedKeys(j.Outputs) {
			fmt.Fprintf(&b, "  job output %s=%q\n", k, j.Outputs[k])
		}
	}
	return b.String()
}

func writeLogs(b *strings.Builder, lines []string, indent string) {
	inGroup := false
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "##[group]Run "):
			inGroup = true
			continue
		case inGroup && l == "##[endgroup]":
			inGroup = false
			continue
		case inGroup:
			continue
		}
		fmt.Fprintf(b, "%s| %s\n", indent, l)
	}
}

// gitRepo makes a repository with two commits and returns its dir and the
// two SHAs.
func gitRepo(t testing.TB) (string, string, string) {
	t.Helper()
	dir := t.TempDir()
	run := func(args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t",
			"GIT_COMMITTER_EMAIL=t@example.com", "GIT_AUTHOR_DATE=2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE=2024-01-01T00:00:00Z")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	run("init", "-q", "-b", "main")
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("hello\n"), 0o644)
	run("add", ".")
	run("commit", "-q", "-m", "one")
	c1 := run("rev-parse", "HEAD")
	os.MkdirAll(filepath.Join(dir, "app"), 0o755)
	os.WriteFile(filepath.Join(dir, "app", "main.go"), []byte("package main\n"), 0o644)
	run("add", ".")
	run("commit", "-q", "-m", "two")
	return dir, c1, run("rev-parse", "HEAD")
}

// runWorkflow parses and runs a workflow text in a fresh repository.
func runWorkflow(t testing.TB, r *Runner, text string, mod func(*Spec)) (*Result, *recorder, *Spec) {
	t.Helper()
	w, err := workflow.Parse(".github/workflows/test.yaml", []byte(text))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	dir, c1, c2 := gitRepo(t)
	rec := newRecorder()
	spec := &Spec{Workflow: w, Workspace: dir, TempDir: t.TempDir(), Repository: "acme/shop",
		Event: Event{Name: "push", Ref: "refs/heads/main", Before: c1, SHA: c2},
		RunID: 42, RunNumber: 7, Actor: "dev", Observer: rec}
	if mod != nil {
		mod(spec)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res := r.Run(ctx, spec)
	return res, rec, spec
}
