package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/berth-dev/berth/internal/pipeline/expr"
	"github.com/berth-dev/berth/internal/pipeline/workflow"
)

// afterCancelTimeout bounds a step that runs after its job was cancelled
// (if: always() or cancelled()) and has no timeout of its own.
const afterCancelTimeout = 5 * time.Minute

// scope is the expression scope of a step: the job's contexts plus env and
// steps as they are now.
func (j *jobRun) scope(status expr.JobStatus, files *fileCommands) *scope {
	sc := j.base.with("env", stringsToAny(j.envContext(nil)))
	sc.values["steps"] = j.steps
	sc.values["github"] = j.run.info.githubContext(j.job.ID, j.workspace, files)
	sc.status = status
	st := "success"
	switch status {
	case expr.StatusFailure:
		st = "failure"
	case expr.StatusCancelled:
		st = "cancelled"
	}
	sc.values["job"] = map[string]any{"status": st}
	return sc
}

// envContext is the env context: workflow and job env, then GITHUB_ENV
// exports, then the step's own env.
func (j *jobRun) envContext(step map[string]string) map[string]string {
	out := make(map[string]string, len(j.env)+len(j.exported)+len(step))
	for k, v := range j.env {
		out[k] = v
	}
	for k, v := range j.exported {
		out[k] = v
	}
	for k, v := range step {
		out[k] = v
	}
	return out
}

// processEnv is the environment a step's process gets.
func (j *jobRun) processEnv(stepEnv map[string]string, files *fileCommands) map[string]string {
	env := hostEnviron()
	// Isolate the AWS CLI and SDKs from the host's profiles and instance
	// metadata: a step uses only what its workflow configures.
	env["AWS_CONFIG_FILE"] = filepath.Join(j.temp, ".aws", "config")
	env["AWS_SHARED_CREDENTIALS_FILE"] = filepath.Join(j.temp, ".aws", "credentials")
	env["AWS_EC2_METADATA_DISABLED"] = "true"
	for k, v := range j.run.info.defaultEnv(j.job.ID, j.workspace, j.temp, files) {
		env[k] = v
	}
	if j.token.url != "" {
		env["ACTIONS_ID_TOKEN_REQUEST_URL"] = j.token.url
		env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = j.token.secret
	}
	for k, v := range j.envContext(stepEnv) {
		env[k] = v
	}
	if len(j.paths) > 0 {
		env["PATH"] = strings.Join(j.paths, string(os.PathListSeparator)) + string(os.PathListSeparator) + env["PATH"]
	}
	return env
}

// status is what the status functions report before a step.
func (j *jobRun) status(ctx context.Context) expr.JobStatus {
	switch {
	case ctx.Err() != nil:
		return expr.StatusCancelled
	case j.failed:
		return expr.StatusFailure
	}
	return expr.StatusSuccess
}

// runStep runs (or skips) one step and records it.
func (j *jobRun) runStep(ctx context.Context, index int, st *workflow.Step) {
	name := st.DisplayName()
	res := &StepResult{Job: j.key, Index: index, ID: st.ID, Name: name, Started: j.now()}
	j.run.obs.StepStarted(j.key, index, name, res.Started)
	outcome, coe := j.execStep(ctx, index, st, res)
	res.Outcome, res.Conclusion = outcome, outcome
	if outcome == Failure && coe {
		res.Conclusion = Success
	}
	res.Finished = j.now()
	j.finishStep(st, res)
}

// finishStep records a step's result in the steps context.
func (j *jobRun) finishStep(st *workflow.Step, res *StepResult) {
	if st.ID != "" {
		j.steps[st.ID] = map[string]any{"outputs": stringsToAny(res.Outputs), "outcome": string(res.Outcome), "conclusion": string(res.Conclusion)}
	}
	if res.Conclusion == Failure {
		j.failed = true
	}
	// Observers store results: give them outputs with secrets masked.
	shown := *res
	if len(res.Outputs) > 0 {
		shown.Outputs = make(map[string]string, len(res.Outputs))
		for k, v := range res.Outputs {
			shown.Outputs[k] = j.run.masker.Mask(v)
		}
	}
	j.result.Steps = append(j.result.Steps, shown)
	j.run.obs.StepFinished(&shown)
}

// execStep evaluates the step's condition and runs it, returning its
// outcome and whether it may fail (continue-on-error); res gets the
// step's name, outputs and summary.
func (j *jobRun) execStep(ctx context.Context, index int, st *workflow.Step, res *StepResult) (Conclusion, bool) {
	status := j.status(ctx)
	sc := j.scope(status, nil)
	run, err := sc.condition(st.If, "steps.if")
	if err != nil {
		j.log(index, "##[error]"+err.Error())
		return Failure, false
	}
	if !run {
		return Skipped, false
	}
	files, err := newFileCommands(j.cmdDir)
	if err != nil {
		j.log(index, "##[error]"+err.Error())
		return Failure, false
	}
	defer files.remove()
	sc = j.scope(status, files)
	stepEnv, err := sc.envMap(st.Env, "env")
	if err != nil {
		j.log(index, "##[error]"+err.Error())
		return Failure, false
	}
	sc.values["env"] = stringsToAny(j.envContext(stepEnv))
	if st.Name != "" {
		if n, err := sc.interpolate(st.Name, "name"); err == nil {
			res.Name = n
		}
	}
	coe, err := sc.boolValue(st.ContinueOnError, "continue-on-error")
	if err != nil {
		j.log(index, "##[error]"+err.Error())
		return Failure, false
	}
	timeout, err := sc.minutes(st.TimeoutMinutes, 0, "timeout-minutes")
	if err != nil {
		j.log(index, "##[error]"+err.Error())
		return Failure, false
	}

	sctx := ctx
	if status == expr.StatusCancelled {
		var cancel context.CancelFunc
		sctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), afterCancelTimeout)
		defer cancel()
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		sctx, cancel = context.WithTimeout(sctx, time.Duration(timeout*float64(time.Minute)))
		defer cancel()
	}
	env := j.processEnv(stepEnv, files)
	io := newStepIO(j, index, j.debug(), strings.EqualFold(env["ACTIONS_ALLOW_UNSECURE_COMMANDS"], "true"))
	var runErr error
	if st.Run != "" {
		runErr = j.execRun(sctx, st, sc, env, io)
	} else {
		runErr = j.execUses(sctx, st, sc, env, io)
	}
	io.flush()
	summary, ferr := io.readFileCommands(files)
	res.Summary = summary
	res.Outputs = io.outputs
	j.apply(io)

	outcome := Success
	switch {
	case runErr == nil && ferr == nil && io.failure == "":
	case sctx.Err() != nil && ctx.Err() == nil && status != expr.StatusCancelled && timeout > 0:
		j.log(index, fmt.Sprintf("##[error]The action '%s' has timed out after %s minutes.", res.Name, strconv.FormatFloat(timeout, 'f', -1, 64)))
		outcome = Failure
	case ctx.Err() != nil && status != expr.StatusCancelled:
		j.log(index, "##[error]The operation was canceled.")
		outcome = Cancelled
	default:
		for _, e := range []error{runErr, ferr} {
			if e != nil {
				j.log(index, "##[error]"+e.Error())
			}
		}
		outcome = Failure
	}
	return outcome, coe
}

// apply makes a step's exports visible to the next steps.
func (j *jobRun) apply(io *stepIO) {
	io.mu.Lock()
	defer io.mu.Unlock()
	for _, kv := range io.exported {
		j.exported[kv.Name] = kv.Value
	}
	for _, p := range io.paths {
		j.paths = append([]string{p}, j.paths...)
	}
}

// debug reports whether step debug logging is on (secret or variable
// ACTIONS_STEP_DEBUG=true).
func (j *jobRun) debug() bool {
	return strings.EqualFold(j.run.spec.Secrets["ACTIONS_STEP_DEBUG"], "true") || strings.EqualFold(j.run.spec.Vars["ACTIONS_STEP_DEBUG"], "true")
}

// execRun runs a `run:` script.
func (j *jobRun) execRun(ctx context.Context, st *workflow.Step, sc *scope, env map[string]string, io *stepIO) error {
	script, err := sc.interpolate(st.Run, "run")
	if err != nil {
		return err
	}
	defaults := j.defaults()
	shell := st.Shell
	if shell == "" {
		shell = defaults.Shell
	}
	wd := st.WorkingDirectory
	if wd == "" {
		wd = defaults.WorkingDirectory
	}
	if wd, err = sc.interpolate(wd, "working-directory"); err != nil {
		return err
	}
	dir := j.workspace
	if wd != "" {
		if filepath.IsAbs(wd) {
			dir = wd
		} else {
			dir = filepath.Join(dir, wd)
		}
	}
	lines := strings.Split(strings.TrimRight(script, "\n"), "\n")
	io.log("##[group]Run " + lines[0])
	for _, l := range lines[1:] {
		io.log(l)
	}
	argv, err := shellCommand(shell, script, j.temp, env["PATH"])
	if err != nil {
		io.log("##[endgroup]")
		return err
	}
	io.log("shell: " + shellDisplay(shell))
	io.log("##[endgroup]")
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("An error occurred trying to start process '%s' with working directory '%s'. No such file or directory", filepath.Base(argv[0]), dir) //lint:ignore ST1005 GitHub's message
	}
	pgid, err := runProcess(ctx, argv, dir, environ(env), io)
	if pgid > 0 {
		j.pgids = append(j.pgids, pgid)
	}
	if err != nil {
		if code := exitCode(err); code >= 0 && ctx.Err() == nil {
			return fmt.Errorf("Process completed with exit code %d.", code) //lint:ignore ST1005 GitHub's message
		}
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		return fmt.Errorf("An error occurred trying to start process: %w", err) //lint:ignore ST1005 GitHub's message
	}
	return nil
}

func shellDisplay(shell string) string {
	switch shell {
	case "":
		return "bash -e {0}"
	case "bash":
		return "bash --noprofile --norc -eo pipefail {0}"
	case "sh":
		return "sh -e {0}"
	case "python":
		return "python {0}"
	}
	return shell
}

// defaults merges defaults.run of the job over the workflow's.
func (j *jobRun) defaults() workflow.RunDefaults {
	d := j.run.spec.Workflow.Defaults
	if j.job.Defaults.Shell != "" {
		d.Shell = j.job.Defaults.Shell
	}
	if j.job.Defaults.WorkingDirectory != "" {
		d.WorkingDirectory = j.job.Defaults.WorkingDirectory
	}
	return d
}
