// Package engine runs CloudFormation stacks: it validates templates with
// the template package, plans changes per resource (no-op, update in
// place, replacement), creates, updates and deletes resources through
// providers in dependency order and in parallel, rolls back on failure,
// records events with CloudFormation's status names and keeps everything
// in the store step by step, so that a server stopped in the middle of an
// operation finishes or rolls it back when it starts again.
//
// One operation runs at a time per stack. Operations run in goroutines
// owned by the Engine: Start resumes interrupted ones, Stop cancels the
// running ones, which then stop at their next step without recording
// anything, exactly as if the server had been killed.
package engine

import (
	"github.com/berth-dev/berth/internal/lifecycle"

	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/template"
	"github.com/berth-dev/berth/internal/store"
)

// DefaultParallelism bounds how many resources one operation works on at
// a time.
const DefaultParallelism = 8

// Deps are what an Engine needs.
type Deps struct {
	Store     *store.Store
	Providers *provider.Registry
	// Invoker runs other services' operations for providers (and SSM
	// parameter lookups) as the operation's principal.
	Invoker         awsapi.Invoker
	Region, Account string
	Logger          *slog.Logger
	// Now is the clock (tests); default time.Now.
	Now func() time.Time
	// Parallelism bounds concurrent resource work per operation.
	Parallelism int
}

// Engine runs stack operations. New has no side effects; Start resumes
// interrupted operations; Stop ends running ones.
type Engine struct {
	d   Deps
	db  *db
	log *slog.Logger

	mu      sync.Mutex
	ctx     context.Context // cancelled by Stop
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	running map[string]*control // stack id → its running operation
	stopped bool
}

// New returns an engine over d. It does no I/O.
func New(d Deps) *Engine {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Parallelism <= 0 {
		d.Parallelism = DefaultParallelism
	}
	if d.Providers == nil {
		d.Providers = provider.NewRegistry()
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Engine{d: d, db: &db{st: d.Store}, log: d.Logger, ctx: ctx, cancel: cancel, running: map[string]*control{}}
}

// Providers returns the provider registry templates are validated against.
func (e *Engine) Providers() *provider.Registry { return e.d.Providers }

// Start resumes every operation a previous server left in progress: creates
// and updates roll back, deletes, rollbacks and cleanups carry on.
func (e *Engine) Start(ctx context.Context) error {
	busy, err := e.db.busyStacks(ctx)
	if err != nil {
		return fmt.Errorf("engine: start: %w", err)
	}
	for _, s := range busy {
		c, err := e.claim(s)
		if err == ErrStopped {
			return fmt.Errorf("engine: start: resume %s: %w", s.Name, err)
		}
		if err != nil {
			continue // a request (CancelUpdateStack) took the stack over first
		}
		// Read it again now that it is ours: that request may have
		// finished with it meanwhile.
		cur, err := e.db.stack(ctx, s.ID)
		if err != nil || !InProgress(cur.Status) {
			e.release(s.ID, c)
			if err != nil {
				return fmt.Errorf("engine: start: resume %s: %w", s.Name, err)
			}
			continue
		}
		e.log.Info("resuming interrupted stack operation", "stack", cur.Name, "status", cur.Status)
		e.startClaimed(cur, c, true)
	}
	return nil
}

// Stop cancels running operations and waits for them to stop (or ctx to
// end). Their stacks stay IN_PROGRESS in the store until the next Start.
func (e *Engine) Stop(ctx context.Context) error {
	e.mu.Lock()
	e.stopped = true
	e.mu.Unlock()
	e.cancel()
	if err := lifecycle.Wait(ctx, &e.wg); err != nil {
		return fmt.Errorf("engine: stop: %w", err)
	}
	return nil
}

// Wait blocks until no operation runs on the stack, or ctx ends.
func (e *Engine) Wait(ctx context.Context, stackID string) error {
	e.mu.Lock()
	c := e.running[stackID]
	e.mu.Unlock()
	if c == nil {
		return nil
	}
	select {
	case <-c.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// claim marks a stack busy in memory; it fails if an operation runs on it.
func (e *Engine) claim(s *Stack) (*control, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.stopped {
		return nil, ErrStopped
	}
	if _, busy := e.running[s.ID]; busy {
		return nil, errCannotUpdate(s)
	}
	c := newControl()
	e.running[s.ID] = c
	return c, nil
}

func (e *Engine) release(id string, c *control) {
	e.mu.Lock()
	if e.running[id] == c {
		delete(e.running, id)
	}
	e.mu.Unlock()
	close(c.done)
}

// runningOn returns the control of the operation running on a stack, or nil.
func (e *Engine) runningOn(id string) *control {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.running[id]
}

func (e *Engine) startClaimed(s *Stack, c *control, resumed bool) {
	s = copyStack(s) // the caller keeps its copy; the run owns this one
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		defer e.release(s.ID, c)
		defer func() {
			// A bug in a provider must not take the server down; the
			// stack stays IN_PROGRESS and the next Start deals with it.
			if v := recover(); v != nil {
				e.log.Error("stack operation panicked", "stack", s.Name, "status", s.Status, "panic", v, "stack_trace", string(debug.Stack()))
			}
		}()
		r, err := e.newRun(s, c)
		if err == nil {
			err = r.drive(resumed)
		}
		if err != nil && err != errInterrupted {
			e.log.Error("stack operation failed", "stack", s.Name, "status", s.Status, "error", err)
		}
	}()
}

func (e *Engine) now() time.Time { return e.d.Now().UTC() }

// stackARN builds a new stack id.
func (e *Engine) stackARN(name string) string {
	return fmt.Sprintf("arn:aws:cloudformation:%s:%s:stack/%s/%s", e.d.Region, e.d.Account, name, uuid.NewString())
}

// changeSetARN builds a new change set id.
func (e *Engine) changeSetARN(name string) string {
	return fmt.Sprintf("arn:aws:cloudformation:%s:%s:changeSet/%s/%s", e.d.Region, e.d.Account, name, uuid.NewString())
}

// Stack returns a stack by name (live stacks) or id (deleted ones too).
// A missing stack is CloudFormation's ValidationError.
func (e *Engine) Stack(ctx context.Context, nameOrID string) (*Stack, error) {
	return e.db.stack(ctx, nameOrID)
}

// Stacks lists stacks, newest first; deleted ones only when asked.
func (e *Engine) Stacks(ctx context.Context, withDeleted bool) ([]*Stack, error) {
	return e.db.stacks(ctx, withDeleted)
}

// Resources returns a stack's resource records, by logical id.
func (e *Engine) Resources(ctx context.Context, stackID string) ([]*Resource, error) {
	return e.db.resources(ctx, stackID)
}

// Events returns a page of a stack's events, newest first, and the cursor
// for the next page (0 at the end).
func (e *Engine) Events(ctx context.Context, stackID string, q EventQuery) ([]*Event, int64, error) {
	return e.db.events(ctx, stackID, q)
}

// Exports lists every export of the account and region.
func (e *Engine) Exports(ctx context.Context) ([]Export, error) { return e.db.exports(ctx) }

// Importers lists the stacks importing an export.
func (e *Engine) Importers(ctx context.Context, exportName string) ([]string, error) {
	return e.db.importers(ctx, exportName, "")
}

// copyStack deep-copies a stack record.
func copyStack(s *Stack) *Stack {
	c := new(Stack)
	if err := decode([]byte(canonical(s)), c); err != nil {
		cp := *s
		return &cp
	}
	return c
}

// Summarize validates a template (syntax, references, resource types and
// properties) and describes it, for ValidateTemplate and
// GetTemplateSummary.
func (e *Engine) Summarize(body string) (*template.Template, error) {
	if body == "" {
		return nil, errValidation("Either Template URL or Template Body must be specified.")
	}
	t, err := template.Parse([]byte(body))
	if err != nil {
		return nil, templateError(err)
	}
	if err := t.Validate(e.d.Providers); err != nil {
		return nil, templateError(err)
	}
	return t, nil
}

// SetTerminationProtection turns a stack's termination protection on or off.
func (e *Engine) SetTerminationProtection(ctx context.Context, nameOrID string, on bool) (*Stack, error) {
	s, err := e.db.stack(ctx, nameOrID)
	if err != nil {
		return nil, err
	}
	if s.Status == StackDeleteComplete {
		return nil, errStackNotFound(nameOrID)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, busy := e.running[s.ID]; busy {
		// The running operation would overwrite the change when it saves.
		return nil, errValidation("Stack [%s] is in %s state: change its termination protection when the operation completes.", s.Name, s.Status)
	}
	cur, err := e.db.stack(ctx, s.ID)
	if err != nil {
		return nil, err
	}
	cur.EnableTerminationProtection = on
	return cur, e.db.saveStack(ctx, cur)
}
