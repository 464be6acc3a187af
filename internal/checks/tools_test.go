package checks

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const blackConfig = "repos:\n- repo: https://github.com/psf/black\n  rev: 22.3.0\n  hooks:\n  - id: black\n    files: \"app/.*.py\"\n"

func TestBlackMissing(t *testing.T) {
	missing := Tools{Black: filepath.Join(t.TempDir(), "no-black")}
	dir := newRepo(t, map[string]string{"app/main.py": "x=1\n"})
	results, report := runConfig(t, dir, blackConfig, Options{AllFiles: true, Tools: missing})
	if results[0].Status != StatusFailed || !strings.Contains(results[0].Output, "black is not installed; install it") {
		t.Errorf("with .py files: %+v\n%s", results[0], report)
	}
	dir = newRepo(t, map[string]string{"app/templates/index.html": "<p>\n"})
	results, report = runConfig(t, dir, blackConfig, Options{AllFiles: true, Tools: missing})
	if results[0].Status != StatusSkipped || !results[0].NoFiles {
		t.Errorf("without .py files: %+v\n%s", results[0], report)
	}
}

// writeScript writes an executable shell script and returns its path.
func writeScript(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBlackReformatsAndFails(t *testing.T) {
	// A stand-in for black: rewrites x=1 as x = 1 and exits 0, as black does.
	fake := writeScript(t, t.TempDir(), "black", `for f in "$@"; do sed -i 's/x=1/x = 1/' "$f"; done; echo "reformatted $*" >&2`)
	dir := newRepo(t, map[string]string{"app/main.py": "x=1\n", "app/ok.py": "y = 2\n"})
	results, report := runConfig(t, dir, blackConfig, Options{AllFiles: true, Tools: Tools{Black: fake}})
	r := results[0]
	if r.Status != StatusFailed || r.ExitCode != 0 || !slices.Equal(r.Modified, []string{"app/main.py"}) {
		t.Errorf("result %+v\n%s", r, report)
	}
	if !strings.Contains(report, "- files were modified by this hook") || strings.Contains(report, "- exit code") {
		t.Errorf("report:\n%s", report)
	}
	if got := readFile(t, dir, "app/main.py"); got != "x = 1\n" {
		t.Errorf("main.py = %q", got)
	}
}

const cfnLintConfig = "repos:\n- repo: https://github.com/aws-cloudformation/cfn-python-lint\n  rev: v0.65.1\n  hooks:\n  - id: cfn-python-lint\n    files: aws/.*\\.(json|yml|yaml)$\n"

func TestCfnLintInstalled(t *testing.T) {
	if _, err := exec.LookPath("cfn-lint"); err != nil {
		t.Skip("cfn-lint not installed")
	}
	seed, err := os.ReadFile(filepath.Join(seedDir, "aws/app-template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := newRepo(t, map[string]string{
		"aws/app-template.yaml": string(seed),
		"aws/bad.yaml":          "Resources:\n  X:\n    Type: AWS::Foo::Bar\n",
	})
	results, report := runConfig(t, dir, cfnLintConfig, Options{Files: []string{"aws/app-template.yaml"}})
	if results[0].Status != StatusPassed {
		t.Errorf("seed template: %+v\n%s", results[0], report)
	}
	results, report = runConfig(t, dir, cfnLintConfig, Options{AllFiles: true})
	if r := results[0]; r.Status != StatusFailed || r.ExitCode&2 == 0 || !strings.Contains(r.Output, "E3006") {
		t.Errorf("bad template: %+v\n%s", r, report)
	}
}

func TestCfnLintFallsBackToTemplateLinter(t *testing.T) {
	dir := newRepo(t, map[string]string{"aws/t.yaml": "Resources: {}\n"})
	missing := Tools{CfnLint: filepath.Join(t.TempDir(), "no-cfn-lint")}
	var linted []string
	linter := func(path string, body []byte) []Finding {
		linted = append(linted, path+":"+string(body))
		return []Finding{{Rule: "W1001", Message: "something odd", Line: 1, Column: 1}}
	}
	results, report := runConfig(t, dir, cfnLintConfig, Options{AllFiles: true, Tools: missing, TemplateLinter: linter})
	r := results[0]
	if r.Status != StatusFailed || r.ExitCode != 4 || r.Output != "W1001 something odd\naws/t.yaml:1:1\n\n" {
		t.Errorf("result %+v\n%s", r, report)
	}
	if !slices.Equal(linted, []string{"aws/t.yaml:Resources: {}\n"}) {
		t.Errorf("linted %v", linted)
	}
	clean := func(string, []byte) []Finding { return nil }
	if results, _ := runConfig(t, dir, cfnLintConfig, Options{AllFiles: true, Tools: missing, TemplateLinter: clean}); results[0].Status != StatusPassed {
		t.Errorf("clean linter: %+v", results[0])
	}
	results, _ = runConfig(t, dir, cfnLintConfig, Options{AllFiles: true, Tools: missing})
	if !strings.Contains(results[0].Output, "cfn-lint is not installed and no template linter is configured") {
		t.Errorf("no linter: %+v", results[0])
	}
}

func TestSeverityBits(t *testing.T) {
	for f, want := range map[Finding]int{
		{Rule: "E3006"}: 2, {Rule: "W2001"}: 4, {Rule: "I3011"}: 8, {Rule: "X1", Severity: "warning"}: 4, {}: 2,
	} {
		if got := severityBit(f); got != want {
			t.Errorf("severityBit(%+v) = %d, want %d", f, got, want)
		}
	}
}

const cfnNagConfig = "repos:\n- repo: https://github.com/AleksaC/mirrors-cfn-nag\n  rev: v0.6.13\n  hooks:\n  - id: cfn-nag\n    files: aws/.*\\.(json|yml|yaml)$\n"

func TestCfnNagHook(t *testing.T) {
	warnOnly := "Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n"
	failing := "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: '*'\n            Resource: arn:aws:s3:::b\n"
	tests := []struct {
		name, file, args string
		status           Status
		code             int
		output           string
	}{
		{"warnings pass", warnOnly, "", StatusPassed, 0, "| WARN W86"},
		{"fail on warnings", warnOnly, "    args: [--fail-on-warnings]\n", StatusFailed, 1, "Warnings count: 1"},
		{"failure", failing, "", StatusFailed, 1, "| FAIL F5\n|\n| Resource: [\"P\"]\n| Line Numbers: [2]"},
		{"suppressed", failing + "    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - id: F5\n            reason: test\n", "", StatusPassed, 0, "Failures count: 0"},
		{"suppression refused", failing + "    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - id: F5\n", "    args: [--no-allow-suppression]\n", StatusFailed, 1, "FAIL F5"},
		{"not a template", "just: yaml\n", "", StatusFailed, 1, "| FAIL FATAL"},
		{"bad tag", "Resources:\n  X:\n    Type: !Bogus x\n", "", StatusFailed, 1, "unknown tag !Bogus"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := newRepo(t, map[string]string{"aws/t.yaml": tc.file})
			results, report := runConfig(t, dir, cfnNagConfig+tc.args, Options{AllFiles: true, Verbose: true})
			r := results[0]
			if r.Status != tc.status || r.ExitCode != tc.code || !strings.Contains(r.Output, tc.output) {
				t.Errorf("result %+v\n%s", r, report)
			}
		})
	}
}

func TestGoHooks(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go not installed")
	}
	const config = "repos:\n- repo: https://github.com/dnephin/pre-commit-golang\n  rev: v0.5.1\n  hooks:\n  - id: go-fmt\n  - id: go-vet\n"
	dir := newRepo(t, map[string]string{
		"go.mod":     "module example.com/m\n\ngo 1.21\n",
		"main.go":    "package main\n\nfunc main() {}\n",
		"bad/bad.go": "package bad\nimport \"fmt\"\nfunc F() {   fmt.Printf(\"%d\", \"x\") }\n",
	})
	results, report := runConfig(t, dir, config, Options{AllFiles: true, Env: []string{"GOFLAGS=-mod=mod", "GOTOOLCHAIN=local"}})
	if r := results[0]; r.Status != StatusFailed || strings.TrimSpace(r.Output) != "bad/bad.go" {
		t.Errorf("go-fmt: %+v\n%s", r, report)
	}
	if r := results[1]; r.Status != StatusFailed || !strings.Contains(r.Output, "Printf format %d has arg") {
		t.Errorf("go-vet: %+v\n%s", r, report)
	}
	writeFiles(t, dir, map[string]string{"bad/bad.go": "package bad\n\nimport \"fmt\"\n\nfunc F() { fmt.Println(\"x\") }\n"})
	results, report = runConfig(t, dir, config, Options{AllFiles: true, Env: []string{"GOTOOLCHAIN=local"}})
	if !Passed(results) {
		t.Errorf("fixed code:\n%s", report)
	}
	if got := packageDirs([]string{"main.go", "a/b/c.go", "a/b/d.go", "x/y.go"}); !slices.Equal(got, []string{".", "./a/b", "./x"}) {
		t.Errorf("packageDirs = %v", got)
	}
}

func TestGofmtWriteIsAFixer(t *testing.T) {
	if _, err := exec.LookPath("gofmt"); err != nil {
		t.Skip("gofmt not installed")
	}
	const config = "repos:\n- repo: https://github.com/dnephin/pre-commit-golang\n  rev: v0.5.1\n  hooks:\n  - id: go-fmt\n    args: [-w]\n"
	dir := newRepo(t, map[string]string{"a.go": "package a\nfunc F() {   }\n"})
	results, report := runConfig(t, dir, config, Options{AllFiles: true})
	if r := results[0]; r.Status != StatusFailed || !slices.Equal(r.Modified, []string{"a.go"}) {
		t.Errorf("result %+v\n%s", r, report)
	}
	if got := readFile(t, dir, "a.go"); got != "package a\n\nfunc F() {}\n" {
		t.Errorf("a.go = %q", got)
	}
}
