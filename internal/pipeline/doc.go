// Package pipeline runs a repository's GitHub Actions workflows on berth:
// the app team's pipeline (check, sync the infrastructure, redeploy) runs
// offline exactly as it would on GitHub against a reachable berth.
//
// A Service owns everything with a life of its own: it keeps registered
// pipelines (a repository directory, its GitHub name, the branch to
// follow, webhook secret, secrets and variables), turns events into runs
// (Trigger: push or workflow_dispatch; matched against each workflow's
// `on:`), queues them by concurrency group (FIFO, never cancelling queued
// runs unless cancel-in-progress says so), runs each in a clean checkout
// of its commit with package runner, and records runs, jobs, steps and
// masked logs through package records. A Watcher polls a branch and
// triggers a push per new commit; WebhookHandler accepts GitHub push
// webhooks signed with the pipeline's secret.
//
// Lifecycle: New has no side effects; Start marks runs a previous process
// left unfinished as failed (RecoverInterrupted) and accepts work; Stop
// cancels running runs, waits for them (bounded by its context) and
// records them as failed.
package pipeline
