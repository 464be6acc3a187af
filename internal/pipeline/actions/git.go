package actions

import (
	"context"

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
