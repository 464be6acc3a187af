package engine

import (
	"context"
	"regexp"
	"strings"

	"github.com/google/uuid"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// CreateInput is a CreateStack request.
type CreateInput struct {
	StackName                   string
	TemplateBody                string
	Parameters                  []ParameterInput
	Capabilities                []string
	Tags                        []Tag
	NotificationARNs            []string
	RoleARN                     string
	OnFailure                   string
	DisableRollback             bool
	TimeoutInMinutes            int
	ClientRequestToken          string
	EnableTerminationProtection bool
	RetainExceptOnCreate        bool
	// Principal makes the request; resources are created as it.
	Principal *awsapi.Principal
}

var stackNameRE = regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]*$`)

func checkStackName(name string) error {
	if len(name) > 128 || !stackNameRE.MatchString(name) {
		return errValidation("1 validation error detected: Value '%s' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*", name)
	}
	return nil
}

// CreateStack validates the request, records the stack CREATE_IN_PROGRESS
// and starts creating its resources.
func (e *Engine) CreateStack(ctx context.Context, in CreateInput) (*Stack, error) {
	if err := checkStackName(in.StackName); err != nil {
		return nil, err
	}
	if in.DisableRollback && in.OnFailure != "" {
		return nil, errValidation("You can specify either DisableRollback or OnFailure, but not both.")
	}
	if existing, err := e.db.stack(ctx, in.StackName); err == nil {
		return nil, awsapi.Errorf(CodeAlreadyExists, "Stack [%s] already exists", existing.Name)
	}
	v, err := e.prepare(ctx, source{principal: in.Principal, body: in.TemplateBody, params: in.Parameters, capabilities: in.Capabilities},
		Config{Capabilities: in.Capabilities, Tags: in.Tags, NotificationARNs: in.NotificationARNs, RoleARN: in.RoleARN, TimeoutInMinutes: in.TimeoutInMinutes})
	if err != nil {
		return nil, err
	}
	now := e.now()
	s := &Stack{ID: e.stackARN(in.StackName), Name: in.StackName, Status: StackCreateInProgress, Created: now, Config: *v.cfg,
		DisableRollback: in.DisableRollback, EnableTerminationProtection: in.EnableTerminationProtection, RetainExceptOnCreate: in.RetainExceptOnCreate}
	ok, err := e.db.insertStack(ctx, s)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, awsapi.Errorf(CodeAlreadyExists, "Stack [%s] already exists", in.StackName)
	}
	if err := e.startCreate(ctx, s, in.Principal, in.ClientRequestToken, in.OnFailure, ""); err != nil {
		return nil, err
	}
	return s, nil
}

// startCreate moves a stored stack (new, or REVIEW_IN_PROGRESS) to
// CREATE_IN_PROGRESS and starts the creation.
func (e *Engine) startCreate(ctx context.Context, s *Stack, p *awsapi.Principal, token, onFailure, changeSetID string) error {
	ch, err := e.claim(s)
	if err != nil {
		return err
	}
	// Claimed: make sure nothing started meanwhile (a concurrent execution
	// of another CREATE change set).
	if cur, err := e.db.stack(ctx, s.ID); err != nil || cur.Op != nil || (cur.Status != StackReviewInProgress && cur.Status != StackCreateInProgress) {
		e.release(s.ID, ch)
		if err != nil {
			return err
		}
		return errCannotUpdate(cur)
	}
	if onFailure == "" {
		onFailure = OnFailureRollback
		if s.DisableRollback {
			onFailure = OnFailureDoNothing
		}
	}
	op := &Operation{ID: uuid.NewString(), Type: OpCreateStack, Principal: p, ClientRequestToken: token,
		OnFailure: onFailure, DisableRollback: s.DisableRollback, ChangeSetID: changeSetID, Started: e.now()}
	s.Op, s.Status, s.StatusReason = op, StackCreateInProgress, msgUserInitiated
	s.ChangeSetID = changeSetID
	s.LastOps = []OpEntry{{Type: op.Type, ID: op.ID}}
	if err := e.db.saveStack(ctx, s); err != nil {
		e.release(s.ID, ch)
		return err
	}
	if err := e.db.addEvent(ctx, newStackEvent(s, e.now(), StackCreateInProgress, msgUserInitiated)); err != nil {
		e.release(s.ID, ch)
		return err
	}
	e.startClaimed(s, ch, false)
	return nil
}

// create is the CREATE_IN_PROGRESS phase.
func (r *run) create() error {
	ev, err := r.e.evaluator(r.target, r.s, r.resolver())
	if err != nil {
		return r.createFailed(reasonOf(err))
	}
	failed, err := schedule(r.ctx, ev.Resources(), ev.Dependencies().DependsOn, r.e.d.Parallelism, true,
		func(ctx context.Context, id string) (bool, error) { return r.createResource(ctx, ev, id, nil) })
	if err != nil {
		return err
	}
	if len(failed) > 0 {
		return r.createFailed(failedReason("create", failed))
	}
	if err := r.publish(ev, nil); err != nil {
		if err == errInterrupted {
			return err
		}
		return r.createFailed(err.Error())
	}
	if err := r.clearActions(); err != nil {
		return err
	}
	return r.setStatus(StackCreateComplete, "")
}

// failedReason is CloudFormation's stack status reason for failed resources.
func failedReason(verb string, ids []string) string {
	return "The following resource(s) failed to " + verb + ": [" + strings.Join(sorted(ids), ", ") + "]. "
}

// createFailed applies the operation's OnFailure.
func (r *run) createFailed(reason string) error {
	switch r.s.Op.OnFailure {
	case OnFailureDoNothing:
		if err := r.clearActions(); err != nil {
			return err
		}
		return r.setStatus(StackCreateFailed, reason)
	case OnFailureDelete:
		if err := r.setStatus(StackDeleteInProgress, reason+"Delete requested by user."); err != nil {
			return err
		}
		return r.deleteStack()
	}
	if err := r.setStatus(StackRollbackInProgress, reason+"Rollback requested by user."); err != nil {
		return err
	}
	return r.rollbackCreate()
}

// createInterrupted fails the resources a stopped server left in
// progress, then applies OnFailure.
func (r *run) createInterrupted() error {
	failed, err := r.cancelInProgress()
	if err != nil {
		return err
	}
	reason := msgInterrupted + ". "
	if len(failed) > 0 {
		reason = failedReason("create", failed) + msgInterrupted + ". "
	}
	return r.createFailed(reason)
}

// cancelInProgress marks the resources left *_IN_PROGRESS as failed.
func (r *run) cancelInProgress() ([]string, error) {
	var failed []string
	for _, id := range r.ids() {
		rec := r.get(id)
		switch rec.Status {
		case ResourceCreateInProgress:
			failed = append(failed, id)
			if err := r.record(rec, ResourceCreateFailed, msgCreateCancelled, "", nil); err != nil {
				return nil, err
			}
		case ResourceUpdateInProgress:
			failed = append(failed, id)
			if err := r.record(rec, ResourceUpdateFailed, msgUpdateCancelled, physicalID(rec.Live), nil); err != nil {
				return nil, err
			}
		}
	}
	return failed, nil
}

func physicalID(p *Physical) string {
	if p == nil {
		return ""
	}
	return p.ID
}

// policies returns a template resource's deletion and update-replace
// policies, defaulting to Delete.
func policies(t *template.Resource) (string, string) {
	dp, urp := t.DeletionPolicy, t.UpdateReplacePolicy
	if dp == "" {
		dp = PolicyDelete
	}
	if urp == "" {
		urp = PolicyDelete
	}
	return dp, urp
}

// createResource creates one resource of the target template (CREATE or
// an Add during an update). base is the existing record, if any.
func (r *run) createResource(ctx context.Context, ev *template.Evaluator, id string, base *Resource) (bool, error) {
	t := r.target.t.Resources[id]
	rec := &Resource{LogicalID: id, Type: t.Type, Action: actionAdd}
	if base != nil {
		// Leftovers of an earlier attempt are deleted by the next cleanup.
		r.mu.Lock()
		rec.Obsolete = append(rec.Obsolete, base.Obsolete...)
		if base.Pending != nil {
			rec.Obsolete = append(rec.Obsolete, base.Pending)
		}
		r.mu.Unlock()
	}
	if meta, err := ev.Resolve(t.Metadata); err == nil {
		rec.Metadata, _ = meta.(map[string]any)
	}
	props, err := ev.Properties(id)
	p, perr := r.provider(t.Type)
	if err == nil {
		err = perr
	}
	if err == nil {
		err = p.Schema().Check(id, props)
	}
	if err != nil {
		return false, r.record(rec, ResourceCreateFailed, r.failure(rec.LogicalID, err), "", nil)
	}
	dp, urp := policies(t)
	phys := &Physical{Type: t.Type, Properties: props, Seed: provider.NewSeed(), DeletionPolicy: dp, UpdateReplacePolicy: urp}
	rec.Pending = phys
	if err := r.record(rec, ResourceCreateInProgress, "", "", props); err != nil {
		return false, err
	}
	res, err := p.Create(ctx, r.request(id, phys))
	if r.interrupted() {
		return false, errInterrupted
	}
	if err != nil {
		r.set(func() { rec.Pending = nil })
		return false, r.record(rec, ResourceCreateFailed, r.failure(rec.LogicalID, err), "", nil)
	}
	done := clonePhysical(phys)
	done.ID, done.Attributes = res.PhysicalID, res.Attributes
	r.set(func() { rec.Live, rec.Pending = done, nil })
	return true, r.record(rec, ResourceCreateComplete, "", done.ID, nil)
}

// set changes resource records under the run's lock (the resolver reads
// them concurrently).
func (r *run) set(fn func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fn()
}

// clearActions forgets what the finished operation did to each resource.
func (r *run) clearActions() error {
	for _, id := range r.ids() {
		rec := r.get(id)
		if rec.Action == "" && rec.Prior == nil {
			continue
		}
		r.set(func() { rec.Action, rec.Prior = "", nil })
		if err := r.save(rec); err != nil {
			return err
		}
	}
	return nil
}
