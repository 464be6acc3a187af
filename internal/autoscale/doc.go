// Package autoscale decides how many instances an App Runner service needs
// from the concurrency its ingress observes. It is a pure function of the
// samples it is fed and the times it is asked: no goroutines, no clock, no
// I/O, so every decision can be replayed from a recorded trace.
//
// The design follows Knative's concurrency autoscaler (KPA):
//
//   - The target per instance is MaxConcurrency × TargetUtilization (70 for
//     App Runner's default MaxConcurrency of 100), so instances scale out
//     before they reach the limit at which the ingress queues and answers 429.
//   - Desired instances = ceil(average concurrency ÷ target), averaged over a
//     stable window (60s) and over a short panic window (6s, 10% of it).
//   - When the panic window wants at least PanicThreshold (2×) the current
//     instances, the scaler panics: it follows the panic window, never scales
//     down, and keeps panicking until a whole stable window has passed
//     without the panic condition, by which time the burst is in the stable
//     average too.
//   - Scale-in waits for a quiet period: the result is the maximum desired
//     count over the last ScaleDownDelay, so a brief lull does not remove
//     instances that the next second needs again.
//   - Each step is rate-limited (at most MaxScaleUpRate× up and
//     1/MaxScaleDownRate down relative to the current count) and the result
//     is kept within [MinSize, MaxSize].
//
// Concurrency is a gauge: a sample holds until the next one, so irregular
// or event-driven sampling averages correctly. The caller samples the
// service's in-flight plus queued requests (about once a second), calls
// Observe, and calls Decide on its own tick (Knative uses 2s); Decision.Reason
// is the line to write to the service log.
package autoscale
