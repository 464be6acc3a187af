package runner

import (
	"context"
	"time"

	"github.com/berth-dev/berth/internal/oidc"
	"github.com/berth-dev/berth/internal/pipeline/workflow"
)

// Conclusion is the result of a run, job or step, with GitHub's names.
type Conclusion string

// Conclusions (and step outcomes).
const (
	Success   Conclusion = "success"
	Failure   Conclusion = "failure"
	Cancelled Conclusion = "cancelled"
	Skipped   Conclusion = "skipped"
)

// NullSHA is the `before` of a push that created its branch.
const NullSHA = "0000000000000000000000000000000000000000"

// Event is what triggered the run.
type Event struct {
	// Name is push or workflow_dispatch.
	Name string
	// Ref is the full ref, e.g. refs/heads/main.
	Ref string
	// Before is the previous head of Ref for a push (NullSHA for a new
	// branch); empty for workflow_dispatch.
	Before string
	// SHA is the commit being run.
	SHA string
	// DefaultBranch is the repository's default branch; "main" when empty.
	DefaultBranch string
	// Payload is the webhook event body (github.event); nil makes the runner
	// build a minimal one as GitHub would shape it.
	Payload map[string]any
}

// Spec is one workflow run to execute.
type Spec struct {
	Workflow *workflow.Workflow
	// Workspace is a checkout of Event.SHA (GITHUB_WORKSPACE).
	Workspace string
	// JobWorkspace, when set, gives each job (by key) a workspace of its
	// own, as each GitHub job has its own runner; nil shares Workspace.
	// Jobs of a stage run in parallel, so multi-job workflows want it.
	JobWorkspace func(ctx context.Context, jobKey string) (string, error)
	// TempDir is a scratch directory for the run, removed by the caller;
	// RUNNER_TEMP and the file-command files live under it.
	TempDir string
	// Repository is owner/name.
	Repository string
	Event      Event
	RunID      int64
	RunNumber  int64
	RunAttempt int // 1 when zero
	Actor      string
	// ServerURL is github.server_url; https://github.com when empty.
	ServerURL string
	Secrets   map[string]string
	Vars      map[string]string
	// Inputs are workflow_dispatch inputs (defaults are filled in).
	Inputs map[string]string
	// Observer receives progress and log lines; nil discards them.
	Observer Observer
	// LastSuccessfulCommit returns the commit of the last successful run of
	// this workflow ("" when none), for dorny/paths-filter on a first push.
	LastSuccessfulCommit func(ctx context.Context) (string, error)
}

// StepResult is a finished (or skipped) step.
type StepResult struct {
	Job   string // job key
	Index int    // 1-based position in the job
	ID    string
	Name  string
	// Outcome is the step's own result; Conclusion is it after
	// continue-on-error (a failed step that may fail concludes success).
	Outcome, Conclusion Conclusion
	Outputs             map[string]string
	// Summary is what the step wrote to GITHUB_STEP_SUMMARY (masked).
	Summary           string
	Started, Finished time.Time
}

// JobResult is a finished (or skipped) job: needs.<id> for its dependents.
type JobResult struct {
	// Key identifies the job in a run: its id, or id/N for the Nth
	// combination of a matrix.
	Key, ID, Name     string
	Result            Conclusion
	Outputs           map[string]string
	Started, Finished time.Time
	Steps             []StepResult
}

// Result is a finished run.
type Result struct {
	Conclusion Conclusion
	Jobs       []*JobResult
	// Message explains a run that failed before its jobs could run.
	Message string
}

// Observer receives a run's progress. Jobs of a stage run in parallel, so
// implementations must be safe for concurrent use; calls for one job are
// sequential and in order.
type Observer interface {
	// JobStarted is called when a job (or matrix combination) begins.
	JobStarted(key, name string, at time.Time)
	// JobFinished is called once per job, also for skipped jobs.
	JobFinished(r *JobResult)
	// StepStarted is called before a step's condition is evaluated.
	StepStarted(job string, index int, name string, at time.Time)
	// StepFinished is called once per step, also for skipped steps.
	StepFinished(r *StepResult)
	// Log receives one masked log line; step 0 holds the job's own lines,
	// job "" the run's.
	Log(job string, step int, at time.Time, line string)
}

// NopObserver discards everything; embed it to implement part of Observer.
type NopObserver struct{}

// JobStarted implements Observer.
func (NopObserver) JobStarted(string, string, time.Time) {}

// JobFinished implements Observer.
func (NopObserver) JobFinished(*JobResult) {}

// StepStarted implements Observer.
func (NopObserver) StepStarted(string, int, string, time.Time) {}

// StepFinished implements Observer.
func (NopObserver) StepFinished(*StepResult) {}

// Log implements Observer.
func (NopObserver) Log(string, int, time.Time, string) {}

// TokenMinter signs the OIDC ID tokens jobs request. The runner fills the
// claims GitHub puts in a workflow token (repository, ref, sha, workflow,
// run ids, actor, event name, environment, audience); the minter chooses
// the issuer and lifetime.
type TokenMinter interface {
	// MintIDToken returns a signed JWT for c, or an error shown to the step
	// that asked.
	MintIDToken(ctx context.Context, c oidc.Claims) (string, error)
}

// TokenMinterFunc adapts a function to TokenMinter.
type TokenMinterFunc func(ctx context.Context, c oidc.Claims) (string, error)

// MintIDToken implements TokenMinter.
func (f TokenMinterFunc) MintIDToken(ctx context.Context, c oidc.Claims) (string, error) {
	return f(ctx, c)
}

// Locker serialises job-level concurrency groups (package concurrency
// implements it).
type Locker interface {
	// Acquire blocks until the caller holds group; cancel stops the caller
	// when a newer request cancels in progress. release must be called once.
	Acquire(ctx context.Context, group string, cancelInProgress bool, cancel context.CancelFunc) (release func(), err error)
}
