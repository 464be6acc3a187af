package actions

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/berth-dev/berth/internal/pipeline/workflow"
)

// Sentinel errors of this package.
var (
	// ErrUnsupportedAction marks a `uses:` berth has no native
	// implementation for; the message lists what is supported.
	ErrUnsupportedAction = errors.New("unsupported action")
	// ErrInput marks a missing or invalid action input.
	ErrInput = errors.New("invalid action input")
	// ErrNoIDToken marks an action needing an OIDC token in a job without
	// `permissions: id-token: write`.
	ErrNoIDToken = errors.New("no OIDC token available")
)

// Action is one native action implementation.
type Action interface {
	// Run performs the action for one step. It reports what it does through
	// inv.Log and inv.Commands; a non-nil error fails the step and its
	// message is shown as the step's error annotation.
	Run(ctx context.Context, inv *Invocation) error
}

// ActionFunc adapts a function to Action.
type ActionFunc func(ctx context.Context, inv *Invocation) error

// Run implements Action.
func (f ActionFunc) Run(ctx context.Context, inv *Invocation) error { return f(ctx, inv) }

// Commands receives what a step exports, as the ::set-output::, GITHUB_ENV,
// GITHUB_PATH and ::add-mask:: mechanisms do for JavaScript actions.
type Commands interface {
	// SetOutput sets steps.<id>.outputs.<name>.
	SetOutput(name, value string)
	// ExportVariable sets an environment variable for this step's later
	// actions and every later step of the job.
	ExportVariable(name, value string)
	// AddPath prepends dir to PATH for later steps.
	AddPath(dir string)
	// AddMask registers a value replaced by *** in every later log line.
	AddMask(value string)
}

// Event is the part of the triggering event actions read.
type Event struct {
	Name   string // push or workflow_dispatch
	Ref    string // refs/heads/main
	Before string // the previous head of the ref for a push, 40 zeros for a new branch, "" otherwise
	SHA    string // the commit being run
	// DefaultBranch is the repository's default branch (usually main).
	DefaultBranch string
}

// Invocation is one step's use of a native action.
type Invocation struct {
	Ref workflow.ActionRef
	// Inputs are the step's `with:` values, interpolated; absent inputs are
	// absent (each action applies its documented defaults).
	Inputs map[string]string
	// Workspace is GITHUB_WORKSPACE, the checkout of the run's commit.
	Workspace string
	// TempDir is RUNNER_TEMP.
	TempDir string
	// Env is the environment the step sees (defaults, job env, exported
	// variables, step env).
	Env   map[string]string
	Event Event
	// Log receives the action's output, line by line; the runner masks
	// secrets and records each line.
	Log      io.Writer
	Commands Commands
	// AWSEndpoint is berth's API endpoint, used when the environment has no
	// AWS_ENDPOINT_URL.
	AWSEndpoint string
	// IDToken requests an OIDC token for audience from the run's token
	// endpoint; nil when the job lacks id-token: write.
	IDToken func(ctx context.Context, audience string) (string, error)
	// LastSuccessfulCommit returns the commit of the last successful run of
	// this workflow, or "" when there is none.
	LastSuccessfulCommit func(ctx context.Context) (string, error)
}

// Input returns an input's value with surrounding whitespace trimmed, as
// @actions/core getInput does, or def when it is absent or blank.
func (inv *Invocation) Input(name, def string) string {
	if v := strings.TrimSpace(inv.Inputs[name]); v != "" {
		return v
	}
	return def
}

// Required returns an input or an error naming it, as getInput(name,
// {required: true}) does.
func (inv *Invocation) Required(name string) (string, error) {
	v := inv.Input(name, "")
	if v == "" {
		return "", fmt.Errorf("%w: Input required and not supplied: %s", ErrInput, name)
	}
	return v, nil
}

// Logf writes one log line.
func (inv *Invocation) Logf(format string, args ...any) {
	fmt.Fprintf(inv.Log, format+"\n", args...)
}

// Warningf writes a warning annotation line.
func (inv *Invocation) Warningf(format string, args ...any) {
	fmt.Fprintf(inv.Log, "##[warning]"+format+"\n", args...)
}

// Debugf writes a debug line, shown only when step debugging is on.
func (inv *Invocation) Debugf(format string, args ...any) {
	fmt.Fprintf(inv.Log, "##[debug]"+format+"\n", args...)
}

// truthy reads a boolean input the way the actions do with core.getBooleanInput
// (true/True/TRUE) or !!+value ("1").
func truthy(v string) bool {
	switch strings.TrimSpace(strings.ToLower(v)) {
	case "true", "1", "yes":
		return true
	}
	return false
}
