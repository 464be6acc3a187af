package checks

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const twoHooks = hooksHead + "  - id: end-of-file-fixer\n  - id: trailing-whitespace\n    alias: tw\n"

func statuses(results []Result) string {
	var s []string
	for _, r := range results {
		s = append(s, r.HookID+":"+r.Status.String())
	}
	return strings.Join(s, " ")
}

func TestRunSelection(t *testing.T) {
	files := map[string]string{"a.txt": "a  \n"}
	tests := []struct {
		name, config string
		opts         Options
		want         string
	}{
		{"all", twoHooks, Options{AllFiles: true}, "end-of-file-fixer:Passed trailing-whitespace:Failed"},
		{"skip by alias", twoHooks, Options{AllFiles: true, Skip: []string{"tw"}}, "end-of-file-fixer:Passed trailing-whitespace:Skipped"},
		{"one hook", twoHooks, Options{AllFiles: true, HookID: "end-of-file-fixer"}, "end-of-file-fixer:Passed"},
		{"stage manual", hooksHead + "  - id: check-json\n  - id: trailing-whitespace\n    stages: [manual]\n", Options{AllFiles: true, Stage: "manual"}, "check-json:Skipped trailing-whitespace:Failed"},
		{"manual hook not in pre-commit", hooksHead + "  - id: check-json\n  - id: trailing-whitespace\n    stages: [manual]\n", Options{AllFiles: true}, "check-json:Skipped"},
		{"default stages", "default_stages: [pre-push]\n" + hooksHead + "  - id: check-json\n  - id: end-of-file-fixer\n", Options{AllFiles: true}, "end-of-file-fixer:Passed"},
		{"fail fast", "fail_fast: true\n" + hooksHead + "  - id: trailing-whitespace\n  - id: end-of-file-fixer\n", Options{AllFiles: true}, "trailing-whitespace:Failed"},
		{"hook fail fast", hooksHead + "  - id: trailing-whitespace\n    fail_fast: true\n  - id: end-of-file-fixer\n", Options{AllFiles: true}, "trailing-whitespace:Failed"},
		{"explicit files", twoHooks, Options{Files: []string{"gone.txt"}}, "end-of-file-fixer:Skipped trailing-whitespace:Skipped"},
		{"top-level exclude", "exclude: ^a\\.txt$\n" + twoHooks, Options{AllFiles: true}, "end-of-file-fixer:Skipped trailing-whitespace:Skipped"},
		{"top-level files", "files: ^b/\n" + twoHooks, Options{AllFiles: true}, "end-of-file-fixer:Skipped trailing-whitespace:Skipped"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := newRepo(t, files)
			results, report := runConfig(t, dir, tc.config, tc.opts)
			if got := statuses(results); got != tc.want {
				t.Errorf("got %s, want %s\n%s", got, tc.want, report)
			}
		})
	}
}

func TestRunUnknownHookID(t *testing.T) {
	cfg, err := ParseConfig("c.yaml", []byte(twoHooks))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), cfg, Options{Dir: newRepo(t, nil), AllFiles: true, HookID: "nope"})
	if !errors.Is(err, ErrUnknownHook) {
		t.Errorf("err = %v", err)
	}
}

func TestRunNotGitRepo(t *testing.T) {
	cfg, err := ParseConfig("c.yaml", []byte(twoHooks))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), cfg, Options{Dir: t.TempDir(), AllFiles: true})
	if !errors.Is(err, ErrNotGitRepo) {
		t.Errorf("err = %v", err)
	}
}

func TestRunStagedAndChangedFiles(t *testing.T) {
	dir := newRepo(t, map[string]string{"old.txt": "old  \n"})
	gitT(t, dir, "commit", "-q", "-m", "first")
	first := strings.TrimSpace(gitT(t, dir, "rev-parse", "HEAD"))
	writeFiles(t, dir, map[string]string{"new.txt": "new  \n", "unstaged.txt": "u  \n"})
	gitT(t, dir, "add", "new.txt")

	// Default: the staged files only.
	results, report := runConfig(t, dir, twoHooks, Options{})
	if r := results[1]; !slices.Equal(r.Files, []string{"new.txt"}) || !slices.Equal(r.Modified, []string{"new.txt"}) {
		t.Errorf("staged: %+v\n%s", r, report)
	}
	gitT(t, dir, "add", "new.txt")
	gitT(t, dir, "commit", "-q", "-m", "second")

	// From/to refs: what the push changed.
	results, report = runConfig(t, dir, twoHooks, Options{FromRef: first, ToRef: "HEAD"})
	if r := results[1]; !slices.Equal(r.Files, []string{"new.txt"}) || r.Status != StatusPassed {
		t.Errorf("changed: %+v\n%s", r, report)
	}
	if got := readFile(t, dir, "old.txt"); got != "old  \n" {
		t.Errorf("old.txt touched: %q", got)
	}
}

func TestShowDiffOnFailure(t *testing.T) {
	dir := newRepo(t, map[string]string{"a.txt": "a  \n"})
	gitT(t, dir, "commit", "-q", "-m", "first")
	_, report := runConfig(t, dir, twoHooks, Options{AllFiles: true, ShowDiffOnFailure: true})
	for _, want := range []string{"All changes made by hooks:\n", "diff --git a/a.txt b/a.txt", "-a  \n+a\n"} {
		if !strings.Contains(report, want) {
			t.Errorf("report:\n%s\nmissing %q", report, want)
		}
	}
}

func TestExecutablesHaveShebangs(t *testing.T) {
	dir := newRepo(t, map[string]string{"run.sh": "echo hi\n", "ok.sh": "#!/bin/sh\necho hi\n", "plain.txt": "x\n"})
	for _, f := range []string{"run.sh", "ok.sh"} {
		if err := os.Chmod(filepath.Join(dir, f), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	gitT(t, dir, "add", "-A")
	results, report := runConfig(t, dir, hooksHead+"  - id: check-executables-have-shebangs\n", Options{AllFiles: true})
	r := results[0]
	if r.Status != StatusFailed || !slices.Equal(r.Files, []string{"ok.sh", "run.sh"}) ||
		!strings.Contains(r.Output, "run.sh: marked executable but has no (or invalid) shebang!") || strings.Contains(r.Output, "ok.sh:") {
		t.Errorf("%+v\n%s", r, report)
	}
	// With core.fileMode false, git's recorded mode decides.
	gitT(t, dir, "config", "core.fileMode", "false")
	gitT(t, dir, "update-index", "--chmod=-x", "run.sh")
	results, report = runConfig(t, dir, hooksHead+"  - id: check-executables-have-shebangs\n", Options{AllFiles: true})
	if results[0].Status != StatusPassed {
		t.Errorf("fileMode false: %+v\n%s", results[0], report)
	}
}

func TestPassed(t *testing.T) {
	if !Passed(nil) || !Passed([]Result{{Status: StatusPassed}, {Status: StatusSkipped}}) || Passed([]Result{{Status: StatusFailed}}) {
		t.Error("Passed is wrong")
	}
}

func TestArgsParsing(t *testing.T) {
	spec := argSpec{
		flags: map[string]string{"--allow-multiple-documents": "multi", "-m": "multi", "--maxkb": "maxkb", "--unsafe": "unsafe"},
		takes: map[string]bool{"maxkb": true},
	}
	a, err := parseArgs("h", []string{"--allow-multiple", "--maxkb", "10", "--maxkb=20", "extra", "--", "--unsafe"}, spec)
	if err != nil || !a.set["multi"] || a.value("maxkb", "") != "20" || !slices.Equal(a.rest, []string{"extra", "--unsafe"}) || a.set["unsafe"] {
		t.Errorf("parsed %+v, %v", a, err)
	}
	for _, bad := range [][]string{{"--nope"}, {"--maxkb"}, {"--unsafe=1"}, {"-x"}} {
		if _, err := parseArgs("h", bad, spec); err == nil {
			t.Errorf("parseArgs(%q): no error", bad)
		}
	}
	if _, err := parseArgs("h", []string{"--m"}, argSpec{flags: map[string]string{"--ma": "a", "--mb": "b"}}); err == nil || !strings.Contains(err.Error(), "ambiguous") {
		t.Errorf("ambiguous prefix: %v", err)
	}
}

func TestCommitFiles(t *testing.T) {
	dir := newRepo(t, map[string]string{"a.txt": "a\n", "b/c.txt": "c\n"})
	gitT(t, dir, "commit", "-q", "-m", "root")
	writeFiles(t, dir, map[string]string{"b/c.txt": "changed\n", "d.txt": "d\n"})
	gitT(t, dir, "add", "-A")
	gitT(t, dir, "commit", "-q", "-m", "second")
	for rev, want := range map[string][]string{"HEAD~1": {"a.txt", "b/c.txt"}, "HEAD": {"b/c.txt", "d.txt"}} {
		got, err := CommitFiles(context.Background(), dir, rev)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("CommitFiles(%s) = %v, %v; want %v", rev, got, err, want)
		}
	}
}

func TestRepoRelative(t *testing.T) {
	dir := t.TempDir()
	got := repoRelative(dir, []string{"./a/b.txt", filepath.Join(dir, "c", "d.py"), "x//y/../z"})
	if want := []string{"a/b.txt", "c/d.py", "x/z"}; !slices.Equal(got, want) {
		t.Errorf("repoRelative = %v, want %v", got, want)
	}
}
