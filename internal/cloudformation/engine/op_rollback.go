package engine

import (
	"context"
	"slices"

	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// updateRollback is the UPDATE_ROLLBACK_IN_PROGRESS phase: resources
// updated in place are updated back, replaced ones get their old
// physical resource back (the new one is deleted in the cleanup).
func (r *run) updateRollback() error {
	var nodes []string
	for _, id := range r.ids() {
		if a := r.get(id).Action; a == actionModify || a == actionReplace {
			nodes = append(nodes, id)
		}
	}
	g := r.prevTemplate().Dependencies()
	failed, err := schedule(r.ctx, nodes, g.DependsOn, r.e.d.Parallelism, false, r.revert)
	if err != nil {
		return err
	}
	if len(failed) > 0 {
		return r.setStatus(StackUpdateRollbackFailed, failedReason("update", failed))
	}
	if err := r.setStatus(StackUpdateRollbackCompleteCleanupInProgress, ""); err != nil {
		return err
	}
	return r.rollbackCleanup()
}

// prevTemplate is the template before the update (the target one when
// there is none, e.g. after an interrupted first update record).
func (r *run) prevTemplate() *template.Template {
	if r.prev != nil {
		return r.prev.t
	}
	return r.target.t
}

// revert undoes what the update did to one resource.
func (r *run) revert(ctx context.Context, id string) (bool, error) {
	rec := r.get(id)
	if rec.Action == actionReplace {
		r.set(func() {
			if rec.Pending != nil {
				rec.Obsolete = append(rec.Obsolete, rec.Pending)
			}
			if rec.Live != nil && rec.Prior != nil && rec.Live.ID != rec.Prior.ID {
				rec.Obsolete = append(rec.Obsolete, rec.Live)
			}
			if rec.Prior != nil {
				rec.Live = rec.Prior
			}
			rec.Pending, rec.Prior, rec.Action, rec.Type = nil, nil, "", rec.Live.Type
		})
		return true, r.record(rec, ResourceUpdateComplete, "", rec.Live.ID, nil)
	}
	prior := rec.Prior
	if prior == nil {
		return true, nil
	}
	if sameValue(prior.Properties, rec.Live.Properties) && rec.Status != ResourceUpdateFailed {
		// Only policies or metadata changed: nothing to call.
		r.set(func() { rec.Live, rec.Prior, rec.Action = prior, nil, "" })
		return true, r.save(rec)
	}
	p, err := r.provider(rec.Live.Type)
	if err != nil {
		return false, r.record(rec, ResourceUpdateFailed, r.failure(rec.LogicalID, err), rec.Live.ID, nil)
	}
	if err := r.record(rec, ResourceUpdateInProgress, "", rec.Live.ID, prior.Properties); err != nil {
		return false, err
	}
	req := r.request(id, rec.Live)
	req.Properties, req.PreviousProperties = prior.Properties, rec.Live.Properties
	res, err := p.Update(ctx, req)
	if r.interrupted() {
		return false, errInterrupted
	}
	if err != nil {
		return false, r.record(rec, ResourceUpdateFailed, r.failure(rec.LogicalID, err), rec.Live.ID, nil)
	}
	back := clonePhysical(prior)
	if res.Attributes != nil {
		back.Attributes = res.Attributes
	}
	r.set(func() { rec.Live, rec.Prior, rec.Action = back, nil, "" })
	return true, r.record(rec, ResourceUpdateComplete, "", back.ID, nil)
}

// rollbackCleanup is UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS: it
// deletes what the rolled-back update created, then restores the
// previous configuration.
func (r *run) rollbackCleanup() error {
	g := r.target.t.Dependencies()
	_, err := schedule(r.ctx, r.ids(), g.Dependents, r.e.d.Parallelism, false, func(ctx context.Context, id string) (bool, error) {
		rec := r.get(id)
		if rec.Action == actionAdd {
			// A new resource's Retain policy holds unless the stack asked
			// for RetainExceptOnCreate.
			return r.removeRecord(ctx, rec, !r.s.RetainExceptOnCreate)
		}
		return r.deleteObsolete(ctx, rec)
	})
	if err != nil {
		return err
	}
	if r.s.Op.Previous != nil {
		r.s.Config, r.s.Outputs = *r.s.Op.Previous, r.s.Op.PreviousOutputs
		r.s.Op.Previous, r.s.Op.PreviousOutputs = nil, nil
	}
	if err := r.clearActions(); err != nil {
		return err
	}
	return r.setStatus(StackUpdateRollbackComplete, "")
}

// updateCleanup is UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: it deletes the
// old halves of replacements and the resources the new template
// removed. Failures are reported in events but do not fail the update,
// as on AWS.
func (r *run) updateCleanup() error {
	keep := map[string]bool{}
	for _, id := range r.target.t.ResourceNames() {
		keep[id] = true
	}
	if ev, err := r.e.evaluator(r.target, r.s, r.resolver()); err == nil {
		keep = map[string]bool{}
		for _, id := range ev.Resources() {
			keep[id] = true
		}
	}
	g := r.prevTemplate().Dependencies()
	_, err := schedule(r.ctx, r.ids(), g.Dependents, r.e.d.Parallelism, false, func(ctx context.Context, id string) (bool, error) {
		rec := r.get(id)
		if !keep[id] {
			return r.removeRecord(ctx, rec, true)
		}
		if rec.Action == actionReplace && rec.Prior != nil && rec.Live != nil && rec.Prior.ID != rec.Live.ID {
			old := rec.Prior
			if _, err := r.destroy(ctx, id, old, old.UpdateReplacePolicy == PolicyRetain, nil); err != nil {
				return false, err
			}
			r.set(func() { rec.Prior, rec.Action = nil, "" })
			if err := r.save(rec); err != nil {
				return false, err
			}
		}
		return r.deleteObsolete(ctx, rec)
	})
	if err != nil {
		return err
	}
	r.s.Op.Previous, r.s.Op.PreviousOutputs = nil, nil
	if err := r.clearActions(); err != nil {
		return err
	}
	return r.setStatus(StackUpdateComplete, "")
}

// deleteObsolete deletes a record's obsolete physical resources (events
// only; failures are reported and forgotten).
func (r *run) deleteObsolete(ctx context.Context, rec *Resource) (bool, error) {
	var list []*Physical
	r.set(func() { list = slices.Clone(rec.Obsolete) })
	if len(list) == 0 {
		return true, nil
	}
	for _, p := range list {
		if _, err := r.destroy(ctx, rec.LogicalID, p, false, nil); err != nil {
			return false, err
		}
	}
	r.set(func() { rec.Obsolete = nil })
	return true, r.save(rec)
}

// removeRecord deletes everything a record holds and forgets it.
// policy says whether the live resource's DeletionPolicy applies (a
// resource the template removed) or not (one the rolled-back update
// added).
func (r *run) removeRecord(ctx context.Context, rec *Resource, policy bool) (bool, error) {
	retain := policy && rec.Live != nil && rec.Live.DeletionPolicy == PolicyRetain
	if _, err := r.deleteResource(ctx, rec.LogicalID, retain); err != nil {
		return false, err
	}
	return true, r.forget(rec.LogicalID)
}
