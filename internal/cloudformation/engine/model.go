package engine

import (
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// Stack is a stack as the engine keeps it.
type Stack struct {
	ID     string
	Name   string
	Status string
	// StatusReason explains failures and rollbacks.
	StatusReason string
	Created      time.Time
	Updated      time.Time // zero until the first update
	Deleted      time.Time // zero unless DELETE_COMPLETE
	// Config is what the stack runs with (the target of a running update).
	Config Config
	// Outputs are the evaluated outputs of the last successful operation.
	Outputs []Output
	// DisableRollback is the stack's setting, EnableTerminationProtection
	// and RetainExceptOnCreate likewise.
	DisableRollback             bool
	EnableTerminationProtection bool
	RetainExceptOnCreate        bool
	// ChangeSetID is the change set that last changed the stack.
	ChangeSetID string
	// Op is the running (or last) operation.
	Op *Operation
	// LastOps lists the most recent operations, newest first.
	LastOps []OpEntry
	// Imports are the export names the stack's template imports.
	Imports []string
}

// Config is one version of what a stack is built from.
type Config struct {
	Template string
	// Parameters are the values given (or kept with UsePreviousValue);
	// defaults are filled when the template is evaluated.
	Parameters map[string]string
	// Resolved are the resolved parameter values, unmasked: show them
	// only through Masked.
	Resolved []template.ParameterValue
	// SSMValues are the values SSM parameter types resolved to when the
	// operation started, by parameter name, so a resumed operation sees
	// the same ones.
	SSMValues        map[string]string
	Capabilities     []string
	Tags             []Tag
	NotificationARNs []string
	RoleARN          string
	TimeoutInMinutes int
	Description      string
}

// Masked returns the resolved parameters with NoEcho values masked.
func (c *Config) Masked() []template.ParameterValue {
	out := make([]template.ParameterValue, len(c.Resolved))
	copy(out, c.Resolved)
	for i := range out {
		if out[i].NoEcho {
			out[i].Value = template.Mask
			if out[i].ResolvedValue != "" {
				out[i].ResolvedValue = template.Mask
			}
		}
	}
	return out
}

// Tag is a stack tag.
type Tag struct {
	Key, Value string
}

// Output is an evaluated stack output.
type Output struct {
	Key, Value, Description, ExportName string
}

// OpEntry names an operation (LastOperations).
type OpEntry struct {
	Type, ID string
}

// Operation is a running stack operation, persisted with the stack so a
// restarted server can finish or roll it back as the same principal.
type Operation struct {
	ID   string
	Type string
	// Principal started the operation; resources are created as it.
	Principal          *awsapi.Principal
	ClientRequestToken string
	// OnFailure applies to CREATE_STACK.
	OnFailure       string
	DisableRollback bool
	// Previous is the configuration before an update, restored by its
	// rollback, with the outputs it had.
	Previous        *Config
	PreviousOutputs []Output
	// RetainResources are logical ids DeleteStack keeps.
	RetainResources []string
	ChangeSetID     string
	Started         time.Time
	// CancelRequested marks an update CancelUpdateStack stopped: its
	// rollback, resumed after a restart, first fails what was in flight.
	CancelRequested bool `json:",omitempty"`
}

// Resource is a resource record of a stack.
type Resource struct {
	LogicalID    string
	Type         string
	Status       string
	StatusReason string
	Updated      time.Time
	// Metadata is the resource's template Metadata, resolved.
	Metadata map[string]any
	// Live is the physical resource the stack uses; nil until created.
	Live *Physical
	// Action is what the running operation did to the resource
	// (actionAdd, actionModify, actionReplace), "" when untouched.
	Action string
	// Prior is Live as it was before the operation modified or replaced it.
	Prior *Physical
	// Pending is a physical resource whose creation started and whose
	// outcome is unknown (the server stopped meanwhile).
	Pending *Physical
	// Obsolete are physical resources the next cleanup deletes.
	Obsolete []*Physical
}

// Actions of an operation on a resource.
const (
	actionAdd     = "Add"
	actionModify  = "Modify"
	actionReplace = "Replace"
)

// Physical is one physical resource.
type Physical struct {
	ID         string
	Type       string
	Properties map[string]any
	Attributes map[string]any
	// Seed made its generated name; see provider.Request.NameSeed.
	Seed                string
	DeletionPolicy      string
	UpdateReplacePolicy string
}

// Event is a stack event.
type Event struct {
	Seq                int64 `json:"-"`
	ID                 string
	StackID            string
	StackName          string
	OperationID        string
	OperationType      string
	LogicalID          string
	PhysicalID         string
	ResourceType       string
	Time               time.Time
	Status             string
	Reason             string
	Properties         string
	ClientRequestToken string
	// Failed marks events that report a failure (DescribeEvents filter).
	Failed bool
}

// Export is a stack output exported under a name.
type Export struct {
	Name, Value, StackID string
}

// ChangeSet is a change set.
type ChangeSet struct {
	ID, Name           string
	StackID, StackName string
	Description        string
	// Type is CREATE or UPDATE.
	Type            string
	Status          string
	StatusReason    string
	ExecutionStatus string
	Created         time.Time
	Config          Config
	Changes         []Change
	OnStackFailure  string
	// OperationID is the operation that executed the change set.
	OperationID string
	Principal   *awsapi.Principal
}

// Change is one resource change of a change set.
type Change struct {
	Action       string // Add, Modify, Remove
	LogicalID    string
	PhysicalID   string
	ResourceType string
	// Replacement is True, False or Conditional (Modify only).
	Replacement string
	Scope       []string
	Details     []ChangeDetail
	// PolicyAction is Delete or Retain for removals and replacements.
	PolicyAction string
	// BeforeContext and AfterContext are the properties as JSON, masked.
	BeforeContext, AfterContext string
}

// ChangeDetail is one changed property of a Change.
type ChangeDetail struct {
	Attribute          string // Properties, Metadata, DeletionPolicy, ...
	Name               string
	Path               string
	RequiresRecreation string // Never, Conditionally, Always
	BeforeValue        string
	AfterValue         string
	ChangeType         string // Add, Remove, Modify
	Evaluation         string // Static, Dynamic
	ChangeSource       string // DirectModification, ParameterReference, ResourceReference, ResourceAttribute
	CausingEntity      string
}
