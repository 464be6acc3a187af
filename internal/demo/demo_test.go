package demo

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestInitCreatesARepositoryWithOneCommit(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "my-app")
	if IsRepo(ctx, dir) {
		t.Fatal("missing dir reported as a repository")
	}
	if err := Init(ctx, dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"go.mod", "app/main.go", "aws/app-template.yaml", "platform/platform.yaml", ".github/workflows/sync-main.yaml", ".pre-commit-config.yaml", "README.md"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod.example")); err == nil {
		t.Error("go.mod.example was not renamed")
	}
	out, err := exec.Command("git", "-C", dir, "log", "--format=%s", "main").Output()
	if err != nil || strings.TrimSpace(string(out)) != "Initial commit from berth init" {
		t.Fatalf("log: %q %v", out, err)
	}
	if !IsRepo(ctx, dir) {
		t.Fatal("created repository not recognised")
	}
	if err := Init(ctx, dir); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("second init: %v", err)
	}
}
