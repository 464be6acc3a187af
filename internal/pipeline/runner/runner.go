package runner

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/berth-dev/berth/internal/pipeline/actions"
	"github.com/berth-dev/berth/internal/pipeline/concurrency"
)

// Config configures a Runner.
type Config struct {
	// Actions resolves `uses:`; nil means actions.NewRegistry with no
	// pre-commit checker.
	Actions *actions.Registry
	// Minter signs OIDC tokens for jobs with id-token: write; nil makes
	// their token requests fail.
	Minter TokenMinter
	// AWSEndpoint is berth's API endpoint, for the AWS actions.
	AWSEndpoint string
	// Locker serialises job-level concurrency groups; nil uses a private
	// concurrency.Groups.
	Locker Locker
	Logger *slog.Logger
	Now    func() time.Time
}

// Runner executes workflow runs. It holds no per-run state, so one Runner
// may execute several runs at once.
type Runner struct {
	cfg Config
}

// New returns a runner; it has no side effects.
func New(cfg Config) *Runner {
	if cfg.Actions == nil {
		cfg.Actions = actions.NewRegistry(actions.Deps{})
	}
	if cfg.Locker == nil {
		cfg.Locker = concurrency.New()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Runner{cfg: cfg}
}

func (r *Runner) now() time.Time { return r.cfg.Now() }

// runState is one run in progress.
type runState struct {
	r      *Runner
	spec   *Spec
	info   *runInfo
	masker *Masker
	obs    Observer

	mu      sync.Mutex
	results map[string]*JobResult // by job id, matrix combinations merged
	failed  map[string]bool       // job id → it or an ancestor failed
	mayFail map[string]bool       // job id → continue-on-error evaluated true
	tokens  *tokenServer
}

// Run executes spec to completion and returns its result. Cancelling ctx
// cancels the run: the running step's processes are stopped and only
// steps and jobs whose condition asks for it (always(), cancelled()) still
// run. Run never panics on a bad workflow; problems become a failed
// result with a message.
func (r *Runner) Run(ctx context.Context, spec *Spec) *Result {
	rs := &runState{r: r, spec: spec, masker: NewMasker(), obs: spec.Observer,
		results: map[string]*JobResult{}, failed: map[string]bool{}, mayFail: map[string]bool{}}
	if rs.obs == nil {
		rs.obs = NopObserver{}
	}
	for _, v := range spec.Secrets {
		rs.masker.Add(v)
	}
	defer func() {
		if rs.tokens != nil {
			rs.tokens.close()
		}
	}()
	if spec.Workflow == nil {
		return rs.fail("no workflow to run")
	}
	if fi, err := os.Stat(spec.Workspace); err != nil || !fi.IsDir() {
		return rs.fail(fmt.Sprintf("workspace %s is not a directory", spec.Workspace))
	}
	if err := os.MkdirAll(spec.TempDir, 0o700); err != nil {
		return rs.fail(fmt.Sprintf("temp dir: %v", err))
	}
	rs.info = newRunInfo(spec)
	if err := rs.info.writeEventFile(spec.TempDir); err != nil {
		return rs.fail(fmt.Sprintf("event file: %v", err))
	}
	for _, stage := range spec.Workflow.JobStages() {
		var wg sync.WaitGroup
		for _, job := range stage {
			wg.Go(func() { rs.runJob(ctx, job) })
		}
		wg.Wait()
	}
	return rs.result(ctx)
}

// fail ends a run that could not start.
func (rs *runState) fail(msg string) *Result {
	rs.obs.Log("", 0, rs.r.now(), "##[error]"+rs.masker.Mask(msg))
	return &Result{Conclusion: Failure, Message: msg}
}

// result concludes the run from its jobs, in declaration order.
func (rs *runState) result(ctx context.Context) *Result {
	res := &Result{Conclusion: Success}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	allSkipped := true
	for _, j := range rs.spec.Workflow.Jobs {
		jr := rs.results[j.ID]
		if jr == nil {
			continue
		}
		res.Jobs = append(res.Jobs, jr)
		if jr.Result != Skipped {
			allSkipped = false
		}
		if jr.Result == Failure && !rs.mayFail[j.ID] && res.Conclusion == Success {
			res.Conclusion = Failure
		}
	}
	switch {
	case ctx.Err() != nil:
		res.Conclusion = Cancelled
	case allSkipped && len(res.Jobs) > 0:
		res.Conclusion = Skipped
	}
	return res
}

// tokenServer starts the run's OIDC endpoint on first use.
func (rs *runState) tokenServer() (*tokenServer, error) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.tokens != nil {
		return rs.tokens, nil
	}
	if rs.r.cfg.Minter == nil {
		return nil, fmt.Errorf("%w: berth was started without an OIDC token issuer", ErrNoToken)
	}
	t, err := startTokenServer(rs.r.cfg.Minter, rs.masker)
	if err != nil {
		return nil, err
	}
	rs.tokens = t
	return t, nil
}

// jobLog is a log line of the run or a job.
// Masking happens before splitting, so a multi-line secret is hidden whole;
// each resulting line is recorded on its own.
func (rs *runState) log(job string, step int, line string) {
	at := rs.r.now()
	for _, l := range strings.Split(rs.masker.Mask(line), "\n") {
		rs.obs.Log(job, step, at, strings.TrimSuffix(l, "\r"))
	}
}
