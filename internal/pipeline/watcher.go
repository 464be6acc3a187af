package pipeline

import (
	"github.com/berth-dev/berth/internal/lifecycle"

	"context"
	"fmt"
	"sync"
	"time"
)

// DefaultWatchInterval is how often a Watcher looks at its branch.
const DefaultWatchInterval = 250 * time.Millisecond

// maxCommitsPerPoll bounds the commits a watcher triggers one by one; a
// longer (or forced) update becomes one push spanning it, as on GitHub.
const maxCommitsPerPoll = 100

// WatchConfig says what a Watcher follows.
type WatchConfig struct {
	// Pipeline is the registered pipeline's name.
	Pipeline string
	// Branch to follow; default the pipeline's branch.
	Branch string
	// Interval between looks (default DefaultWatchInterval).
	Interval time.Duration
	// RunCurrent also triggers the branch's current commit at start when no
	// run of it was recorded yet (as a first push when nothing ran before).
	RunCurrent bool
}

// Watcher polls a branch of a pipeline's repository and triggers one push
// event per new commit, oldest first (before = its parent), so each
// commit's changes are checked and deployed in turn. It resumes after the
// last commit a push run was recorded for, so commits made while berth was
// down are run after a restart.
type Watcher struct {
	s   *Service
	cfg WatchConfig

	mu     sync.Mutex
	cancel context.CancelFunc
	wg     sync.WaitGroup
	last   string
	err    error
}

// NewWatcher returns a watcher; it has no side effects.
func (s *Service) NewWatcher(cfg WatchConfig) *Watcher {
	if cfg.Interval <= 0 {
		cfg.Interval = DefaultWatchInterval
	}
	return &Watcher{s: s, cfg: cfg}
}

// Start resolves where to resume and starts polling.
func (w *Watcher) Start(ctx context.Context) error {
	p, err := w.s.records.Pipeline(ctx, w.cfg.Pipeline)
	if err != nil {
		return fmt.Errorf("pipeline: watch %s: %w", w.cfg.Pipeline, err)
	}
	if w.cfg.Branch == "" {
		w.cfg.Branch = p.Branch
	}
	ref := "refs/heads/" + w.cfg.Branch
	head, err := resolveCommit(ctx, p.RepoDir, ref)
	if err != nil {
		return fmt.Errorf("pipeline: watch %s: no branch %s in %s", w.cfg.Pipeline, w.cfg.Branch, p.RepoDir)
	}
	last, err := w.s.records.LastPushSHA(ctx, p.Name, ref)
	if err != nil {
		return err
	}
	if last == "" || !hasCommit(ctx, p.RepoDir, last) {
		last = head
		if w.cfg.RunCurrent {
			if _, err := w.s.Trigger(ctx, p.Name, Event{Ref: ref, Before: nullSHA, After: head}); err != nil {
				return err
			}
		}
	}
	wctx, cancel := context.WithCancel(context.Background())
	w.mu.Lock()
	w.last, w.cancel = last, cancel
	w.mu.Unlock()
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		w.loop(wctx, p.RepoDir, ref)
	}()
	return nil
}

// Stop stops polling; runs already triggered go on.
func (w *Watcher) Stop(ctx context.Context) error {
	w.mu.Lock()
	cancel := w.cancel
	w.mu.Unlock()
	if cancel == nil {
		return nil
	}
	cancel()
	return lifecycle.Wait(ctx, &w.wg)
}

// Err is the last polling error, or nil (a branch deleted, say).
func (w *Watcher) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func (w *Watcher) loop(ctx context.Context, dir, ref string) {
	t := time.NewTicker(w.cfg.Interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := w.poll(ctx, dir, ref)
		w.mu.Lock()
		w.err = err
		w.mu.Unlock()
		if err != nil && ctx.Err() == nil {
			w.s.cfg.Logger.Warn("pipeline: watch", "pipeline", w.cfg.Pipeline, "error", err)
		}
	}
}

// poll triggers the commits that appeared since the last look.
func (w *Watcher) poll(ctx context.Context, dir, ref string) error {
	head, err := resolveCommit(ctx, dir, ref)
	if err != nil {
		return fmt.Errorf("branch %s: %w", ref, err)
	}
	w.mu.Lock()
	last := w.last
	w.mu.Unlock()
	if head == last {
		return nil
	}
	commits, ok := newCommits(ctx, dir, last, head, maxCommitsPerPoll)
	if !ok {
		commits = []string{head}
	}
	before := last
	for _, c := range commits {
		if _, err := w.s.Trigger(ctx, w.cfg.Pipeline, Event{Ref: ref, Before: before, After: c}); err != nil {
			return err
		}
		before = c
		w.mu.Lock()
		w.last = c
		w.mu.Unlock()
	}
	return nil
}
