// Package provider is the contract between berth's CloudFormation engine
// and the code that creates, updates and deletes resources of one type.
//
// A provider is stateless: everything it needs arrives in a Request, and
// it creates resources by invoking other services' operations in-process
// through Request.Invoke, as the principal that started the stack
// operation, the way CloudFormation on AWS uses its caller's permissions.
// Adding a resource type is one file: a type implementing Provider, added
// to a Registry (see providers.Builtin).
package provider

import (
	"context"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// EventSource is what in-process calls made by providers record as their
// caller service (CloudTrail's invokedBy).
const EventSource = "cloudformation.amazonaws.com"

// Provider manages the resources of one CloudFormation type.
//
// Contract for every method: properties are resolved (no intrinsic
// functions left) and already checked against Schema; a returned error
// means the operation did not happen, so a provider that fails half-way
// undoes what it did when it can. Errors become the resource's
// ResourceStatusReason (see Reason); return AWS errors from Invoke as they
// are. Methods must honour ctx: the engine cancels it when the server
// stops, and then discards the outcome.
type Provider interface {
	// Type is the CloudFormation type name, "AWS::SSM::Parameter".
	Type() string
	// Schema describes properties, create-only properties (whose change
	// replaces the resource) and the attributes Fn::GetAtt may read.
	Schema() *template.Schema
	// Create creates the resource and returns its physical id (what Ref
	// returns) and attributes. When the template gives no name, a provider
	// that needs one uses Request.PhysicalName, which is stable across
	// retries of the same creation.
	Create(ctx context.Context, req *Request) (*Result, error)
	// Update changes the resource in place from PreviousProperties to
	// Properties. Only properties that are not create-only differ. It
	// returns the (unchanged) physical id and the new attributes.
	Update(ctx context.Context, req *Request) (*Result, error)
	// Delete deletes the resource. A resource that no longer exists is not
	// an error. PhysicalID may be empty when a creation was interrupted
	// before its outcome was recorded: the provider then derives the
	// resource from Properties and PhysicalName, or does nothing.
	Delete(ctx context.Context, req *Request) error
}

// Reader is implemented by providers that can read a resource's live state
// (used to check that a resource exists, and by tests). It returns an
// error wrapping ErrNotFound when the resource does not exist.
type Reader interface {
	Read(ctx context.Context, req *Request) (*Result, error)
}

// Result is the outcome of a successful Create, Update or Read.
type Result struct {
	// PhysicalID is what Ref of the resource returns.
	PhysicalID string
	// Attributes are what Fn::GetAtt reads: strings, or []any of strings.
	Attributes map[string]any
}

// Request is one call to a provider.
type Request struct {
	// Type and LogicalID name the resource in its template.
	Type      string
	LogicalID string
	// PhysicalID is empty on Create.
	PhysicalID string
	// Properties are the desired properties (Create, Update) or the last
	// applied ones (Delete).
	Properties map[string]any
	// PreviousProperties are the properties before an Update.
	PreviousProperties map[string]any
	// Attributes are the attributes last returned (Update, Delete).
	Attributes map[string]any
	// Stack the resource belongs to, and where.
	StackName, StackID string
	Region, Account    string
	// NameSeed makes PhysicalName unique and stable for one creation.
	NameSeed string
	// ClientToken identifies the operation for idempotent calls.
	ClientToken string
	// Principal started the stack operation; Invoker runs operations as it.
	Principal *awsapi.Principal
	Invoker   awsapi.Invoker
}

// Invoke runs service.operation in-process as the request's principal,
// marked as invoked by CloudFormation. in is a pointer to the operation's
// input type; the output is a pointer to its output type.
func (r *Request) Invoke(ctx context.Context, service, operation string, in any) (any, error) {
	if r.Invoker == nil {
		return nil, ErrNoInvoker
	}
	return r.Invoker.Invoke(awsapi.WithInvokedBy(ctx, EventSource), r.Principal, service, operation, in)
}

// Props returns Properties with typed accessors.
func (r *Request) Props() Props { return Props(r.Properties) }

// PreviousProps returns PreviousProperties with typed accessors.
func (r *Request) PreviousProps() Props { return Props(r.PreviousProperties) }
