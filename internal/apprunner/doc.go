// Package apprunner is berth's AWS App Runner: the App Runner API
// (awsJson1_0, target prefix AppRunner) with the shapes, ARNs, statuses and
// error codes of the SDK model, over a controller (package controller) that
// really builds services from source, runs them as processes behind the
// ingress, and rolls them out without dropping traffic.
//
// Services, their operations, connections, auto scaling configurations,
// tags and the last good release of each service live in the store
// (migration 0301). Operations run in the background, one at a time per
// service, and are persisted step by step: a service whose operation is in
// progress refuses changes with InvalidStateException ("Service cannot be
// updated in the current state: OPERATION_IN_PROGRESS."), and an operation
// a server stop interrupted is resumed at the next Start, so nothing stays
// OPERATION_IN_PROGRESS.
//
// Where berth differs from AWS, on purpose:
//
//   - A service's URL is "<first 10 hex digits of its id>.<BaseDomain>"
//     with the ingress's HTTPS port when it is not 443
//     ("1a2b3c4d5e.us-east-1.apprunner.localhost:8443"), so
//     "https://${AppRunner.ServiceUrl}" in a template works. The default
//     base domain, <region>.apprunner.localhost, resolves to loopback; a
//     server with wildcard DNS sets its own (Deps.BaseDomain).
//   - A code repository is reached through a connection, as on AWS, but a
//     connection is AVAILABLE at once (no console handshake), and its
//     repository may be a local path, a file:// URL, or an http(s) git URL.
//     A token for a private repository is the SSM parameter
//     ConnectionTokenParameter(name).
//   - ImageRepository is refused with InvalidRequestException: the process
//     runtime builds from source only.
//   - Instances listen on the port given in $PORT (chosen by berth, so that
//     old and new versions run side by side); the configured Port is
//     recorded and reported.
//   - Log groups get a retention (Logs.DefaultRetentionDays, 30 days unless
//     configured) instead of never expiring.
//   - AutoScalingConfiguration works as on AWS (MaxConcurrency per
//     instance, excess requests queued briefly then answered 429 with
//     Retry-After; MinSize to MaxSize instances by concurrency), with a
//     Knative-style autoscaler (package autoscale) whose every decision,
//     with its numbers, goes to the service's event log
//     (/aws/apprunner/<name>/<id>/service, stream "events"). A burst gets
//     new instances of the running artifact in about a second or two, and
//     a deployment starts as many instances as the service runs then, not
//     MinSize (App Runner users report 429s while it catches up).
//   - InstanceUsage gives the metrics each instance's CPU and memory.
package apprunner
