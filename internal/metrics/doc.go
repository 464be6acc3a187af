// Package metrics measures App Runner services for operators: request
// counts by status class, latency percentiles, in-flight and queued
// requests, active instances, and each instance's CPU and memory.
//
// It reads, it does not count: the ingress keeps atomic counters on its hot
// path and the runtime samples /proc; a Source turns both into
// ServiceSnapshots. From there:
//
//   - Collector exposes snapshots to Prometheus on scrape (Handler serves
//     them on /_berth/metrics in the text format); counters are the
//     ingress's own, so nothing is counted twice.
//   - Sampler takes a snapshot every 10s and keeps an hour of Points per
//     service in a ring buffer, so the console and `berth status` can show
//     the last hour without a time-series database. Counters become
//     per-interval deltas there: requests and errors per interval, latency
//     percentiles of the interval's requests, CPU% from CPU-seconds deltas.
package metrics
