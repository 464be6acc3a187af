package checks

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestCfnLintResultsAreCachedByContent(t *testing.T) {
	t.Setenv("BERTH_LINT_CACHE", t.TempDir())
	dir := t.TempDir()
	calls := filepath.Join(t.TempDir(), "calls")
	tool := filepath.Join(t.TempDir(), "cfn-lint")
	os.WriteFile(tool, []byte("#!/bin/sh\necho run >> "+calls+"\necho 'W2001 warning'\nexit 4\n"), 0o755)
	os.MkdirAll(filepath.Join(dir, "aws"), 0o755)
	os.WriteFile(filepath.Join(dir, "aws", "t.yaml"), []byte("Resources: {}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, ".pre-commit-config.yaml"), []byte("repos:\n- repo: https://github.com/aws-cloudformation/cfn-python-lint\n  rev: v0.65.1\n  hooks:\n  - id: cfn-python-lint\n    files: aws/.*\\.yaml$\n"), 0o644)
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("%v %s", err, out)
		}
	}
	cfg, err := LoadConfig(filepath.Join(dir, ".pre-commit-config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	run := func() Result {
		res, err := Run(context.Background(), cfg, Options{Dir: dir, AllFiles: true, Stdout: io.Discard, Tools: Tools{CfnLint: tool}})
		if err != nil || len(res) != 1 {
			t.Fatalf("run: %v %v", res, err)
		}
		return res[0]
	}
	first, second := run(), run()
	if first.Status != StatusFailed || second.Status != StatusFailed || first.Output != second.Output {
		t.Fatalf("cached result differs: %+v vs %+v", first, second)
	}
	if b, _ := os.ReadFile(calls); strings.Count(string(b), "run") != 1 {
		t.Fatalf("cfn-lint ran %d times for unchanged files", strings.Count(string(b), "run"))
	}
	os.WriteFile(filepath.Join(dir, "aws", "t.yaml"), []byte("Resources: {A: {Type: X}}\n"), 0o644)
	run()
	if b, _ := os.ReadFile(calls); strings.Count(string(b), "run") != 2 {
		t.Fatal("a changed file did not run cfn-lint again")
	}
}
