package engine

import (
	"context"
	"slices"

	"github.com/google/uuid"

	"github.com/berth-dev/berth/internal/awsapi"
)

// msgSkipped is the reason of resources ContinueUpdateRollback skips.
const msgSkipped = "Resource skipped during UpdateRollback"

// ContinueInput is a ContinueUpdateRollback request.
type ContinueInput struct {
	StackName          string
	ResourcesToSkip    []string
	ClientRequestToken string
	Principal          *awsapi.Principal
}

// ContinueUpdateRollback retries the rollback of a stack in
// UPDATE_ROLLBACK_FAILED. ResourcesToSkip are taken as rolled back without
// calling their providers (their real state then differs from the
// stack's, as on AWS).
func (e *Engine) ContinueUpdateRollback(ctx context.Context, in ContinueInput) error {
	s, err := e.db.stack(ctx, in.StackName)
	if err != nil {
		return err
	}
	if s.Status != StackUpdateRollbackFailed || s.Op == nil {
		return errValidation("Stack %s is in %s state and can not continue an update rollback; only UPDATE_ROLLBACK_FAILED stacks can.", s.Name, s.Status)
	}
	ch, err := e.claim(s)
	if err != nil {
		return err
	}
	recs, err := e.db.resources(ctx, s.ID)
	if err == nil {
		err = e.skip(ctx, s, recs, in.ResourcesToSkip)
	}
	if err != nil {
		e.release(s.ID, ch)
		return err
	}
	op := *s.Op
	op.ID, op.Type, op.Principal, op.ClientRequestToken, op.Started = uuid.NewString(), OpContinueRollback, in.Principal, in.ClientRequestToken, e.now()
	s.Op, s.Status, s.StatusReason = &op, StackUpdateRollbackInProgress, msgUserInitiated
	s.LastOps = append([]OpEntry{{Type: op.Type, ID: op.ID}}, s.LastOps...)
	err = e.db.saveStack(ctx, s)
	if err == nil {
		err = e.db.addEvent(ctx, newStackEvent(s, e.now(), StackUpdateRollbackInProgress, msgUserInitiated))
	}
	if err != nil {
		e.release(s.ID, ch)
		return err
	}
	e.startClaimed(s, ch, false)
	return nil
}

// skip marks the named resources rolled back.
func (e *Engine) skip(ctx context.Context, s *Stack, recs []*Resource, ids []string) error {
	for _, id := range ids {
		i := slices.IndexFunc(recs, func(r *Resource) bool { return r.LogicalID == id })
		if i < 0 || recs[i].Status != ResourceUpdateFailed {
			return errValidation("Resource [%s] cannot be skipped: only resources in UPDATE_FAILED state can be.", id)
		}
	}
	for _, id := range ids {
		rec := recs[slices.IndexFunc(recs, func(r *Resource) bool { return r.LogicalID == id })]
		if rec.Prior != nil {
			rec.Live = rec.Prior
			rec.Type = rec.Live.Type
		}
		rec.Prior, rec.Action, rec.Status, rec.StatusReason, rec.Updated = nil, "", ResourceUpdateComplete, msgSkipped, e.now()
		if err := e.db.saveResource(ctx, s.ID, rec); err != nil {
			return err
		}
		ev := newStackEvent(s, rec.Updated, ResourceUpdateComplete, msgSkipped)
		ev.LogicalID, ev.PhysicalID, ev.ResourceType = rec.LogicalID, physicalID(rec.Live), rec.Type
		if err := e.db.addEvent(ctx, ev); err != nil {
			return err
		}
	}
	return nil
}
