// Package demo creates the demo repository `berth init` and `berth up`
// start from: the example's files as a new git repository with one commit
// on main.
package demo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/berth-dev/berth/examples"
)

// ErrNotEmpty means the target directory already has files.
var ErrNotEmpty = errors.New("demo: directory is not empty")

// IsRepo reports whether dir is (inside) a git work tree.
func IsRepo(ctx context.Context, dir string) bool {
	out, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "--is-inside-work-tree").Output()
	return err == nil && strings.TrimSpace(string(out)) == "true"
}

// Init writes the example into dir (which must be missing or empty) and
// commits it on a new main branch.
func Init(ctx context.Context, dir string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("demo: init %s: %w", dir, ErrNotEmpty)
	}
	files, err := examples.SelfInfraApp()
	if err != nil {
		return fmt.Errorf("demo: init: %w", err)
	}
	for rel, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("demo: init: %w", err)
		}
		if err := os.WriteFile(p, body, 0o644); err != nil {
			return fmt.Errorf("demo: init: %w", err)
		}
	}
	for _, args := range [][]string{
		{"init", "-q", "-b", "main"},
		{"add", "-A"},
		{"-c", "user.name=berth", "-c", "user.email=berth@localhost", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "Initial commit from berth init"},
	} {
		cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("demo: git %s: %v: %s", args[0], err, strings.TrimSpace(string(out)))
		}
	}
	return nil
}
