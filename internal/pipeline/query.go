package pipeline

import (
	"context"
	"fmt"
	"time"

	"github.com/berth-dev/berth/internal/pipeline/records"
)

// RunDetail is a run with its jobs and steps.
type RunDetail struct {
	*records.Run
	Jobs  []*records.Job  `json:"jobs"`
	Steps []*records.Step `json:"steps"`
}

// Runs lists runs, newest first.
func (s *Service) Runs(ctx context.Context, f records.RunFilter) ([]*records.Run, error) {
	return s.records.Runs(ctx, f)
}

// GetRun returns a run with its jobs and steps.
func (s *Service) GetRun(ctx context.Context, id int64) (*RunDetail, error) {
	r, err := s.records.Run(ctx, id)
	if err != nil {
		return nil, err
	}
	jobs, err := s.records.Jobs(ctx, id)
	if err != nil {
		return nil, err
	}
	steps, err := s.records.Steps(ctx, id)
	if err != nil {
		return nil, err
	}
	return &RunDetail{Run: r, Jobs: jobs, Steps: steps}, nil
}

// Logs returns a run's log lines after seq `after` (0: from the start).
func (s *Service) Logs(ctx context.Context, id, after int64) ([]records.LogLine, error) {
	return s.records.Logs(ctx, id, after, 0)
}

// pollInterval bounds how long a waiter sleeps without a notification
// (another process may write the same store).
const pollInterval = time.Second

// Wait blocks until run id is completed (or ctx ends) and returns it.
func (s *Service) Wait(ctx context.Context, id int64) (*records.Run, error) {
	for {
		ch := s.changes.wait()
		r, err := s.records.Run(ctx, id)
		if err != nil {
			return nil, err
		}
		if r.Status == records.StatusCompleted {
			return r, nil
		}
		select {
		case <-ch:
		case <-time.After(pollInterval):
		case <-ctx.Done():
			return r, ctx.Err()
		}
	}
}

// FollowLogs calls fn for each log line of run id after seq `after`, as
// they are written, until the run is completed and every line was
// delivered, ctx ends, or fn returns an error.
func (s *Service) FollowLogs(ctx context.Context, id, after int64, fn func(records.LogLine) error) error {
	for {
		ch := s.changes.wait()
		r, err := s.records.Run(ctx, id)
		if err != nil {
			return err
		}
		lines, err := s.records.Logs(ctx, id, after, 0)
		if err != nil {
			return err
		}
		for _, l := range lines {
			if err := fn(l); err != nil {
				return err
			}
			after = l.Seq
		}
		if len(lines) > 0 {
			continue
		}
		if r.Status == records.StatusCompleted {
			return nil
		}
		select {
		case <-ch:
		case <-time.After(pollInterval):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Cancel cancels a queued or running run: its running step is stopped and
// only steps asking for always()/cancelled() still run. Cancelling a
// completed run is an error.
func (s *Service) Cancel(ctx context.Context, id int64) error {
	s.mu.Lock()
	cancel := s.active[id]
	s.mu.Unlock()
	run, err := s.records.Run(ctx, id)
	if err != nil {
		return err
	}
	// A run is recorded completed just before it leaves the active set:
	// the record decides, so a finished run is never "cancelled" again.
	if cancel == nil || run.Status == records.StatusCompleted {
		return fmt.Errorf("%w: run %d is not queued or running", ErrInvalid, id)
	}
	cancel()
	return nil
}
