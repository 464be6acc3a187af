package actions

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Checkout is actions/checkout@v2-v4. berth creates every run's workspace
// as a checkout of the run's commit before the first step, with the whole
// history available (fetch-depth is therefore ignored: a shallow clone
// would only remove history), so the action:
//   - without `path`, restores the workspace to the commit (`clean: true`,
//     the default, runs git reset --hard and git clean -ffdx, as the real
//     action does on an existing checkout) or checks out `ref` when given;
//   - with `path`, clones the workspace's repository into that
//     sub-directory and checks out the commit (or `ref`) there;
//   - refuses `repository` naming another repository (berth has only the
//     run's own repository, offline).
//
// token, ssh-key, persist-credentials, submodules, lfs, sparse-checkout and
// fetch-tags are accepted and ignored. Outputs (v4): ref and commit.
type Checkout struct{}

// Run implements Action.
func (Checkout) Run(ctx context.Context, inv *Invocation) error {
	if repo := inv.Input("repository", ""); repo != "" && !strings.EqualFold(repo, inv.Env["GITHUB_REPOSITORY"]) {
		return fmt.Errorf("%w: repository %q: berth checks out only the run's own repository (%s)", ErrInput, repo, inv.Env["GITHUB_REPOSITORY"])
	}
	target := inv.Input("ref", inv.Event.SHA)
	dir := inv.Workspace
	if p := inv.Input("path", ""); p != "" && filepath.Clean(p) != "." {
		dir = filepath.Join(inv.Workspace, p)
		if rel, err := filepath.Rel(inv.Workspace, dir); err != nil || strings.HasPrefix(rel, "..") {
			return fmt.Errorf("%w: path %q is outside the workspace", ErrInput, p)
		}
		if err := cloneInto(ctx, inv.Workspace, dir); err != nil {
			return err
		}
	}
	if truthy(inv.Input("clean", "true")) {
		if _, err := git(ctx, dir, "reset", "--hard", "--quiet"); err != nil {
			return err
		}
		if _, err := git(ctx, dir, "clean", "-ffdxq"); err != nil {
			return err
		}
	}
	head, err := git(ctx, dir, "rev-parse", "HEAD")
	if err != nil {
		return err
	}
	commit, err := git(ctx, dir, "rev-parse", "--verify", "--quiet", target+"^{commit}")
	if err != nil {
		return fmt.Errorf("%w: ref %q not found in the repository", ErrInput, target)
	}
	if commit != head {
		if _, err := git(ctx, dir, "checkout", "--quiet", "--detach", commit); err != nil {
			return err
		}
	}
	inv.Logf("Checked out %s at %s in %s (berth: the workspace is a local checkout; fetch-depth is not applied)", target, commit, displayPath(inv.Workspace, dir))
	ref := inv.Input("ref", inv.Event.Ref)
	inv.Commands.SetOutput("ref", ref)
	inv.Commands.SetOutput("commit", commit)
	return nil
}

// cloneInto clones the workspace's repository into dir (which must not yet
// be a repository), sharing objects so it is fast and offline.
func cloneInto(ctx context.Context, workspace, dir string) error {
	if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return fmt.Errorf("checkout: %w", err)
	}
	_, err := git(ctx, workspace, "clone", "--quiet", "--shared", "--no-checkout", workspace, dir)
	if err != nil {
		return err
	}
	_, err = git(ctx, dir, "reset", "--hard", "--quiet", "HEAD")
	return err
}

// displayPath names dir relative to the workspace for logs.
func displayPath(ws, dir string) string {
	rel, err := filepath.Rel(ws, dir)
	if err != nil || rel == "." {
		return "the workspace"
	}
	return rel
}
