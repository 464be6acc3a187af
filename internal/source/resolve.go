package source

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
)

// ResolveBranch returns the commit at the head of branch in repoURL without
// fetching anything (git ls-remote), so a watcher can poll every second. A
// full commit id is returned as is. A missing branch wraps ErrRefNotFound.
func ResolveBranch(ctx context.Context, repoURL, branch string, auth *Auth) (string, error) {
	commit, err := resolve(ctx, repoURL, branch, auth)
	if err != nil {
		return "", fmt.Errorf("source: resolve %s of %s: %w", describeRef(branch), redactURL(repoURL), err)
	}
	return commit, nil
}

func resolve(ctx context.Context, repoURL, branch string, auth *Auth) (string, error) {
	r, err := parseRemote(repoURL)
	if err != nil {
		return "", err
	}
	if err := checkRef(branch); err != nil {
		return "", err
	}
	if IsCommit(branch) {
		return branch, nil
	}
	want := refspec(branch)
	g := newGit(r, auth)
	// Run outside any repository: ls-remote would read the config of one
	// it happened to run in.
	out, err := g.run(ctx, os.TempDir(), "ls-remote", "--end-of-options", r.arg, want)
	if err != nil {
		return "", err
	}
	commit, ok := findRef(out, want)
	if !ok {
		return "", fmt.Errorf("%w: no %s", ErrRefNotFound, want)
	}
	return commit, nil
}

// errBadLsRemote reports ls-remote output that does not parse.
var errBadLsRemote = errors.New("source: malformed ls-remote output")

// parseLsRemote parses "git ls-remote" output ("<commit>\t<ref>" lines)
// into ref → commit.
func parseLsRemote(out string) (map[string]string, error) {
	refs := make(map[string]string)
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		commit, ref, ok := strings.Cut(line, "\t")
		if !ok || !IsCommit(commit) || ref == "" {
			return nil, fmt.Errorf("%w: line %q", errBadLsRemote, line)
		}
		refs[ref] = commit
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %v", errBadLsRemote, err)
	}
	return refs, nil
}

// findRef returns the commit of exactly ref: ls-remote matches patterns by
// suffix, so "main" would also match refs/remotes/x/main.
func findRef(out, ref string) (string, bool) {
	refs, err := parseLsRemote(out)
	if err != nil {
		return "", false
	}
	commit, ok := refs[ref]
	return commit, ok
}
