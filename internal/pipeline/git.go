package pipeline

import (
	"context"
	"fmt"
	"strings"

	"github.com/berth-dev/berth/internal/pipeline/gitcmd"
)

// git runs git in dir and returns its trimmed output.
func git(ctx context.Context, dir string, args ...string) (string, error) {
	return gitcmd.Run(ctx, dir, args...)
}

// gitLines runs git and returns the non-empty lines of its output.
func gitLines(ctx context.Context, dir string, args ...string) ([]string, error) {
	return gitcmd.Lines(ctx, dir, args...)
}

// resolveCommit returns the full SHA of rev, or an error.
func resolveCommit(ctx context.Context, dir, rev string) (string, error) {
	return git(ctx, dir, "rev-parse", "--verify", "--quiet", rev+"^{commit}")
}

// hasCommit reports whether sha is in the repository.
func hasCommit(ctx context.Context, dir, sha string) bool {
	_, err := git(ctx, dir, "cat-file", "-e", sha+"^{commit}")
	return err == nil
}

// changedFiles lists the files changed between two commits; nil when
// before is empty, the null SHA or unknown (GitHub then ignores path
// filters).
func changedFiles(ctx context.Context, dir, before, after string) []string {
	if before == "" || before == nullSHA || !hasCommit(ctx, dir, before) {
		return nil
	}
	files, err := gitLines(ctx, dir, "diff", "--no-renames", "--name-only", before, after)
	if err != nil {
		return nil
	}
	if files == nil {
		files = []string{}
	}
	return files
}

// commitInfo is what a push payload says about a commit.
type commitInfo struct {
	SHA, Message, Timestamp, AuthorName, AuthorEmail, CommitterName, CommitterEmail string
}

func readCommit(ctx context.Context, dir, sha string) (commitInfo, error) {
	out, err := git(ctx, dir, "log", "-1", "--format=%H%x00%B%x00%aI%x00%an%x00%ae%x00%cn%x00%ce", sha)
	if err != nil {
		return commitInfo{}, err
	}
	f := strings.Split(out, "\x00")
	if len(f) < 7 {
		return commitInfo{}, fmt.Errorf("git log %s: unexpected output", sha)
	}
	return commitInfo{f[0], strings.TrimSpace(f[1]), f[2], f[3], f[4], f[5], f[6]}, nil
}

// newCommits lists the commits from (exclusive) to to, oldest first,
// following first parents; ok is false when from is not an ancestor of to
// (a forced update) or there are more than max.
func newCommits(ctx context.Context, dir, from, to string, max int) ([]string, bool) {
	if _, err := git(ctx, dir, "merge-base", "--is-ancestor", from, to); err != nil {
		return nil, false
	}
	list, err := gitLines(ctx, dir, "rev-list", "--reverse", "--first-parent", from+".."+to)
	if err != nil || len(list) > max {
		return nil, false
	}
	return list, true
}
