package runner

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/berth-dev/berth/internal/oidc"
	"github.com/berth-dev/berth/internal/pipeline/expr"
	"github.com/berth-dev/berth/internal/pipeline/workflow"
)

// defaultJobTimeout is GitHub's 360 minutes.
const defaultJobTimeout = 360.0

// jobRun is one job (or matrix combination) in progress.
type jobRun struct {
	run       *runState
	job       *workflow.Job
	key       string
	name      string
	base      *scope            // github, needs, vars, secrets, inputs, matrix, strategy, runner, job
	env       map[string]string // workflow env + job env, evaluated
	exported  map[string]string // GITHUB_ENV
	paths     []string          // GITHUB_PATH entries, newest first
	steps     map[string]any    // steps context
	failed    bool
	workspace string // GITHUB_WORKSPACE of this job
	temp      string
	cmdDir    string
	token     struct{ url, secret string }
	tokenErr  error
	pgids     []int
	result    *JobResult
}

func (j *jobRun) log(step int, line string) { j.run.log(j.key, step, line) }

// runJob decides whether a job runs and runs it (every matrix
// combination, one after another).
func (rs *runState) runJob(ctx context.Context, job *workflow.Job) {
	needs, allOK, anyFailed := rs.needs(job)
	status := expr.StatusSuccess
	switch {
	case ctx.Err() != nil:
		status = expr.StatusCancelled
	case anyFailed:
		status = expr.StatusFailure
	}
	sc := &scope{values: map[string]any{
		"github": rs.info.githubContext(job.ID, rs.spec.Workspace, nil), "needs": needs,
		"vars": stringsToAny(rs.spec.Vars), "inputs": stringsToAny(rs.spec.Inputs),
	}, status: status}
	run := allOK || usesStatusFunction(job.If)
	var condErr error
	if run {
		run, condErr = sc.condition(job.If, "jobs."+job.ID+".if")
	}
	if condErr != nil || !run {
		now := rs.r.now()
		jr := &JobResult{Key: job.ID, ID: job.ID, Name: jobDisplayName(job), Result: Skipped, Started: now, Finished: now}
		if condErr != nil {
			jr.Result = Failure
			rs.log(job.ID, 0, "##[error]"+condErr.Error())
		}
		rs.finishJob(job, jr, anyFailed || condErr != nil)
		rs.obs.JobFinished(jr)
		return
	}
	sc.values["secrets"] = stringsToAny(rs.spec.Secrets)
	combos, err := rs.combinations(job, sc)
	if err != nil {
		now := rs.r.now()
		jr := &JobResult{Key: job.ID, ID: job.ID, Name: jobDisplayName(job), Result: Failure, Started: now, Finished: now}
		rs.obs.JobStarted(jr.Key, jr.Name, now)
		rs.log(job.ID, 0, "##[error]"+err.Error())
		rs.finishJob(job, jr, true)
		rs.obs.JobFinished(jr)
		return
	}
	if coe, err := sc.boolValue(job.ContinueOnError, "jobs."+job.ID+".continue-on-error"); err == nil && coe {
		rs.mu.Lock()
		rs.mayFail[job.ID] = true
		rs.mu.Unlock()
	}
	failFast := true
	if job.Strategy != nil && job.Strategy.FailFastSet {
		failFast, _ = sc.boolValue(job.Strategy.FailFast, "jobs."+job.ID+".strategy.fail-fast")
	}
	var merged *JobResult
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for i, combo := range combos {
		key := job.ID
		if combo != nil {
			key = job.ID + "/" + strconv.Itoa(i+1)
		}
		jr := rs.runCombination(cctx, job, key, combo, len(combos), sc)
		merged = mergeJobResults(merged, jr)
		if jr.Result == Failure && failFast && combo != nil {
			cancel()
		}
	}
	rs.finishJob(job, merged, anyFailed || merged.Result == Failure)
}

// needs builds the needs context and summarises the needed jobs: allOK
// when every one succeeded, anyFailed when one of them or an ancestor
// failed (or was cancelled).
func (rs *runState) needs(job *workflow.Job) (map[string]any, bool, bool) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	out := map[string]any{}
	allOK, anyFailed := true, false
	for _, n := range job.Needs {
		jr := rs.results[n]
		if jr == nil {
			allOK = false
			continue
		}
		out[n] = map[string]any{"result": string(jr.Result), "outputs": stringsToAny(jr.Outputs)}
		if jr.Result != Success {
			allOK = false
		}
		if rs.failed[n] {
			anyFailed = true
		}
	}
	return out, allOK, anyFailed
}

func (rs *runState) finishJob(job *workflow.Job, jr *JobResult, failed bool) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.results[job.ID] = jr
	rs.failed[job.ID] = failed || jr.Result == Failure || jr.Result == Cancelled
}

// mergeJobResults folds matrix combinations into needs.<id>: failure wins,
// then cancelled; outputs of later combinations override earlier ones.
func mergeJobResults(acc, jr *JobResult) *JobResult {
	if acc == nil {
		cp := *jr
		cp.Key = jr.ID
		return &cp
	}
	rank := map[Conclusion]int{Success: 0, Skipped: 1, Cancelled: 2, Failure: 3}
	if rank[jr.Result] > rank[acc.Result] {
		acc.Result = jr.Result
	}
	if acc.Outputs == nil {
		acc.Outputs = map[string]string{}
	}
	for k, v := range jr.Outputs {
		acc.Outputs[k] = v
	}
	acc.Finished = jr.Finished
	acc.Steps = append(acc.Steps, jr.Steps...)
	return acc
}

func jobDisplayName(job *workflow.Job) string {
	if job.Name != "" && !expr.HasExpression(job.Name) {
		return job.Name
	}
	return job.ID
}

var unsafePath = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// runCombination runs one job instance.
func (rs *runState) runCombination(ctx context.Context, job *workflow.Job, key string, combo map[string]any, total int, parent *scope) *JobResult {
	j := &jobRun{run: rs, job: job, key: key, exported: map[string]string{}, steps: map[string]any{}}
	j.base = parent.with("matrix", map[string]any{})
	if combo != nil {
		j.base.values["matrix"] = combo
		j.base.values["strategy"] = map[string]any{"fail-fast": true, "job-index": indexOf(key), "job-total": total, "max-parallel": 1}
	}
	j.name = rs.combinationName(job, combo, j.base)
	started := rs.r.now()
	j.result = &JobResult{Key: key, ID: job.ID, Name: j.name, Started: started}
	rs.obs.JobStarted(key, j.name, started)

	jctx, cancel := context.WithCancel(ctx)
	defer cancel()
	finish := func(c Conclusion) *JobResult {
		for _, pg := range j.pgids {
			killGroup(pg)
		}
		j.result.Result = c
		j.result.Finished = rs.r.now()
		rs.obs.JobFinished(j.result)
		return j.result
	}
	if err := j.setup(); err != nil {
		j.log(0, "##[error]"+err.Error())
		return finish(Failure)
	}
	if job.Concurrency != nil {
		group, err := j.base.interpolate(job.Concurrency.Group, "jobs."+job.ID+".concurrency.group")
		if err != nil {
			j.log(0, "##[error]"+err.Error())
			return finish(Failure)
		}
		cip, _ := j.base.boolValue(job.Concurrency.CancelInProgress, "concurrency.cancel-in-progress")
		release, err := rs.r.cfg.Locker.Acquire(jctx, rs.spec.Repository+"/job/"+group, cip, cancel)
		if err != nil {
			j.log(0, "##[error]Canceling since a higher priority waiting request for '"+group+"' exists")
			return finish(Cancelled)
		}
		defer release()
	}
	timeout, err := j.base.minutes(job.TimeoutMinutes, defaultJobTimeout, "jobs."+job.ID+".timeout-minutes")
	if err != nil {
		j.log(0, "##[error]"+err.Error())
		return finish(Failure)
	}
	tctx, tcancel := context.WithTimeout(jctx, time.Duration(timeout*float64(time.Minute)))
	defer tcancel()
	for i, st := range job.Steps {
		j.runStep(tctx, i+1, st)
	}
	timedOut := tctx.Err() != nil && jctx.Err() == nil
	if timedOut {
		j.log(0, fmt.Sprintf("##[error]The job running on runner berth has exceeded the maximum execution time of %s minutes.", strconv.FormatFloat(timeout, 'f', -1, 64)))
	}
	j.result.Outputs = j.outputs()
	switch {
	case jctx.Err() != nil:
		return finish(Cancelled)
	case j.failed || timedOut:
		return finish(Failure)
	}
	return finish(Success)
}

// setup evaluates the job's env, creates its directories and registers
// its OIDC token when it may have one.
func (j *jobRun) setup() error {
	rs := j.run
	j.workspace = rs.spec.Workspace
	if rs.spec.JobWorkspace != nil {
		ws, err := rs.spec.JobWorkspace(context.Background(), j.key)
		if err != nil {
			return fmt.Errorf("job workspace: %w", err)
		}
		j.workspace = ws
	}
	j.temp = filepath.Join(rs.spec.TempDir, unsafePath.ReplaceAllString(j.key, "_"))
	j.cmdDir = filepath.Join(j.temp, "_runner_file_commands")
	if err := os.MkdirAll(j.cmdDir, 0o700); err != nil {
		return fmt.Errorf("job temp dir: %w", err)
	}
	j.base.values["runner"] = runnerContext(j.temp)
	j.base.values["job"] = map[string]any{"status": "success"}
	j.base.hash = hashFiles(j.workspace)
	wsc := &scope{values: map[string]any{"github": j.base.values["github"], "secrets": j.base.values["secrets"],
		"inputs": j.base.values["inputs"], "vars": j.base.values["vars"]}, hash: j.base.hash}
	wenv, err := wsc.envMap(rs.spec.Workflow.Env, "env")
	if err != nil {
		return err
	}
	jenv, err := j.base.envMap(j.job.Env, "jobs."+j.job.ID+".env")
	if err != nil {
		return err
	}
	j.env = wenv
	for k, v := range jenv {
		j.env[k] = v
	}
	perms := j.job.Permissions
	if perms == nil {
		perms = rs.spec.Workflow.Permissions
	}
	if perms != nil && perms.IDToken() {
		ts, err := rs.tokenServer()
		if err != nil {
			j.tokenErr = err
			return nil
		}
		j.token.url, j.token.secret = ts.register(j.claims())
	}
	return nil
}

// claims are the job's OIDC token claims, as GitHub sets them.
func (j *jobRun) claims() oidc.Claims {
	rs, ri := j.run, j.run.info
	c := oidc.Claims{
		Repository: rs.spec.Repository, Ref: rs.spec.Event.Ref, SHA: rs.spec.Event.SHA,
		Workflow: ri.workflow, WorkflowRef: ri.workflowRef(), JobWorkflowRef: ri.workflowRef(),
		RunID: strconv.FormatInt(rs.spec.RunID, 10), RunNumber: strconv.FormatInt(rs.spec.RunNumber, 10),
		RunAttempt: strconv.Itoa(ri.attempt()), Actor: rs.spec.Actor, EventName: rs.spec.Event.Name,
	}
	if e := j.job.Environment; e != nil {
		c.Environment, _ = j.base.interpolate(e.Name, "environment.name")
	}
	return c
}

// outputs evaluates the job's outputs; values carrying a secret are
// withheld with a warning, as on GitHub.
func (j *jobRun) outputs() map[string]string {
	if len(j.job.Outputs) == 0 {
		return nil
	}
	sc := j.scope(expr.StatusSuccess, nil)
	out := map[string]string{}
	for _, k := range sortedKeys(j.job.Outputs) {
		v, err := sc.interpolate(j.job.Outputs[k], "jobs."+j.job.ID+".outputs."+k)
		if err != nil {
			j.log(0, "##[warning]"+err.Error())
			continue
		}
		if j.run.masker.Contains(v) {
			j.log(0, "##[warning]Skip output '"+k+"' since it may contain secret.")
			continue
		}
		out[k] = v
	}
	return out
}

func indexOf(key string) int {
	_, n, ok := cutLast(key, "/")
	if !ok {
		return 0
	}
	i, _ := strconv.Atoi(n)
	return i - 1
}

func cutLast(s, sep string) (string, string, bool) {
	for i := len(s) - len(sep); i >= 0; i-- {
		if s[i:i+len(sep)] == sep {
			return s[:i], s[i+len(sep):], true
		}
	}
	return s, "", false
}
