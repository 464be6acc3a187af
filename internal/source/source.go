// Package source fetches a service's code from its git repository at an
// exact commit, and resolves a branch to its head commit cheaply so a
// watcher can poll for new commits.
//
// It drives the git command line (os/exec) rather than a Go git library:
// git is on every machine that holds a repository, it speaks every
// transport and credential setup the operator already uses, and go-git is
// not a dependency of berth. Every git call runs with a scrubbed
// environment: no system or user config (GIT_CONFIG_NOSYSTEM,
// GIT_CONFIG_GLOBAL=/dev/null) so a developer's aliases, hooks paths or
// credential helpers cannot change what berth fetches; no prompts
// (GIT_TERMINAL_PROMPT=0, ssh BatchMode) so a missing credential fails fast
// instead of hanging a server; only the file, git, http(s) and ssh
// transports (GIT_ALLOW_PROTOCOL), so a repository URL cannot run commands
// through ext::. A token travels in an HTTP header set through the
// environment (GIT_CONFIG_COUNT), never in the URL: it shows neither in the
// process list nor in the workspace's .git/config.
package source

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// Sentinel errors; the wrapping error names the repository and the ref.
var (
	// ErrRepoNotFound means the repository does not exist or is not a git
	// repository.
	ErrRepoNotFound = errors.New("source: repository not found")
	// ErrRefNotFound means the branch or commit does not exist in the
	// repository.
	ErrRefNotFound = errors.New("source: branch or commit not found")
	// ErrAuthFailed means the repository wants credentials that were
	// missing or refused.
	ErrAuthFailed = errors.New("source: authentication failed")
	// ErrInvalidArgument means a malformed URL, ref or destination.
	ErrInvalidArgument = errors.New("source: invalid argument")
	// ErrDestNotEmpty means Fetch was given a destination that already
	// holds files.
	ErrDestNotEmpty = errors.New("source: destination is not empty")
)

// Auth carries the credential of an App Runner connection for http(s)
// repositories. It is ignored for local paths and ssh.
type Auth struct {
	// Username goes with the token in HTTP Basic auth; empty means
	// "x-access-token", GitHub's convention for app and OAuth tokens.
	Username string
	// Token is the password or access token.
	Token string
}

// fullCommit matches a full SHA-1 or SHA-256 commit id.
var fullCommit = regexp.MustCompile(`^([0-9a-f]{40}|[0-9a-f]{64})$`)

// IsCommit reports whether ref is a full commit id (40 or 64 lowercase hex
// digits), which Fetch and ResolveBranch take as a commit, not a branch.
func IsCommit(ref string) bool {
	return fullCommit.MatchString(ref)
}

// checkRef rejects refs git would take for options or that git refuses as
// branch names anyway.
func checkRef(ref string) error {
	if ref == "" || strings.HasPrefix(ref, "-") || strings.ContainsAny(ref, " \t\n\r\x00~^:?*[\\") ||
		strings.Contains(ref, "..") || strings.Contains(ref, "@{") || strings.HasSuffix(ref, "/") ||
		strings.HasSuffix(ref, ".lock") || strings.HasPrefix(ref, "/") {
		return fmt.Errorf("%w: bad branch or commit %q", ErrInvalidArgument, ref)
	}
	return nil
}

// refspec is what to ask the remote for: a commit id as is, a branch as
// refs/heads/<branch> (full "refs/..." names are kept).
func refspec(ref string) string {
	if IsCommit(ref) || strings.HasPrefix(ref, "refs/") {
		return ref
	}
	return "refs/heads/" + ref
}

// Fetch puts the tree of repoURL at branchOrCommit into dest and returns the
// commit id it checked out. repoURL is a local path, a file://, http(s)://,
// ssh:// or git:// URL, or scp-like user@host:path. branchOrCommit is a
// branch name or a full commit id. dest must not exist or be an empty
// directory; on failure Fetch leaves it empty again. Only that one commit is
// fetched (depth 1), with its .git directory, so builds that read git
// metadata still work.
func Fetch(ctx context.Context, repoURL, branchOrCommit, dest string, auth *Auth) (string, error) {
	commit, err := fetch(ctx, repoURL, branchOrCommit, dest, auth)
	if err != nil {
		return "", fmt.Errorf("source: fetch %s of %s: %w", describeRef(branchOrCommit), redactURL(repoURL), err)
	}
	return commit, nil
}

func fetch(ctx context.Context, repoURL, ref, dest string, auth *Auth) (_ string, err error) {
	remote, err := parseRemote(repoURL)
	if err != nil {
		return "", err
	}
	if err := checkRef(ref); err != nil {
		return "", err
	}
	if dest == "" {
		return "", fmt.Errorf("%w: empty destination", ErrInvalidArgument)
	}
	created, err := prepareDest(dest)
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			cleanDest(dest, created)
		}
	}()
	g := newGit(remote, auth)
	if _, err := g.run(ctx, dest, "init", "--quiet"); err != nil {
		return "", err
	}
	if _, err := g.run(ctx, dest, "fetch", "--quiet", "--depth=1", "--no-tags", "--end-of-options", remote.arg, refspec(ref)); err != nil {
		return "", err
	}
	if _, err := g.run(ctx, dest, "checkout", "--quiet", "--detach", "FETCH_HEAD"); err != nil {
		return "", err
	}
	out, err := g.run(ctx, dest, "rev-parse", "HEAD")
	if err != nil {
		return "", err
	}
	commit := strings.TrimSpace(out)
	if IsCommit(ref) && commit != ref {
		return "", fmt.Errorf("%w: asked for commit %s, got %s", ErrRefNotFound, ref, commit)
	}
	return commit, nil
}

// describeRef names a ref for error messages.
func describeRef(ref string) string {
	if IsCommit(ref) {
		return "commit " + ref
	}
	return fmt.Sprintf("branch %q", ref)
}

// prepareDest makes sure dest exists and is empty; created says whether
// Fetch made it (and so may remove it on failure).
func prepareDest(dest string) (created bool, err error) {
	entries, err := os.ReadDir(dest)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(dest, 0o755); err != nil {
			return false, fmt.Errorf("create %s: %w", dest, err)
		}
		return true, nil
	case err != nil:
		return false, fmt.Errorf("%w: %s: %v", ErrInvalidArgument, dest, err)
	case len(entries) > 0:
		return false, fmt.Errorf("%w: %s", ErrDestNotEmpty, dest)
	}
	return false, nil
}

// cleanDest undoes a failed fetch: dest is removed if Fetch created it, or
// emptied if it was given empty.
func cleanDest(dest string, created bool) {
	if created {
		_ = os.RemoveAll(dest)
		return
	}
	entries, _ := os.ReadDir(dest)
	for _, e := range entries {
		_ = os.RemoveAll(dest + string(os.PathSeparator) + e.Name())
	}
}
