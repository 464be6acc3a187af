package engine

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// run is one operation on one stack, in memory. Its phases read and
// write the resource records in res (guarded by mu) and persist every
// change before moving on.
type run struct {
	e   *Engine
	ctx context.Context // the engine's: cancelled by Stop
	s   *Stack
	// ctl is what requests about the operation (CancelUpdateStack) share
	// with it.
	ctl *control
	// target is the stack's configuration; prev the one before an update.
	target, prev *version
	mask         masker

	mu      sync.Mutex
	res     map[string]*Resource
	imports map[string]bool
}

func (e *Engine) newRun(s *Stack, c *control) (*run, error) {
	r := &run{e: e, ctx: e.ctx, s: s, ctl: c, res: map[string]*Resource{}, imports: map[string]bool{}}
	recs, err := e.db.resources(r.ctx, s.ID)
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		r.res[rec.LogicalID] = rec
	}
	if r.target, err = e.load(&s.Config); err != nil {
		return nil, err
	}
	r.mask = newMasker(&s.Config)
	if s.Op != nil && s.Op.Previous != nil {
		if r.prev, err = e.load(s.Op.Previous); err != nil {
			return nil, err
		}
		r.mask = append(r.mask, newMasker(s.Op.Previous)...)
	}
	return r, nil
}

// drive runs the operation from the phase the stack's status names.
// resumed marks an operation found in progress at Start: creates and
// updates are rolled back, everything else carries on.
func (r *run) drive(resumed bool) error {
	if r.s.Op == nil {
		// The server stopped between recording the stack and its
		// operation: nothing was created yet.
		r.s.Op = &Operation{ID: uuid.NewString(), Type: OpCreateStack, OnFailure: OnFailureRollback, Started: r.e.now()}
	}
	switch r.s.Status {
	case StackCreateInProgress:
		if resumed {
			return r.createInterrupted()
		}
		return r.create()
	case StackRollbackInProgress:
		return r.rollbackCreate()
	case StackDeleteInProgress:
		return r.deleteStack()
	case StackUpdateInProgress:
		if resumed {
			return r.updateInterrupted()
		}
		return r.update()
	case StackUpdateCompleteCleanupInProgress:
		return r.updateCleanup()
	case StackUpdateRollbackInProgress:
		if resumed && r.s.Op.CancelRequested {
			// Cancelled while resources were being updated: what was in
			// flight when the server stopped is failed, as an interrupted
			// update's is, so that the rollback restores it.
			if _, err := r.cancelInProgress(); err != nil {
				return err
			}
		}
		return r.updateRollback()
	case StackUpdateRollbackCompleteCleanupInProgress:
		return r.rollbackCleanup()
	}
	return fmt.Errorf("engine: stack %s: nothing to do in status %s", r.s.Name, r.s.Status)
}

// interrupted reports whether the engine is stopping.
func (r *run) interrupted() bool { return r.ctx.Err() != nil }

// check turns storage errors into errInterrupted when the engine stops.
func (r *run) check(err error) error {
	if err != nil && r.interrupted() {
		return errInterrupted
	}
	return err
}

// setStatus persists a new stack status and its event.
func (r *run) setStatus(status, reason string) error {
	reason = r.mask.text(reason)
	r.s.Status, r.s.StatusReason = status, reason
	if err := r.check(r.e.db.saveStack(r.ctx, r.s)); err != nil {
		return err
	}
	return r.check(r.e.db.addEvent(r.ctx, r.stackEvent(status, reason)))
}

// newStackEvent builds a stack-level event of s's current operation.
func newStackEvent(s *Stack, now time.Time, status, reason string) *Event {
	ev := &Event{ID: uuid.NewString(), StackID: s.ID, StackName: s.Name, LogicalID: s.Name, PhysicalID: s.ID,
		ResourceType: "AWS::CloudFormation::Stack", Time: now, Status: status, Reason: reason, Failed: isFailure(status)}
	if s.Op != nil {
		ev.OperationID, ev.OperationType, ev.ClientRequestToken = s.Op.ID, s.Op.Type, s.Op.ClientRequestToken
	}
	return ev
}

func (r *run) stackEvent(status, reason string) *Event {
	return newStackEvent(r.s, r.e.now(), status, reason)
}

func isFailure(status string) bool {
	switch status {
	case StackCreateFailed, StackRollbackInProgress, StackRollbackFailed, StackDeleteFailed, StackUpdateFailed,
		StackUpdateRollbackInProgress, StackUpdateRollbackFailed:
		return true
	}
	return false
}

// record persists a resource's new status with its event. physicalID and
// props describe the physical resource concerned (props for
// *_IN_PROGRESS events only).
func (r *run) record(rec *Resource, status, reason, physicalID string, props map[string]any) error {
	reason = r.mask.text(reason)
	r.mu.Lock()
	rec.Status, rec.StatusReason, rec.Updated = status, reason, r.e.now()
	r.res[rec.LogicalID] = rec
	r.mu.Unlock()
	if err := r.check(r.e.db.saveResource(r.ctx, r.s.ID, rec)); err != nil {
		return err
	}
	ev := newStackEvent(r.s, rec.Updated, status, reason)
	ev.LogicalID, ev.PhysicalID, ev.ResourceType = rec.LogicalID, physicalID, rec.Type
	ev.Failed = isFailure(status) || status == ResourceCreateFailed || status == ResourceDeleteFailed
	if props != nil {
		ev.Properties = r.mask.json(props)
	}
	return r.check(r.e.db.addEvent(r.ctx, ev))
}

// save persists a resource record without an event.
func (r *run) save(rec *Resource) error {
	r.mu.Lock()
	r.res[rec.LogicalID] = rec
	r.mu.Unlock()
	return r.check(r.e.db.saveResource(r.ctx, r.s.ID, rec))
}

// forget removes a resource record.
func (r *run) forget(id string) error {
	r.mu.Lock()
	delete(r.res, id)
	r.mu.Unlock()
	return r.check(r.e.db.deleteResource(r.ctx, r.s.ID, id))
}

// get returns a resource record (nil when absent).
func (r *run) get(id string) *Resource {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.res[id]
}

// ids returns the logical ids of every record, sorted.
func (r *run) ids() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.res))
	for id := range r.res {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// request builds a provider request for a physical resource.
func (r *run) request(logicalID string, p *Physical) *provider.Request {
	req := &provider.Request{Type: p.Type, LogicalID: logicalID, PhysicalID: p.ID, Properties: p.Properties,
		Attributes: p.Attributes, StackName: r.s.Name, StackID: r.s.ID, Region: r.e.d.Region, Account: r.e.d.Account,
		NameSeed: p.Seed, Invoker: r.e.d.Invoker}
	if r.s.Op != nil {
		req.Principal = r.s.Op.Principal
		req.ClientToken = r.s.Op.ID
	}
	return req
}

// provider returns the provider of a type, or a failure reason.
func (r *run) provider(typ string) (provider.Provider, error) {
	p, ok := r.e.d.Providers.Get(typ)
	if !ok {
		return nil, provider.Failf(provider.CodeInvalidRequest, "Unrecognized resource type %s", typ)
	}
	return p, nil
}

// importList returns the export names the run imported, sorted.
func (r *run) importList() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.imports))
	for n := range r.imports {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// reasonOf turns a resource failure into a ResourceStatusReason.
func reasonOf(err error) string {
	var te *template.Error
	if errors.As(err, &te) {
		return te.Message
	}
	return provider.Reason(err)
}

// failure is reasonOf for a resource's failure; errors the client cannot
// be shown (not AWS errors) are logged here, once.
func (r *run) failure(id string, err error) string {
	var ae *awsapi.Error
	var f *provider.Failure
	var te *template.Error
	if !errors.As(err, &ae) && !errors.As(err, &f) && !errors.As(err, &te) {
		r.e.log.Error("resource provider failed", "stack", r.s.Name, "resource", id, "error", err)
	}
	return reasonOf(err)
}
