package awsapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"

	"github.com/google/uuid"
)

// Invoker runs operations in-process on behalf of a principal, the way
// AWS services call each other (CloudFormation creating an App Runner
// service with the stack caller's permissions). Invoked calls go through
// the same required-field check, authorization and audit as HTTP calls.
type Invoker interface {
	Invoke(ctx context.Context, p *Principal, service, operation string, in any) (any, error)
}

var _ Invoker = (*Handler)(nil)

// InvokedBy is the source recorded for in-process calls made by another
// service (CloudTrail's invokedBy, e.g. "cloudformation.amazonaws.com").
type invokedByKey struct{}

// WithInvokedBy marks calls made with ctx as made by service.
func WithInvokedBy(ctx context.Context, service string) context.Context {
	return context.WithValue(ctx, invokedByKey{}, service)
}

// sourceKey carries the client of a call made in-process on a person's
// behalf (a console page): CloudTrail records its address and agent.
type sourceKey struct{}

type source struct{ ip, userAgent string }

// WithSource marks calls made with ctx as coming from a client at ip
// with userAgent, as the AWS console's calls are recorded with the
// browser's address. It takes precedence over WithInvokedBy.
func WithSource(ctx context.Context, ip, userAgent string) context.Context {
	return context.WithValue(ctx, sourceKey{}, source{ip: ip, userAgent: userAgent})
}

// Invoke runs service.operation with input in as principal p and returns
// its output. in is a pointer to the operation's input type, or its wire
// form: url.Values for awsQuery services, json.RawMessage for awsJson ones
// (so callers need not import the service's package).
func (h *Handler) Invoke(ctx context.Context, p *Principal, service, operation string, in any) (out any, err error) {
	svc, ok := h.Registry.Service(service)
	if !ok {
		return nil, fmt.Errorf("awsapi: invoke: unknown service %q", service)
	}
	op, ok := svc.Operation(operation)
	if !ok {
		return nil, fmt.Errorf("awsapi: invoke: unknown operation %s:%s", service, operation)
	}
	in, err = wireInput(svc, op, in)
	if err != nil {
		return nil, err
	}
	by, _ := ctx.Value(invokedByKey{}).(string)
	ip, agent := by, by
	if s, ok := ctx.Value(sourceKey{}).(source); ok {
		ip, agent = s.ip, s.userAgent
	}
	c := &Call{RequestID: uuid.NewString(), Time: h.now().UTC(), Service: svc, Operation: op, Principal: p,
		Account: h.Account, Region: h.Region, SourceIP: ip, UserAgent: agent, Input: in}
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("awsapi: invoke %s: panic: %v", operation, v)
		}
		if err != nil {
			c.Err = asError(err, svc.Protocol)
		}
		h.record(c)
	}()
	ctx = WithCall(ctx, c)
	if err := checkRequired(in, svc.Protocol); err != nil {
		return nil, err
	}
	a := Authorization{Action: op.Action, Resources: []string{"*"}}
	if op.resources != nil {
		a.Resources = op.resources(c, in)
	}
	if op.context != nil {
		a.Context = op.context(c, in)
	}
	c.Auth = &a
	if !p.IsRoot() {
		if err := h.Authorizer.Authorize(ctx, c, a); err != nil {
			return nil, err
		}
	}
	out, err = op.handle(ctx, c, in)
	c.Output = out
	return out, err
}

// wireInput returns the operation's typed input for in.
func wireInput(svc *Service, op *Operation, in any) (any, error) {
	typed := op.newInput()
	switch v := in.(type) {
	case url.Values:
		if svc.Protocol != Query {
			return nil, fmt.Errorf("awsapi: invoke %s: form input for a JSON service", op.Name)
		}
		if err := decodeQuery(v, typed); err != nil {
			return nil, err
		}
		return typed, nil
	case json.RawMessage:
		if svc.Protocol == Query {
			return nil, fmt.Errorf("awsapi: invoke %s: JSON input for a query service", op.Name)
		}
		if err := decodeInput(svc.Protocol, nil, v, typed); err != nil {
			return nil, err
		}
		return typed, nil
	}
	if want := reflect.TypeOf(typed); reflect.TypeOf(in) != want {
		return nil, fmt.Errorf("awsapi: invoke %s: input is %T, want %v", op.Name, in, want)
	}
	return in, nil
}
