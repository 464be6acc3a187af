package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"

	"github.com/berth-dev/berth/internal/pipeline/concurrency"
	"github.com/berth-dev/berth/internal/pipeline/records"
	"github.com/berth-dev/berth/internal/pipeline/runner"
	"github.com/berth-dev/berth/internal/pipeline/workflow"
)

// queue takes the run's place in its concurrency group now (so runs keep
// the order of their events) and executes it in the background.
func (s *Service) queue(r *records.Run, p *records.Pipeline, w *workflow.Workflow, ev Event, inputs map[string]string, cancelInProgress bool) error {
	s.mu.Lock()
	if !s.started {
		s.mu.Unlock()
		return ErrStopped
	}
	ctx, cancel := context.WithCancel(s.ctx)
	s.active[r.ID] = cancel
	s.mu.Unlock()
	group := ""
	if r.ConcurrencyGroup != "" {
		group = p.Name + "/" + r.ConcurrencyGroup
	}
	ticket := s.groups.Join(group, cancelInProgress, cancel)
	err := s.spawn(func(context.Context) {
		defer func() {
			cancel()
			s.mu.Lock()
			delete(s.active, r.ID)
			s.mu.Unlock()
			s.changes.notify()
		}()
		s.execute(ctx, ticket, r, p, w, ev, inputs)
	})
	if err != nil {
		cancel()
		s.mu.Lock()
		delete(s.active, r.ID)
		s.mu.Unlock()
	}
	return err
}

// execute waits for the run's turn, runs it in a fresh workspace and
// records the outcome.
func (s *Service) execute(ctx context.Context, ticket *concurrency.Ticket, r *records.Run, p *records.Pipeline, w *workflow.Workflow, ev Event, inputs map[string]string) {
	// Records are written even after ctx ends (a stop or a cancel).
	rctx := context.WithoutCancel(ctx)
	complete := func(conclusion, msg string) {
		if err := s.records.CompleteRun(rctx, r.ID, conclusion, msg, s.cfg.Now()); err != nil {
			s.cfg.Logger.Error("pipeline: record run end", "run", r.ID, "error", err)
		}
	}
	release, err := ticket.Wait(ctx)
	if err != nil {
		switch {
		case errors.Is(err, concurrency.ErrCancelled):
			complete("cancelled", "Canceling since a higher priority waiting request for '"+r.ConcurrencyGroup+"' exists")
		case s.stopping():
			complete("failure", InterruptedMessage)
		default:
			complete("cancelled", "The run was canceled.")
		}
		return
	}
	defer release()
	select {
	case s.sem <- struct{}{}:
		defer func() { <-s.sem }()
	case <-ctx.Done():
		if s.stopping() {
			complete("failure", InterruptedMessage)
		} else {
			complete("cancelled", "The run was canceled.")
		}
		return
	}
	if err := s.records.StartRun(rctx, r.ID, s.cfg.Now()); err != nil {
		s.cfg.Logger.Error("pipeline: record run start", "run", r.ID, "error", err)
	}
	s.changes.notify()

	rec := newRecorder(s, r.ID)
	dir := filepath.Join(s.cfg.WorkDir, "run-"+strconv.FormatInt(r.ID, 10))
	defer os.RemoveAll(dir)
	ws := filepath.Join(dir, "workspace")
	if err := prepareWorkspace(rctx, p.RepoDir, ws, r.SHA); err != nil {
		rec.runLog("##[error]" + err.Error())
		rec.close()
		complete("failure", err.Error())
		return
	}
	payload := ev.Payload
	if payload == nil && ev.Name == "push" {
		payload = pushPayload(rctx, p, ev, s.cfg.ServerURL)
	}
	spec := &runner.Spec{
		Workflow: w, Workspace: ws, TempDir: filepath.Join(dir, "temp"), Repository: p.Repository,
		Event: runner.Event{Name: ev.Name, Ref: r.Ref, Before: r.Before, SHA: r.SHA, DefaultBranch: p.Branch, Payload: payload},
		RunID: r.ID, RunNumber: r.RunNumber, RunAttempt: r.RunAttempt, Actor: r.Actor, ServerURL: s.cfg.ServerURL,
		Secrets: p.Secrets, Vars: p.Vars, Inputs: inputs, Observer: rec,
		LastSuccessfulCommit: func(ctx context.Context) (string, error) {
			return s.records.LastSuccessfulSHA(ctx, p.Name, r.WorkflowFile, r.ID)
		},
	}
	if len(w.Jobs) > 1 || hasMatrix(w) {
		// Each job gets its own checkout, as each GitHub job its own runner.
		spec.JobWorkspace = func(ctx context.Context, key string) (string, error) {
			jd := filepath.Join(dir, "jobs", unsafeChars.ReplaceAllString(key, "_"))
			return jd, prepareWorkspace(ctx, p.RepoDir, jd, r.SHA)
		}
	}
	res := s.runner.Run(ctx, spec)
	rec.close()
	switch {
	case res.Conclusion == runner.Cancelled && s.stopping():
		complete("failure", InterruptedMessage)
	default:
		complete(string(res.Conclusion), res.Message)
	}
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// hasMatrix reports whether a job of w has a matrix.
func hasMatrix(w *workflow.Workflow) bool {
	for _, j := range w.Jobs {
		if j.Strategy != nil && j.Strategy.Matrix != nil {
			return true
		}
	}
	return false
}

// stopping reports whether Stop was called.
func (s *Service) stopping() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.started
}

// prepareWorkspace makes dir a checkout of sha: a clone sharing the
// repository's objects (fast, offline, and leaving the user's repository
// untouched), detached at the commit.
func prepareWorkspace(ctx context.Context, repo, dir, sha string) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
		return fmt.Errorf("workspace: %w", err)
	}
	if _, err := git(ctx, filepath.Dir(dir), "clone", "--quiet", "--shared", "--no-checkout", repo, dir); err != nil {
		return fmt.Errorf("workspace: %w", err)
	}
	if _, err := git(ctx, dir, "checkout", "--quiet", "--detach", sha); err != nil {
		return fmt.Errorf("workspace: %w", err)
	}
	return nil
}
