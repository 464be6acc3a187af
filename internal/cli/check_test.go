package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func gitRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "init"}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	return dir
}

func TestCheckRunsTheSeedHooks(t *testing.T) {
	cfg, err := os.ReadFile("../../testdata/seed/.pre-commit-config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tmpl, _ := os.ReadFile("../../testdata/seed/aws/app-template.yaml")
	dir := gitRepo(t, map[string]string{".pre-commit-config.yaml": string(cfg), "aws/app-template.yaml": string(tmpl), "README.md": "hello \n"})
	var out, errb bytes.Buffer
	code := Execute([]string{"check", "--repo", dir, "--all-files"}, &out, &errb)
	if code != 1 || !strings.Contains(out.String(), "Failed") || !strings.Contains(out.String(), "README.md") {
		t.Fatalf("code %d\n%s\n%s", code, out.String(), errb.String())
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "README.md")); string(b) != "hello\n" {
		t.Fatalf("trailing whitespace not fixed: %q", b)
	}
	out.Reset()
	if code := Execute([]string{"check", "--repo", dir, "--all-files"}, &out, &errb); code != 0 {
		t.Fatalf("second run: %d\n%s", code, out.String())
	}
	if code := Execute([]string{"check", "--repo", t.TempDir()}, &out, &errb); code != 2 {
		t.Fatalf("no config: %d", code)
	}
}

func TestHooksInstall(t *testing.T) {
	dir := gitRepo(t, map[string]string{"a.txt": "a\n"})
	var out, errb bytes.Buffer
	if code := Execute([]string{"hooks", "install", "--repo", dir}, &out, &errb); code != 0 {
		t.Fatalf("%d %s", code, errb.String())
	}
	b, err := os.ReadFile(filepath.Join(dir, ".git", "hooks", "pre-commit"))
	if err != nil || !strings.Contains(string(b), "check") {
		t.Fatalf("hook: %v %s", err, b)
	}
	b, err = os.ReadFile(filepath.Join(dir, ".git", "hooks", "post-commit"))
	if err != nil || !strings.Contains(string(b), "pipeline run --repo") || !strings.Contains(string(b), "= main ]") {
		t.Fatalf("post-commit: %v %s", err, b)
	}
	// The nudge script is valid shell, and a commit on another branch is left alone.
	if out, err := exec.Command("sh", "-n", filepath.Join(dir, ".git", "hooks", "post-commit")).CombinedOutput(); err != nil {
		t.Fatalf("post-commit syntax: %v %s", err, out)
	}
}

func TestLintExitCodes(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Execute([]string{"lint", "../cloudformation/lint/testdata/good.yaml"}, &out, &errb); code != 0 {
		t.Fatalf("good: %d %s", code, out.String())
	}
	out.Reset()
	code := Execute([]string{"lint", "../cloudformation/lint/testdata/unresolved.yaml"}, &out, &errb)
	if code != 1 || !strings.Contains(out.String(), "unresolved.yaml:7:") || !strings.Contains(out.String(), "Unresolved resource dependencies [Missing]") {
		t.Fatalf("unresolved: %d %s", code, out.String())
	}
}
