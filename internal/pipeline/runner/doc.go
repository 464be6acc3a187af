// Package runner executes one GitHub Actions workflow run on the local
// machine, the way GitHub's hosted runner would: jobs in dependency order
// (a stage's jobs in parallel), job and step conditions with the status
// functions, `run` steps in bash/sh/python with the GitHub file commands
// (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STEP_SUMMARY) and
// workflow commands (::add-mask::, ::set-output::, ::error::...), native
// actions for `uses` (package actions), env at every level, outputs between
// steps and jobs, continue-on-error, timeout-minutes (the step's process
// group is killed), job-level concurrency, matrices, and an OIDC token
// endpoint for jobs with `permissions: id-token: write`.
//
// The runner does not choose what to run or where: the caller (package
// pipeline) matches triggers, prepares the workspace (a checkout of the
// commit) and records results through an Observer. Secrets and every
// masked value are replaced by *** in each log line before the Observer
// sees it.
//
// Differences from GitHub, all deliberate: jobs run on this machine (runs-on
// is ignored) in the checkout the caller prepared (Spec.Workspace, or one
// per job with Spec.JobWorkspace) rather than in an empty directory, a
// matrix's combinations run one after another, background
// processes a step leaves behind are killed at the end of the job, and
// masks registered by one job also apply to the other jobs of the run.
package runner
