package checks

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestInstallGitHook(t *testing.T) {
	dir := newRepo(t, map[string]string{"a.txt": "a\n"})
	hooks := filepath.Join(dir, ".git", "hooks")
	if err := os.MkdirAll(hooks, 0o755); err != nil {
		t.Fatal(err)
	}
	// A hook that was there before: kept as legacy, and it still runs.
	marker := filepath.Join(t.TempDir(), "legacy-ran")
	writeScript(t, hooks, "pre-commit", "touch "+shellQuote(marker)+"\n")
	// A stand-in for berth: fails when a.txt contains "bad".
	berth := writeScript(t, t.TempDir(), "berth", `[ "$1" = check ] || exit 9; ! grep -q bad a.txt`)

	if err := InstallGitHook(dir, berth); err != nil {
		t.Fatal(err)
	}
	if err := InstallGitHook(dir, berth); err != nil { // idempotent
		t.Fatal(err)
	}
	legacy, err := os.ReadFile(filepath.Join(hooks, "pre-commit.legacy"))
	if err != nil || !strings.Contains(string(legacy), "legacy-ran") {
		t.Fatalf("legacy hook: %q, %v", legacy, err)
	}
	fi, err := os.Stat(filepath.Join(hooks, "pre-commit"))
	if err != nil || fi.Mode().Perm()&0o100 == 0 {
		t.Fatalf("hook not executable: %v %v", fi, err)
	}

	gitT(t, dir, "commit", "-q", "-m", "good")
	if _, err := os.Stat(marker); err != nil {
		t.Errorf("legacy hook did not run: %v", err)
	}
	writeFiles(t, dir, map[string]string{"a.txt": "bad\n"})
	gitT(t, dir, "add", "a.txt")
	cmd := exec.Command("git", "commit", "-q", "-m", "bad")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Errorf("commit with a failing check succeeded: %s", out)
	}

	if err := UninstallGitHook(dir); err != nil {
		t.Fatal(err)
	}
	restored, err := os.ReadFile(filepath.Join(hooks, "pre-commit"))
	if err != nil || !strings.Contains(string(restored), "legacy-ran") {
		t.Errorf("legacy hook not restored: %q %v", restored, err)
	}
	if _, err := os.Stat(filepath.Join(hooks, "pre-commit.legacy")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("legacy file left behind: %v", err)
	}
}

func TestInstallGitHookRefusesToLoseAHook(t *testing.T) {
	dir := newRepo(t, nil)
	hooks := filepath.Join(dir, ".git", "hooks")
	if err := os.MkdirAll(hooks, 0o755); err != nil {
		t.Fatal(err)
	}
	writeScript(t, hooks, "pre-commit", "exit 0\n")
	writeScript(t, hooks, "pre-commit.legacy", "exit 0\n")
	if err := InstallGitHook(dir, "/usr/local/bin/berth"); !errors.Is(err, ErrLegacyHookExists) {
		t.Errorf("err = %v", err)
	}
}

func TestInstallGitHookNotARepo(t *testing.T) {
	if err := InstallGitHook(t.TempDir(), "/usr/local/bin/berth"); !errors.Is(err, ErrNotGitRepo) {
		t.Errorf("err = %v", err)
	}
}

func TestHookScriptQuotesPath(t *testing.T) {
	s := hookScript("/opt/my tools/berth")
	if !strings.Contains(s, "exec '/opt/my tools/berth' check\n") || !strings.HasPrefix(s, "#!/bin/sh\n"+hookMarker) {
		t.Errorf("script:\n%s", s)
	}
}

func TestInstallGitHookRefusesHooksPath(t *testing.T) {
	dir := newRepo(t, nil)
	gitT(t, dir, "config", "core.hooksPath", "/tmp/shared-hooks")
	if err := InstallGitHook(dir, "/usr/local/bin/berth"); !errors.Is(err, ErrHooksPathSet) {
		t.Errorf("err = %v", err)
	}
}
