package checks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLocalHooks(t *testing.T) {
	tests := []struct {
		name, hook string
		status     Status
		code       int
		output     string
	}{
		{"system passes files", "  - id: list\n    name: list\n    entry: sh -c 'echo got $*; exit 3' --\n    language: system\n    files: \\.py$\n",
			StatusFailed, 3, "got a.py"},
		{"system args before files", "  - id: list\n    name: list\n    entry: echo\n    args: [-n, x]\n    language: system\n    types: [python]\n",
			StatusPassed, 0, ""},
		{"system no filenames", "  - id: n\n    name: n\n    entry: sh -c 'echo \"[$*]\"'\n    language: system\n    pass_filenames: false\n    always_run: true\n    verbose: true\n",
			StatusPassed, 0, "[]"},
		{"system missing program", "  - id: m\n    name: m\n    entry: no-such-program-xyz\n    language: system\n",
			StatusFailed, 1, "Executable `no-such-program-xyz` not found"},
		{"script", "  - id: s\n    name: s\n    entry: ./check.sh --strict\n    language: script\n    files: \\.py$\n",
			StatusFailed, 1, "strict a.py"},
		{"fail", "  - id: f\n    name: no txt\n    entry: txt files are not allowed\n    language: fail\n    files: \\.txt$\n",
			StatusFailed, 1, "txt files are not allowed\n\nnotes.txt"},
		{"pygrep", "  - id: todo\n    name: no TODO\n    entry: 'TODO\\b'\n    language: pygrep\n    files: \\.py$\n",
			StatusFailed, 1, "a.py:2:# TODO: fix"},
		{"pygrep ignore case", "  - id: todo\n    name: no todo\n    entry: 'todo:'\n    language: pygrep\n    args: [-i]\n    types: [python]\n",
			StatusFailed, 1, "a.py:2:# TODO: fix"},
		{"pygrep negate", "  - id: hdr\n    name: header\n    entry: '^# Copyright'\n    language: pygrep\n    args: [--negate]\n    types: [python]\n",
			StatusFailed, 1, "a.py"},
		{"pygrep multiline", "  - id: ml\n    name: ml\n    entry: 'x = 1\\n# TODO'\n    language: pygrep\n    args: [--multiline]\n    types: [python]\n",
			StatusFailed, 1, "a.py:1:x = 1\n# TODO"},
		{"pygrep no match", "  - id: ml\n    name: ml\n    entry: 'FIXME'\n    language: pygrep\n    types: [python]\n",
			StatusPassed, 0, ""},
		{"unsupported language", "  - id: py\n    name: py\n    entry: flake8\n    language: python\n",
			StatusFailed, 1, "hook py uses language python"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := newRepo(t, map[string]string{"a.py": "x = 1\n# TODO: fix\n", "notes.txt": "n\n"})
			writeScript(t, dir, "check.sh", `echo "$@"; exit 1`)
			gitT(t, dir, "add", "check.sh")
			results, report := runConfig(t, dir, "repos:\n- repo: local\n  hooks:\n"+tc.hook, Options{AllFiles: true})
			r := results[0]
			if r.Status != tc.status || r.ExitCode != tc.code || !strings.Contains(r.Output, tc.output) {
				t.Errorf("result %+v\n%s", r, report)
			}
		})
	}
}

func TestLocalHookModifiesFiles(t *testing.T) {
	dir := newRepo(t, map[string]string{"a.txt": "old\n", "b.txt": "same\n"})
	hook := "  - id: sed\n    name: sed\n    entry: sed -i s/old/new/\n    language: system\n    types: [text]\n"
	results, report := runConfig(t, dir, "repos:\n- repo: local\n  hooks:\n"+hook, Options{AllFiles: true})
	r := results[0]
	if r.Status != StatusFailed || r.ExitCode != 0 || len(r.Modified) != 1 || r.Modified[0] != "a.txt" {
		t.Errorf("result %+v\n%s", r, report)
	}
}

func TestMetaHooks(t *testing.T) {
	config := `repos:
- repo: meta
  hooks:
  - id: check-hooks-apply
  - id: check-useless-excludes
  - id: identity
- repo: https://github.com/pre-commit/pre-commit-hooks
  rev: v4.6.0
  hooks:
  - id: check-json
  - id: check-yaml
    exclude: ^nothing/
  - id: trailing-whitespace
    exclude: ^a\.txt$
`
	dir := newRepo(t, map[string]string{DefaultConfigName: config, "a.txt": "a\n"})
	results, report := runConfig(t, dir, config, Options{AllFiles: true})
	byID := map[string]Result{}
	for _, r := range results {
		byID[r.HookID] = r
	}
	if r := byID["check-hooks-apply"]; r.Status != StatusFailed || r.Output != "check-json does not apply to this repository\n" {
		t.Errorf("check-hooks-apply: %+v\n%s", r, report)
	}
	if r := byID["check-useless-excludes"]; r.Status != StatusFailed ||
		r.Output != "The exclude pattern '^nothing/' for check-yaml does not match any files\n" {
		t.Errorf("check-useless-excludes: %+v\n%s", r, report)
	}
	if r := byID["identity"]; r.Status != StatusPassed || !strings.Contains(report, "- hook id: identity\n- duration: ") ||
		!strings.Contains(report, "\n.pre-commit-config.yaml\na.txt\n") {
		t.Errorf("identity: %+v\n%s", r, report)
	}
}

func TestShlexSplit(t *testing.T) {
	tests := map[string][]string{
		`a b  c`:                {"a", "b", "c"},
		`sh -c 'echo "$@"' --`:  {"sh", "-c", `echo "$@"`, "--"},
		`a "b c" d\ e`:          {"a", "b c", "d e"},
		`"a\"b" "c\d" 'e\f'`:    {`a"b`, `c\d`, `e\f`},
		`x# not a comment`:      {"x#", "not", "a", "comment"},
		`"" ''`:                 {"", ""},
		"  leading\ttab  ":      {"leading", "tab"},
		`python -m "my tool"x`:  {"python", "-m", "my toolx"},
		`entry --flag=a\ b end`: {"entry", "--flag=a b", "end"},
	}
	for in, want := range tests {
		got, err := shlexSplit(in)
		if err != nil || strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("shlexSplit(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{`"open`, `'open`, `trailing\`} {
		if _, err := shlexSplit(bad); err == nil {
			t.Errorf("shlexSplit(%q): no error", bad)
		}
	}
}

func TestScriptPathInRepo(t *testing.T) {
	dir := newRepo(t, nil)
	if err := os.MkdirAll(filepath.Join(dir, "tools"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeScript(t, filepath.Join(dir, "tools"), "ok.sh", "exit 0\n")
	writeFiles(t, dir, map[string]string{"x.txt": "x\n"})
	gitT(t, dir, "add", "-A")
	hook := "  - id: ok\n    name: ok\n    entry: tools/ok.sh\n    language: script\n"
	results, report := runConfig(t, dir, "repos:\n- repo: local\n  hooks:\n"+hook, Options{AllFiles: true})
	if results[0].Status != StatusPassed {
		t.Errorf("%+v\n%s", results[0], report)
	}
}
