package engine

import (
	"context"

	"github.com/google/uuid"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// UpdateInput is an UpdateStack request. Nil Tags and NotificationARNs
// keep the stack's; nil DisableRollback keeps its setting.
type UpdateInput struct {
	StackName            string
	TemplateBody         string
	UsePreviousTemplate  bool
	Parameters           []ParameterInput
	Capabilities         []string
	Tags                 []Tag
	NotificationARNs     []string
	RoleARN              string
	DisableRollback      *bool
	RetainExceptOnCreate *bool
	ClientRequestToken   string
	Principal            *awsapi.Principal
}

// updatable lists the statuses an update may start from.
func updatable(status string) bool {
	switch status {
	case StackCreateComplete, StackUpdateComplete, StackUpdateRollbackComplete, StackUpdateFailed:
		return true
	}
	return false
}

// newConfig builds the configuration an update or change set proposes.
func (e *Engine) newConfig(ctx context.Context, s *Stack, body string, usePrevious bool, params []ParameterInput, caps []string,
	tags []Tag, notif []string, role string, p *awsapi.Principal) (*version, error) {
	cfg := Config{Capabilities: caps, Tags: s.Config.Tags, NotificationARNs: s.Config.NotificationARNs, RoleARN: s.Config.RoleARN,
		TimeoutInMinutes: s.Config.TimeoutInMinutes}
	if tags != nil {
		cfg.Tags = tags
	}
	if notif != nil {
		cfg.NotificationARNs = notif
	}
	if role != "" {
		cfg.RoleARN = role
	}
	var prev *Config
	if s.Status != StackReviewInProgress {
		prev = &s.Config
	}
	return e.prepare(ctx, source{principal: p, body: body, usePreviousTemplate: usePrevious, params: params, capabilities: caps, prev: prev}, cfg)
}

// UpdateStack validates the request and starts updating the stack. A
// request that changes nothing is refused with "No updates are to be
// performed.".
func (e *Engine) UpdateStack(ctx context.Context, in UpdateInput) (*Stack, error) {
	s, err := e.db.stack(ctx, in.StackName)
	if err != nil {
		return nil, err
	}
	if !updatable(s.Status) {
		return nil, errCannotUpdate(s)
	}
	v, err := e.newConfig(ctx, s, in.TemplateBody, in.UsePreviousTemplate, in.Parameters, in.Capabilities, in.Tags, in.NotificationARNs, in.RoleARN, in.Principal)
	if err != nil {
		return nil, err
	}
	pl, err := e.preview(ctx, s, v)
	if err != nil {
		return nil, err
	}
	if pl.empty() {
		return nil, errValidation(msgNoUpdates)
	}
	return e.startUpdate(ctx, s.ID, v.cfg, updateOpts{principal: in.Principal, token: in.ClientRequestToken,
		disableRollback: in.DisableRollback, retainExceptOnCreate: in.RetainExceptOnCreate})
}

// updateOpts are the settings of an update besides its configuration.
type updateOpts struct {
	principal                             *awsapi.Principal
	token, changeSetID                    string
	disableRollback, retainExceptOnCreate *bool
}

// startUpdate records an update of the stack to cfg and starts it. The
// stack is read again once claimed, so the update starts from its
// current state.
func (e *Engine) startUpdate(ctx context.Context, stackID string, cfg *Config, o updateOpts) (*Stack, error) {
	s, err := e.db.stack(ctx, stackID)
	if err != nil {
		return nil, err
	}
	ch, err := e.claim(s)
	if err != nil {
		return nil, err
	}
	if s, err = e.db.stack(ctx, stackID); err == nil && !updatable(s.Status) {
		err = errCannotUpdate(s)
	}
	if err != nil {
		e.release(stackID, ch)
		return nil, err
	}
	if o.disableRollback != nil {
		s.DisableRollback = *o.disableRollback
	}
	if o.retainExceptOnCreate != nil {
		s.RetainExceptOnCreate = *o.retainExceptOnCreate
	}
	p, token, changeSetID := o.principal, o.token, o.changeSetID
	prev := s.Config
	op := &Operation{ID: uuid.NewString(), Type: OpUpdateStack, Principal: p, ClientRequestToken: token,
		DisableRollback: s.DisableRollback, Previous: &prev, PreviousOutputs: s.Outputs, ChangeSetID: changeSetID, Started: e.now()}
	s.Op, s.Config, s.Status, s.StatusReason = op, *cfg, StackUpdateInProgress, msgUserInitiated
	s.Updated = e.now()
	if changeSetID != "" {
		s.ChangeSetID = changeSetID
	}
	s.LastOps = append([]OpEntry{{Type: op.Type, ID: op.ID}}, s.LastOps...)
	if len(s.LastOps) > 5 {
		s.LastOps = s.LastOps[:5]
	}
	if err := e.db.saveStack(ctx, s); err != nil {
		e.release(s.ID, ch)
		return nil, err
	}
	if err := e.db.addEvent(ctx, newStackEvent(s, e.now(), StackUpdateInProgress, msgUserInitiated)); err != nil {
		e.release(s.ID, ch)
		return nil, err
	}
	ch.allowCancel()
	e.startClaimed(s, ch, false)
	return s, nil
}

// update is the UPDATE_IN_PROGRESS phase. A CancelUpdateStack during
// it stops the scheduling of resources; once those in flight are done,
// the update rolls back.
func (r *run) update() error {
	ev, err := r.e.evaluator(r.target, r.s, r.resolver())
	if err != nil {
		if r.cancelled() {
			return r.updateRollback()
		}
		return r.updateFailed(reasonOf(err))
	}
	failed, err := scheduleUntil(r.ctx, r.ctl.halt, ev.Resources(), ev.Dependencies().DependsOn, r.e.d.Parallelism, true,
		func(ctx context.Context, id string) (bool, error) { return r.updateResource(ctx, ev, id) })
	if err != nil {
		return err
	}
	if r.cancelled() {
		return r.updateRollback()
	}
	if len(failed) > 0 {
		var created, updated []string
		for _, id := range failed {
			if r.get(id).Status == ResourceCreateFailed {
				created = append(created, id)
			} else {
				updated = append(updated, id)
			}
		}
		reason := ""
		if len(created) > 0 {
			reason += failedReason("create", created)
		}
		if len(updated) > 0 {
			reason += failedReason("update", updated)
		}
		return r.updateFailed(reason)
	}
	if err := r.publish(ev, r.s.Op.PreviousOutputs); err != nil {
		if err == errInterrupted {
			return err
		}
		return r.updateFailed(err.Error())
	}
	if err := r.setStatus(StackUpdateCompleteCleanupInProgress, ""); err != nil {
		return err
	}
	return r.updateCleanup()
}

// updateFailed rolls the update back, or stops in UPDATE_FAILED when
// rollback is disabled.
func (r *run) updateFailed(reason string) error {
	if r.s.Op.DisableRollback {
		for _, id := range r.ids() {
			rec := r.get(id)
			if rec.Action == actionReplace && rec.Prior != nil && rec.Live != nil && rec.Prior.ID != rec.Live.ID {
				r.set(func() { rec.Obsolete = append(rec.Obsolete, rec.Prior) })
			}
		}
		if err := r.clearActions(); err != nil {
			return err
		}
		return r.setStatus(StackUpdateFailed, reason)
	}
	if err := r.setStatus(StackUpdateRollbackInProgress, reason); err != nil {
		return err
	}
	return r.updateRollback()
}

// updateInterrupted fails what a stopped server left in progress and
// rolls the update back.
func (r *run) updateInterrupted() error {
	failed, err := r.cancelInProgress()
	if err != nil {
		return err
	}
	reason := msgInterrupted + ". "
	if len(failed) > 0 {
		reason = failedReason("update", failed) + msgInterrupted + ". "
	}
	return r.updateFailed(reason)
}

// updateResource brings one resource to the target template: create it,
// leave it, update it in place or replace it.
func (r *run) updateResource(ctx context.Context, ev *template.Evaluator, id string) (bool, error) {
	rec := r.get(id)
	if rec == nil || rec.Live == nil {
		return r.createResource(ctx, ev, id, rec)
	}
	t := r.target.t.Resources[id]
	props, err := ev.Properties(id)
	p, perr := r.provider(t.Type)
	if err == nil {
		err = perr
	}
	if err == nil {
		err = p.Schema().Check(id, props)
	}
	if err != nil {
		return false, r.record(rec, ResourceUpdateFailed, r.failure(rec.LogicalID, err), rec.Live.ID, nil)
	}
	var meta map[string]any
	if m, err := ev.Resolve(t.Metadata); err == nil {
		meta, _ = m.(map[string]any)
	}
	dp, urp := policies(t)
	switch {
	case rec.Live.Type != t.Type || len(p.Schema().ReplacementPaths(rec.Live.Properties, props)) > 0:
		return r.replace(ctx, p, rec, &Physical{Type: t.Type, Properties: props, Seed: provider.NewSeed(), DeletionPolicy: dp, UpdateReplacePolicy: urp}, meta)
	case !sameValue(rec.Live.Properties, props):
		return r.modify(ctx, p, rec, props, dp, urp, meta)
	}
	changedMeta := !sameValue(rec.Metadata, meta)
	if !changedMeta && rec.Live.DeletionPolicy == dp && rec.Live.UpdateReplacePolicy == urp {
		return true, nil
	}
	if changedMeta {
		if err := r.record(rec, ResourceUpdateInProgress, "", rec.Live.ID, props); err != nil {
			return false, err
		}
	}
	r.set(func() {
		if rec.Action == "" {
			rec.Action, rec.Prior = actionModify, clonePhysical(rec.Live)
		}
		rec.Metadata, rec.Live.DeletionPolicy, rec.Live.UpdateReplacePolicy = meta, dp, urp
	})
	if changedMeta {
		return true, r.record(rec, ResourceUpdateComplete, "", rec.Live.ID, nil)
	}
	return true, r.save(rec)
}

// modify updates a resource in place.
func (r *run) modify(ctx context.Context, p provider.Provider, rec *Resource, props map[string]any, dp, urp string, meta map[string]any) (bool, error) {
	r.set(func() { rec.Action, rec.Prior = actionModify, clonePhysical(rec.Live) })
	if err := r.record(rec, ResourceUpdateInProgress, "", rec.Live.ID, props); err != nil {
		return false, err
	}
	req := r.request(rec.LogicalID, rec.Live)
	req.Properties, req.PreviousProperties = props, rec.Live.Properties
	res, err := p.Update(ctx, req)
	if r.interrupted() {
		return false, errInterrupted
	}
	if err != nil {
		return false, r.record(rec, ResourceUpdateFailed, r.failure(rec.LogicalID, err), rec.Live.ID, nil)
	}
	next := &Physical{ID: rec.Live.ID, Type: rec.Live.Type, Properties: props, Attributes: res.Attributes, Seed: rec.Live.Seed,
		DeletionPolicy: dp, UpdateReplacePolicy: urp}
	if res.PhysicalID != "" {
		next.ID = res.PhysicalID
	}
	r.set(func() { rec.Live, rec.Metadata = next, meta })
	return true, r.record(rec, ResourceUpdateComplete, "", next.ID, nil)
}

// replace creates the replacement of a resource; the old one is deleted
// in the cleanup phase (or kept if the update rolls back).
func (r *run) replace(ctx context.Context, p provider.Provider, rec *Resource, next *Physical, meta map[string]any) (bool, error) {
	r.set(func() {
		rec.Action, rec.Prior, rec.Pending, rec.Type = actionReplace, clonePhysical(rec.Live), next, next.Type
	})
	if err := r.record(rec, ResourceUpdateInProgress, msgReplacing, rec.Live.ID, next.Properties); err != nil {
		return false, err
	}
	res, err := p.Create(ctx, r.request(rec.LogicalID, next))
	if r.interrupted() {
		return false, errInterrupted
	}
	if err != nil {
		r.set(func() { rec.Pending = nil })
		return false, r.record(rec, ResourceUpdateFailed, r.failure(rec.LogicalID, err), rec.Live.ID, nil)
	}
	done := clonePhysical(next)
	done.ID, done.Attributes = res.PhysicalID, res.Attributes
	r.set(func() { rec.Live, rec.Pending, rec.Metadata = done, nil, meta })
	return true, r.record(rec, ResourceUpdateComplete, "", done.ID, nil)
}
