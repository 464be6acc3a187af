package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
)

// Form is an awsQuery operation's input in wire form (IAM's): member names
// as AWS documents them, lists as Name.member.N. Providers use it for
// services whose Go input types are not exported; Call passes it to the
// Invoker as url.Values, which decodes it exactly as an HTTP request.
type Form url.Values

// Set sets a scalar member, skipping empty values.
func (f Form) Set(name, value string) Form {
	if value != "" {
		url.Values(f).Set(name, value)
	}
	return f
}

// List sets a list member (Name.member.1, Name.member.2, ...).
func (f Form) List(name string, values []string) Form {
	for i, v := range values {
		url.Values(f).Set(name+".member."+strconv.Itoa(i+1), v)
	}
	return f
}

// Tags sets a list of Key/Value tags.
func (f Form) Tags(name string, tags []Tag) Form {
	for i, t := range tags {
		p := name + ".member." + strconv.Itoa(i+1)
		url.Values(f).Set(p+".Key", t.Key)
		url.Values(f).Set(p+".Value", t.Value)
	}
	return f
}

// JSONInput is an awsJson operation's input in wire form (CloudWatch
// Logs'): it is passed to the Invoker as json.RawMessage.
func JSONInput(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("provider: encode input: %w", err)
	}
	return json.RawMessage(b), nil
}

// Call invokes service.operation as the request's principal and decodes
// its output into out (nil to ignore it). in is the operation's Go input
// type when its package exports it, a Form for awsQuery services or a
// json.RawMessage for awsJson services. The output is converted through
// JSON, so out declares the members it needs with the output's field
// names (awsQuery) or JSON names (awsJson).
func (r *Request) Call(ctx context.Context, service, operation string, in, out any) error {
	if f, ok := in.(Form); ok {
		in = url.Values(f)
	}
	res, err := r.Invoke(ctx, service, operation, in)
	if err != nil {
		return err
	}
	if out == nil || res == nil {
		return nil
	}
	b, err := json.Marshal(res)
	if err != nil {
		return fmt.Errorf("provider: %s %s output: %w", service, operation, err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("provider: %s %s output: %w", service, operation, err)
	}
	return nil
}
