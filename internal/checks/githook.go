package checks

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// hookMarker identifies hooks berth wrote, so reinstalling replaces them
// instead of keeping them as legacy hooks.
const hookMarker = "# berth-managed pre-commit hook"

// hookScript is the git hook: it runs a kept legacy hook first, then
// `berth check`, whose default is the staged files.
func hookScript(berthPath string) string {
	q := shellQuote(berthPath)
	return `#!/bin/sh
` + hookMarker + `: runs the checks of .pre-commit-config.yaml natively
# (berth check) on the staged files. Installed by "berth hooks install"; a hook
# that was here before is kept as pre-commit.legacy and runs first.
HERE="$(cd "$(dirname "$0")" && pwd)"
if [ -x "$HERE/pre-commit.legacy" ]; then
    "$HERE/pre-commit.legacy" "$@" || exit $?
fi
if [ ! -x ` + q + ` ]; then
    echo "berth not found at ` + strings.ReplaceAll(q, `"`, `\"`) + `; run berth hooks install again" >&2
    exit 1
fi
exec ` + q + ` check
`
}

// hooksDir returns the directory git runs hooks from (honours
// core.hooksPath and worktrees).
func hooksDir(ctx context.Context, repoDir string) (string, error) {
	out, err := git(ctx, repoDir, "rev-parse", "--git-path", "hooks")
	if err != nil {
		return "", err
	}
	dir := strings.TrimSpace(string(out))
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(repoDir, dir)
	}
	return dir, nil
}

// InstallGitHook writes the repository's git pre-commit hook so that every
// commit runs `berthPath check` on the staged files. An existing hook that
// berth did not write is kept as pre-commit.legacy and still runs first,
// as pre-commit install does. Like pre-commit, it refuses when
// core.hooksPath is set, since the hook would then apply to other
// repositories too.
func InstallGitHook(repoDir, berthPath string) error {
	ctx := context.Background()
	if hp, err := git(ctx, repoDir, "config", "core.hooksPath"); err == nil && strings.TrimSpace(string(hp)) != "" {
		return fmt.Errorf("checks: install git hook in %s: %w (%s); unset it or add `berth check` to that directory's pre-commit hook",
			repoDir, ErrHooksPathSet, strings.TrimSpace(string(hp)))
	}
	dir, err := hooksDir(ctx, repoDir)
	if err != nil {
		return fmt.Errorf("checks: install git hook in %s: %w", repoDir, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("checks: install git hook in %s: %w", repoDir, err)
	}
	hook := filepath.Join(dir, "pre-commit")
	legacy := hook + ".legacy"
	if old, err := os.ReadFile(hook); err == nil && !strings.Contains(string(old), hookMarker) {
		if _, err := os.Stat(legacy); err == nil {
			return fmt.Errorf("checks: install git hook %s: %w; merge or remove one of them", hook, ErrLegacyHookExists)
		}
		if err := os.Rename(hook, legacy); err != nil {
			return fmt.Errorf("checks: install git hook %s: keep existing hook: %w", hook, err)
		}
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("checks: install git hook %s: %w", hook, err)
	}
	if err := os.WriteFile(hook, []byte(hookScript(berthPath)), 0o755); err != nil {
		return fmt.Errorf("checks: install git hook %s: %w", hook, err)
	}
	// WriteFile keeps an existing file's mode; make sure it is executable.
	if err := os.Chmod(hook, 0o755); err != nil {
		return fmt.Errorf("checks: install git hook %s: %w", hook, err)
	}
	return nil
}

// UninstallGitHook removes berth's pre-commit hook and puts a kept legacy
// hook back. A hook berth did not write is left alone.
func UninstallGitHook(repoDir string) error {
	dir, err := hooksDir(context.Background(), repoDir)
	if err != nil {
		return fmt.Errorf("checks: uninstall git hook in %s: %w", repoDir, err)
	}
	hook := filepath.Join(dir, "pre-commit")
	old, err := os.ReadFile(hook)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && !strings.Contains(string(old), hookMarker)) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("checks: uninstall git hook %s: %w", hook, err)
	}
	if err := os.Remove(hook); err != nil {
		return fmt.Errorf("checks: uninstall git hook %s: %w", hook, err)
	}
	if _, err := os.Stat(hook + ".legacy"); err == nil {
		if err := os.Rename(hook+".legacy", hook); err != nil {
			return fmt.Errorf("checks: uninstall git hook %s: restore legacy hook: %w", hook, err)
		}
	}
	return nil
}
