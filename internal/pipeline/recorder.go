package pipeline

import (
	"context"
	"sync"
	"time"

	"github.com/berth-dev/berth/internal/pipeline/records"
	"github.com/berth-dev/berth/internal/pipeline/runner"
)

// Log batching: lines are written every flushEvery or flushLines lines,
// and at every step and job boundary, so followers see output promptly
// without one transaction per line.
const (
	flushEvery = 100 * time.Millisecond
	flushLines = 256
)

// recorder is the runner.Observer that persists one run.
type recorder struct {
	s   *Service
	run int64
	ctx context.Context

	mu      sync.Mutex
	nextSeq int64
	jobSeq  int
	jobs    map[string]records.Job
	buf     []records.LogLine
	timer   *time.Timer
	closed  bool
}

var _ runner.Observer = (*recorder)(nil)

func newRecorder(s *Service, run int64) *recorder {
	ctx := context.Background()
	next, err := s.records.NextLogSeq(ctx, run)
	if err != nil {
		next = 1
	}
	return &recorder{s: s, run: run, ctx: ctx, nextSeq: next, jobs: map[string]records.Job{}}
}

func (r *recorder) warn(what string, err error) {
	if err != nil {
		r.s.cfg.Logger.Error("pipeline: record "+what, "run", r.run, "error", err)
	}
}

// JobStarted implements runner.Observer.
func (r *recorder) JobStarted(key, name string, at time.Time) {
	r.flush()
	r.mu.Lock()
	r.jobSeq++
	j := records.Job{RunID: r.run, Key: key, Seq: r.jobSeq, Name: name, Status: records.StatusInProgress, StartedAt: at}
	r.jobs[key] = j
	r.mu.Unlock()
	r.warn("job", r.s.records.PutJob(r.ctx, j))
	r.s.changes.notify()
}

// JobFinished implements runner.Observer.
func (r *recorder) JobFinished(res *runner.JobResult) {
	r.flush()
	r.mu.Lock()
	j, ok := r.jobs[res.Key]
	if !ok {
		r.jobSeq++
		j = records.Job{RunID: r.run, Key: res.Key, Seq: r.jobSeq, Name: res.Name, StartedAt: res.Started}
	}
	j.Status, j.Conclusion, j.Outputs, j.CompletedAt = records.StatusCompleted, string(res.Result), res.Outputs, res.Finished
	r.jobs[res.Key] = j
	r.mu.Unlock()
	r.warn("job", r.s.records.PutJob(r.ctx, j))
	r.s.changes.notify()
}

// StepStarted implements runner.Observer.
func (r *recorder) StepStarted(job string, index int, name string, at time.Time) {
	r.flush()
	r.warn("step", r.s.records.PutStep(r.ctx, records.Step{RunID: r.run, Job: job, Index: index, Name: name,
		Status: records.StatusInProgress, StartedAt: at}))
	r.s.changes.notify()
}

// StepFinished implements runner.Observer.
func (r *recorder) StepFinished(res *runner.StepResult) {
	r.flush()
	r.warn("step", r.s.records.PutStep(r.ctx, records.Step{RunID: r.run, Job: res.Job, Index: res.Index, Name: res.Name,
		Status: records.StatusCompleted, Outcome: string(res.Outcome), Conclusion: string(res.Conclusion), Outputs: res.Outputs,
		Summary: res.Summary, StartedAt: res.Started, CompletedAt: res.Finished}))
	r.s.changes.notify()
}

// Log implements runner.Observer; lines arrive masked.
func (r *recorder) Log(job string, step int, at time.Time, line string) {
	r.mu.Lock()
	r.buf = append(r.buf, records.LogLine{RunID: r.run, Seq: r.nextSeq, Job: job, Step: step, At: at, Text: line})
	r.nextSeq++
	full := len(r.buf) >= flushLines
	if !full && r.timer == nil && !r.closed {
		r.timer = time.AfterFunc(flushEvery, r.flush)
	}
	r.mu.Unlock()
	if full {
		r.flush()
	}
}

// runLog records a run-level line (job "").
func (r *recorder) runLog(line string) {
	r.Log("", 0, r.s.cfg.Now(), line)
}

// flush writes buffered lines.
func (r *recorder) flush() {
	r.mu.Lock()
	lines := r.buf
	r.buf = nil
	if r.timer != nil {
		r.timer.Stop()
		r.timer = nil
	}
	r.mu.Unlock()
	if len(lines) == 0 {
		return
	}
	r.warn("logs", r.s.records.AppendLogs(r.ctx, lines))
	r.s.changes.notify()
}

// close flushes and stops the timer for good.
func (r *recorder) close() {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.flush()
}
