package actions

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ErrChecksFailed is returned by pre-commit/action when a hook fails.
var ErrChecksFailed = errors.New("pre-commit hooks failed")

// CheckRequest says which files and hooks a pre-commit run covers.
type CheckRequest struct {
	// Dir is the repository's working tree (holding .pre-commit-config.yaml).
	Dir string
	// AllFiles runs hooks on every tracked file (--all-files); otherwise
	// Files, or else the staged files, are checked.
	AllFiles bool
	Files    []string
	// Hook, when set, runs only the hook with that id.
	Hook string
	// Out receives pre-commit's output, one line per hook and its details.
	Out io.Writer
}

// Checker runs the hooks of a repository's .pre-commit-config.yaml
// natively (package checks). Contract: passed reports whether every hook
// passed; err is reserved for checks that could not run at all (a missing
// or invalid config, an unknown hook) and its message is shown to the user.
type Checker interface {
	Check(ctx context.Context, req CheckRequest) (passed bool, err error)
}

// CheckerFunc adapts a function to Checker.
type CheckerFunc func(ctx context.Context, req CheckRequest) (bool, error)

// Check implements Checker.
func (f CheckerFunc) Check(ctx context.Context, req CheckRequest) (bool, error) { return f(ctx, req) }

// PreCommit is pre-commit/action@v2-v3: it runs the repository's
// pre-commit hooks with berth's native implementations (no Python, no
// network) on the files extra_args selects (default --all-files, as the
// real action), printing pre-commit's usual report. v2's token input (push
// fixes back) is ignored: berth never pushes.
type PreCommit struct {
	Checker Checker
}

// Run implements Action.
func (p PreCommit) Run(ctx context.Context, inv *Invocation) error {
	if p.Checker == nil {
		return fmt.Errorf("pre-commit/action: berth was built without native pre-commit checks")
	}
	req, err := parsePreCommitArgs(inv.Input("extra_args", "--all-files"))
	if err != nil {
		return err
	}
	req.Dir = inv.Workspace
	req.Out = inv.Log
	inv.Logf("pre-commit run --show-diff-on-failure --color=always %s (berth: native hooks)", inv.Input("extra_args", "--all-files"))
	passed, err := p.Checker.Check(ctx, req)
	if err != nil {
		return fmt.Errorf("pre-commit: %w", err)
	}
	if !passed {
		return fmt.Errorf("%w (Process completed with exit code 1.)", ErrChecksFailed)
	}
	return nil
}

// parsePreCommitArgs reads the subset of `pre-commit run` arguments berth
// understands: [hook-id] [--all-files|-a] [--files f...]. Display options
// (--show-diff-on-failure, --color, -v) are accepted and ignored.
func parsePreCommitArgs(args string) (CheckRequest, error) {
	var req CheckRequest
	fields := strings.Fields(args)
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		switch {
		case f == "--all-files" || f == "-a":
			req.AllFiles = true
		case f == "--files":
			for i+1 < len(fields) && !strings.HasPrefix(fields[i+1], "-") {
				i++
				req.Files = append(req.Files, fields[i])
			}
		case f == "--hook-stage" || f == "--color":
			i++
		case f == "--show-diff-on-failure" || f == "-v" || f == "--verbose" || strings.HasPrefix(f, "--color="):
		case !strings.HasPrefix(f, "-") && req.Hook == "":
			req.Hook = f
		default:
			return req, fmt.Errorf("%w: extra_args: berth's pre-commit does not support %q", ErrInput, f)
		}
	}
	return req, nil
}
