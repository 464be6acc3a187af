package engine

import (
	"context"
	"errors"
	"regexp"

	"github.com/berth-dev/berth/internal/awsapi"
)

// Change set types.
const (
	ChangeSetTypeCreate = "CREATE"
	ChangeSetTypeUpdate = "UPDATE"
)

// ChangeSetInput is a CreateChangeSet request.
type ChangeSetInput struct {
	StackName, ChangeSetName string
	// ChangeSetType is CREATE or UPDATE ("" means UPDATE).
	ChangeSetType       string
	Description         string
	TemplateBody        string
	UsePreviousTemplate bool
	Parameters          []ParameterInput
	Capabilities        []string
	Tags                []Tag
	NotificationARNs    []string
	RoleARN             string
	OnStackFailure      string
	Principal           *awsapi.Principal
}

var changeSetNameRE = regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]*$`)

// CreateChangeSet computes what a configuration would change. For CREATE
// the stack is created in REVIEW_IN_PROGRESS. A change set that changes
// nothing is kept with Status FAILED, as on AWS.
func (e *Engine) CreateChangeSet(ctx context.Context, in ChangeSetInput) (*ChangeSet, error) {
	if len(in.ChangeSetName) > 128 || !changeSetNameRE.MatchString(in.ChangeSetName) {
		return nil, errValidation("1 validation error detected: Value '%s' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*", in.ChangeSetName)
	}
	if in.ChangeSetType == "" {
		in.ChangeSetType = ChangeSetTypeUpdate
	}
	s, err := e.db.stack(ctx, in.StackName)
	var ae *awsapi.Error
	missing := errors.As(err, &ae) && ae.Code == CodeValidation
	if err != nil && !missing {
		return nil, err
	}
	switch in.ChangeSetType {
	case ChangeSetTypeCreate:
		if !missing && s.Status != StackReviewInProgress {
			return nil, errValidation("Stack [%s] already exists and cannot be created again with the changeSet [%s].", s.Name, in.ChangeSetName)
		}
		if missing {
			if err := checkStackName(in.StackName); err != nil {
				return nil, err
			}
			s = &Stack{ID: e.stackARN(in.StackName), Name: in.StackName, Status: StackReviewInProgress, Created: e.now()}
		}
	case ChangeSetTypeUpdate:
		if missing {
			return nil, errValidation("Stack [%s] does not exist", in.StackName)
		}
		if !updatable(s.Status) {
			return nil, errCannotUpdate(s)
		}
	default:
		return nil, errValidation("1 validation error detected: Value '%s' at 'changeSetType' failed to satisfy constraint: Member must satisfy enum value set: [IMPORT, UPDATE, CREATE]", in.ChangeSetType)
	}
	v, err := e.newConfig(ctx, s, in.TemplateBody, in.UsePreviousTemplate, in.Parameters, in.Capabilities, in.Tags, in.NotificationARNs, in.RoleARN, in.Principal)
	if err != nil {
		return nil, err
	}
	if missing {
		ok, err := e.db.insertStack(ctx, s)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errValidation("Stack [%s] already exists and cannot be created again with the changeSet [%s].", s.Name, in.ChangeSetName)
		}
		if err := e.db.addEvent(ctx, newStackEvent(s, e.now(), StackReviewInProgress, msgUserInitiated)); err != nil {
			return nil, err
		}
	} else if err := e.checkChangeSetName(ctx, s.ID, in.ChangeSetName); err != nil {
		return nil, err
	}
	pl, err := e.preview(ctx, s, v)
	if err != nil {
		return nil, err
	}
	cs := &ChangeSet{ID: e.changeSetARN(in.ChangeSetName), Name: in.ChangeSetName, StackID: s.ID, StackName: s.Name,
		Description: in.Description, Type: in.ChangeSetType, Status: ChangeSetCreateComplete, ExecutionStatus: ExecAvailable,
		Created: e.now(), Config: *v.cfg, Changes: pl.changes, OnStackFailure: in.OnStackFailure, Principal: in.Principal}
	if pl.empty() {
		cs.Status, cs.ExecutionStatus, cs.StatusReason = ChangeSetFailed, ExecUnavailable, msgNoChanges
	}
	if err := e.db.saveChangeSet(ctx, cs); err != nil {
		return nil, err
	}
	return cs, nil
}

// checkChangeSetName refuses a name a pending change set of the stack
// has. A FAILED change set of that name is replaced instead: the AWS
// CLI's deploy names change sets after the current second and leaves
// empty ones behind, and berth is fast enough for two deploys to fall in
// one second.
func (e *Engine) checkChangeSetName(ctx context.Context, stackID, name string) error {
	css, err := e.db.changeSets(ctx, stackID)
	if err != nil {
		return err
	}
	for _, cs := range css {
		if cs.Name != name || cs.OperationID != "" {
			continue
		}
		if cs.Status != ChangeSetFailed {
			return awsapi.Errorf(CodeAlreadyExists, "ChangeSet [%s] already exists", name)
		}
		if err := e.db.deleteChangeSet(ctx, cs.ID); err != nil {
			return err
		}
	}
	return nil
}

// ChangeSet returns a change set by ARN, or by name within a stack, with
// its execution status brought up to date.
func (e *Engine) ChangeSet(ctx context.Context, stackName, nameOrID string) (*ChangeSet, error) {
	stackID := ""
	if stackName != "" {
		s, err := e.db.stack(ctx, stackName)
		if err != nil {
			return nil, errChangeSetNotFound(nameOrID)
		}
		stackID = s.ID
	} else if !isARN(nameOrID) {
		return nil, errValidation("StackName must be specified if ChangeSetName is not specified as an ARN.")
	}
	cs, err := e.db.changeSet(ctx, stackID, nameOrID)
	if err != nil {
		return nil, err
	}
	return cs, e.refresh(ctx, cs)
}

func isARN(s string) bool { return len(s) > 4 && s[:4] == "arn:" }

// refresh derives an executed change set's execution status from its
// stack's operation.
func (e *Engine) refresh(ctx context.Context, cs *ChangeSet) error {
	if cs.OperationID == "" {
		return nil
	}
	s, err := e.db.stack(ctx, cs.StackID)
	if err != nil {
		return nil
	}
	switch {
	case s.Op == nil || s.Op.ID != cs.OperationID:
		cs.ExecutionStatus = ExecComplete
	case InProgress(s.Status) && s.Status != StackUpdateCompleteCleanupInProgress:
		cs.ExecutionStatus = ExecInProgress
	case s.Status == StackCreateComplete || s.Status == StackUpdateComplete || s.Status == StackUpdateCompleteCleanupInProgress:
		cs.ExecutionStatus = ExecComplete
	default:
		cs.ExecutionStatus = ExecFailed
	}
	return nil
}

// ChangeSets lists a stack's change sets that were not executed.
func (e *Engine) ChangeSets(ctx context.Context, stackName string) ([]*ChangeSet, error) {
	s, err := e.db.stack(ctx, stackName)
	if err != nil {
		return nil, err
	}
	all, err := e.db.changeSets(ctx, s.ID)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, cs := range all {
		if cs.OperationID == "" {
			out = append(out, cs)
		}
	}
	return out, nil
}

// DeleteChangeSet deletes a change set that is not executing.
func (e *Engine) DeleteChangeSet(ctx context.Context, stackName, nameOrID string) error {
	cs, err := e.ChangeSet(ctx, stackName, nameOrID)
	if err != nil {
		return err
	}
	if cs.ExecutionStatus == ExecInProgress {
		return awsapi.Errorf(CodeInvalidChangeSetStatus, "Cannot delete ChangeSet in status %s", cs.ExecutionStatus)
	}
	return e.db.deleteChangeSet(ctx, cs.ID)
}

// ExecuteInput is an ExecuteChangeSet request.
type ExecuteInput struct {
	StackName, ChangeSetName string
	ClientRequestToken       string
	DisableRollback          *bool
	RetainExceptOnCreate     *bool
	Principal                *awsapi.Principal
}

// ExecuteChangeSet starts the operation a change set describes, as the
// caller. The stack's other change sets are deleted, as on AWS.
func (e *Engine) ExecuteChangeSet(ctx context.Context, in ExecuteInput) (*Stack, error) {
	cs, err := e.ChangeSet(ctx, in.StackName, in.ChangeSetName)
	if err != nil {
		return nil, err
	}
	if cs.ExecutionStatus != ExecAvailable {
		return nil, awsapi.Errorf(CodeInvalidChangeSetStatus, "ChangeSet [%s] cannot be executed in its current status of [%s]", cs.ID, cs.ExecutionStatus)
	}
	s, err := e.db.stack(ctx, cs.StackID)
	if err != nil {
		return nil, err
	}
	if s.Op != nil && s.Op.Started.After(cs.Created) {
		return nil, awsapi.Errorf(CodeInvalidChangeSetStatus, "ChangeSet [%s] cannot be executed in its current status of [%s]", cs.ID, ExecObsolete)
	}
	switch cs.Type {
	case ChangeSetTypeCreate:
		s, err = e.executeCreate(ctx, s, cs, in)
	default:
		if InProgress(s.Status) || !updatable(s.Status) {
			return nil, errCannotUpdate(s)
		}
		s, err = e.startUpdate(ctx, s.ID, &cs.Config, updateOpts{principal: in.Principal, token: in.ClientRequestToken,
			changeSetID: cs.ID, disableRollback: in.DisableRollback, retainExceptOnCreate: in.RetainExceptOnCreate})
	}
	if err != nil {
		return nil, err
	}
	cs.OperationID, cs.ExecutionStatus = s.Op.ID, ExecInProgress
	if err := e.db.saveChangeSet(ctx, cs); err != nil {
		return nil, err
	}
	others, err := e.db.changeSets(ctx, s.ID)
	if err != nil {
		return nil, err
	}
	for _, o := range others {
		if o.ID != cs.ID && o.OperationID == "" {
			if err := e.db.deleteChangeSet(ctx, o.ID); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// executeCreate starts the creation a CREATE change set describes.
func (e *Engine) executeCreate(ctx context.Context, s *Stack, cs *ChangeSet, in ExecuteInput) (*Stack, error) {
	if s.Status != StackReviewInProgress {
		return nil, errValidation("Stack [%s] already exists and cannot be created again with the changeSet [%s].", s.Name, cs.Name)
	}
	if in.DisableRollback != nil {
		s.DisableRollback = *in.DisableRollback
	}
	if in.RetainExceptOnCreate != nil {
		s.RetainExceptOnCreate = *in.RetainExceptOnCreate
	}
	s.Config = cs.Config
	if err := e.startCreate(ctx, s, in.Principal, in.ClientRequestToken, cs.OnStackFailure, cs.ID); err != nil {
		return nil, err
	}
	return s, nil
}
