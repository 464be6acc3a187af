package engine

import (
	"context"
	"errors"
	"slices"

	"github.com/google/uuid"

	"github.com/berth-dev/berth/internal/awsapi"
)

// DeleteInput is a DeleteStack request.
type DeleteInput struct {
	StackName          string
	RetainResources    []string
	ClientRequestToken string
	Principal          *awsapi.Principal
}

// DeleteStack starts deleting a stack. Deleting a stack that does not
// exist, or is already being deleted, succeeds, as on AWS.
func (e *Engine) DeleteStack(ctx context.Context, in DeleteInput) error {
	s, err := e.db.stack(ctx, in.StackName)
	if err != nil {
		var ae *awsapi.Error
		if errors.As(err, &ae) && ae.Code == CodeValidation {
			return nil
		}
		return err
	}
	switch {
	case s.Status == StackDeleteComplete || s.Status == StackDeleteInProgress:
		return nil
	case s.Status == StackReviewInProgress:
		return e.deleteReview(ctx, s)
	case InProgress(s.Status):
		return errValidation("Stack [%s] cannot be deleted while in status %s", s.Name, s.Status)
	case s.EnableTerminationProtection:
		return errValidation("Stack [%s] cannot be deleted while TerminationProtection is enabled", s.Name)
	case len(in.RetainResources) > 0 && s.Status != StackDeleteFailed:
		return errValidation("Invalid operation on stack [%s]. RetainResources can only be specified when a stack is in the DELETE_FAILED state.", s.Name)
	}
	ch, err := e.claim(s)
	if err != nil {
		return errValidation("Stack [%s] cannot be deleted while in status %s", s.Name, s.Status)
	}
	op := &Operation{ID: uuid.NewString(), Type: OpDeleteStack, Principal: in.Principal, ClientRequestToken: in.ClientRequestToken,
		RetainResources: in.RetainResources, Started: e.now()}
	s.Op, s.Status, s.StatusReason = op, StackDeleteInProgress, msgUserInitiated
	s.LastOps = append([]OpEntry{{Type: op.Type, ID: op.ID}}, s.LastOps...)
	if err := e.db.saveStack(ctx, s); err != nil {
		e.release(s.ID, ch)
		return err
	}
	if err := e.db.addEvent(ctx, newStackEvent(s, e.now(), StackDeleteInProgress, msgUserInitiated)); err != nil {
		e.release(s.ID, ch)
		return err
	}
	e.startClaimed(s, ch, false)
	return nil
}

// deleteReview deletes a stack that only ever had change sets.
func (e *Engine) deleteReview(ctx context.Context, s *Stack) error {
	ch, err := e.claim(s)
	if err != nil {
		return err
	}
	defer e.release(s.ID, ch)
	css, err := e.db.changeSets(ctx, s.ID)
	if err != nil {
		return err
	}
	for _, cs := range css {
		if err := e.db.deleteChangeSet(ctx, cs.ID); err != nil {
			return err
		}
	}
	s.Status, s.StatusReason, s.Deleted = StackDeleteComplete, "", e.now()
	if err := e.db.saveStack(ctx, s); err != nil {
		return err
	}
	return e.db.addEvent(ctx, newStackEvent(s, e.now(), StackDeleteComplete, ""))
}

// deleteStack is the DELETE_IN_PROGRESS phase (DeleteStack, or a failed
// create with OnFailure DELETE).
func (r *run) deleteStack() error {
	if r.s.Op.Type == OpDeleteStack {
		reason, err := r.exportsInUse()
		if err != nil {
			return err
		}
		if reason != "" {
			return r.setStatus(StackDeleteFailed, reason)
		}
	}
	retain := func(rec *Resource) bool {
		return slices.Contains(r.s.Op.RetainResources, rec.LogicalID) || (rec.Live != nil && rec.Live.DeletionPolicy == PolicyRetain)
	}
	failed, err := r.deleteAll(retain)
	if err != nil {
		return err
	}
	if len(failed) > 0 {
		return r.setStatus(StackDeleteFailed, failedReason("delete", failed))
	}
	if err := r.check(r.e.db.replaceExports(r.ctx, r.s.ID, nil, nil)); err != nil {
		return err
	}
	css, err := r.e.db.changeSets(r.ctx, r.s.ID)
	if err != nil {
		return r.check(err)
	}
	for _, cs := range css {
		if err := r.check(r.e.db.deleteChangeSet(r.ctx, cs.ID)); err != nil {
			return err
		}
	}
	r.s.Deleted = r.e.now()
	return r.setStatus(StackDeleteComplete, "")
}

// rollbackCreate is the ROLLBACK_IN_PROGRESS phase: it deletes what the
// failed creation made. Retained resources stay unless the stack asked
// for RetainExceptOnCreate.
func (r *run) rollbackCreate() error {
	retain := func(rec *Resource) bool {
		return !r.s.RetainExceptOnCreate && rec.Live != nil && rec.Live.DeletionPolicy == PolicyRetain
	}
	failed, err := r.deleteAll(retain)
	if err != nil {
		return err
	}
	if len(failed) > 0 {
		return r.setStatus(StackRollbackFailed, failedReason("delete", failed))
	}
	return r.setStatus(StackRollbackComplete, "")
}

// deleteAll deletes every resource record, dependents first, and returns
// those that failed.
func (r *run) deleteAll(retain func(*Resource) bool) ([]string, error) {
	g := r.target.t.Dependencies()
	return schedule(r.ctx, r.ids(), g.Dependents, r.e.d.Parallelism, false,
		func(ctx context.Context, id string) (bool, error) {
			return r.deleteResource(ctx, id, retain(r.get(id)))
		})
}

// deleteResource deletes everything a record holds: obsolete and pending
// physical resources quietly, the live one with events.
func (r *run) deleteResource(ctx context.Context, id string, retain bool) (bool, error) {
	rec := r.get(id)
	if rec.Status == ResourceDeleteComplete || rec.Status == ResourceDeleteSkipped {
		return true, nil
	}
	var extra []*Physical
	r.set(func() {
		extra = append(extra, rec.Obsolete...)
		if rec.Pending != nil {
			extra = append(extra, rec.Pending)
		}
		if rec.Prior != nil && rec.Live != nil && rec.Prior.ID != rec.Live.ID {
			extra = append(extra, rec.Prior)
		}
	})
	for _, p := range extra {
		if ok, err := r.destroy(ctx, id, p, p.DeletionPolicy == PolicyRetain, nil); err != nil || !ok {
			return ok, err
		}
	}
	r.set(func() { rec.Obsolete, rec.Pending, rec.Prior = nil, nil, nil })
	if rec.Live == nil {
		return true, r.record(rec, ResourceDeleteComplete, "", "", nil)
	}
	ok, err := r.destroy(ctx, id, rec.Live, retain, rec)
	if ok && err == nil && !retain {
		r.set(func() { rec.Live = nil })
		err = r.save(rec)
	}
	return ok, err
}

// destroy deletes one physical resource. With track set, the record's
// status follows (DELETE_*); otherwise only events are written (the old
// half of a replacement, leftovers of an interrupted creation).
func (r *run) destroy(ctx context.Context, id string, p *Physical, retain bool, track *Resource) (bool, error) {
	status := func(st, reason string) error {
		if track != nil {
			return r.record(track, st, reason, p.ID, nil)
		}
		if p.ID == "" && st != ResourceDeleteFailed {
			return nil // nothing the user ever saw
		}
		return r.event(id, p, st, reason)
	}
	if retain {
		return true, status(ResourceDeleteSkipped, "")
	}
	if err := status(ResourceDeleteInProgress, ""); err != nil {
		return false, err
	}
	prov, err := r.provider(p.Type)
	if err == nil {
		err = prov.Delete(ctx, r.request(id, p))
	}
	if r.interrupted() {
		return false, errInterrupted
	}
	if err != nil {
		return false, status(ResourceDeleteFailed, r.failure(id, err))
	}
	return true, status(ResourceDeleteComplete, "")
}

// event writes a resource event without changing the record.
func (r *run) event(id string, p *Physical, status, reason string) error {
	ev := newStackEvent(r.s, r.e.now(), status, reason)
	ev.LogicalID, ev.PhysicalID, ev.ResourceType = id, p.ID, p.Type
	ev.Failed = status == ResourceDeleteFailed
	return r.check(r.e.db.addEvent(r.ctx, ev))
}
