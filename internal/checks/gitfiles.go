package checks

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// git runs a git command in dir and returns its stdout.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if strings.Contains(msg, "not a git repository") {
			return nil, fmt.Errorf("checks: git %s in %s: %w", args[0], dir, ErrNotGitRepo)
		}
		return nil, fmt.Errorf("checks: git %s in %s: %w: %s", args[0], dir, err, msg)
	}
	return out, nil
}

// zsplit splits NUL-separated git output.
func zsplit(out []byte) []string {
	var names []string
	for part := range strings.SplitSeq(string(out), "\x00") {
		if part != "" {
			names = append(names, part)
		}
	}
	return names
}

// TrackedFiles lists every file git tracks in dir (git ls-files), as
// `pre-commit run --all-files` does.
func TrackedFiles(ctx context.Context, dir string) ([]string, error) {
	out, err := git(ctx, dir, "ls-files", "-z")
	if err != nil {
		return nil, err
	}
	return zsplit(out), nil
}

// StagedFiles lists the files added, copied, modified or renamed in the
// index: what a commit being made changes, as pre-commit's git hook sees it.
func StagedFiles(ctx context.Context, dir string) ([]string, error) {
	out, err := git(ctx, dir, "diff", "--staged", "--name-only", "--no-ext-diff", "-z", "--diff-filter=ACMRTUXB")
	if err != nil {
		return nil, err
	}
	return zsplit(out), nil
}

// ChangedFiles lists the files that differ between from and to (from...to,
// the merge base form pre-commit uses with --from-ref/--to-ref), so that a
// pipeline checks exactly what a push changed.
func ChangedFiles(ctx context.Context, dir, from, to string) ([]string, error) {
	out, err := git(ctx, dir, "diff", "--name-only", "--no-ext-diff", "-z", from+"..."+to)
	if err != nil {
		return nil, err
	}
	return zsplit(out), nil
}

// CommitFiles lists the files one commit changed (against its first
// parent; every file for a root commit): "the commit's files" a pipeline
// run for that commit checks.
func CommitFiles(ctx context.Context, dir, rev string) ([]string, error) {
	out, err := git(ctx, dir, "diff-tree", "--no-commit-id", "--name-only", "-r", "-z", "--root", "-m", "--first-parent", rev)
	if err != nil {
		return nil, err
	}
	return zsplit(out), nil
}

// addedFiles lists files staged as new (pre-commit-hooks' added_files()).
func addedFiles(ctx context.Context, dir string) map[string]bool {
	out, err := git(ctx, dir, "diff", "--staged", "--name-only", "--diff-filter=A", "-z")
	set := map[string]bool{}
	if err != nil {
		return set
	}
	for _, f := range zsplit(out) {
		set[f] = true
	}
	return set
}

// gitDir returns the absolute git directory of the work tree at dir.
func gitDir(ctx context.Context, dir string) (string, error) {
	out, err := git(ctx, dir, "rev-parse", "--absolute-git-dir")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}
