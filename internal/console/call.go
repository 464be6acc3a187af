package console

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"net/url"
	"reflect"

	"github.com/berth-dev/berth/internal/awsapi"
)

// invokedBy is the agent the audit trail records for console calls (their
// sourceIPAddress is the browser's; see Console.ServeHTTP).
const invokedBy = "console.berth.local"

// apiError is a failed call as the console shows it: AWS's code and
// message, e.g. AccessDeniedException and the policy sentence.
type apiError struct {
	Code    string
	Message string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// callErr turns an Invoke error into what a page shows. Errors that are
// not AWS errors become InternalFailure, as on the wire.
func callErr(err error) *apiError {
	if err == nil {
		return nil
	}
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var e *awsapi.Error
	if errors.As(err, &e) {
		return &apiError{Code: e.Code, Message: e.Message}
	}
	return &apiError{Code: awsapi.CodeInternalFailure, Message: "An internal error occurred. The server log has the details."}
}

// isCode reports whether err is an AWS error with code.
func isCode(err error, code string) bool {
	e := callErr(err)
	return e != nil && e.Code == code
}

// call runs service.op in-process as p, exactly as an API request would
// (required fields, authorization, audit). in is the request: url.Values
// for awsQuery services, any JSON-encodable value for awsJson ones. The
// output is decoded into out (if not nil) from its wire form (XML or
// JSON), so the console depends on the wire shapes, not on the service
// packages' Go types.
func (c *Console) call(ctx context.Context, p *awsapi.Principal, service, op string, in, out any) error {
	svc, ok := c.opts.Registry.Service(service)
	if !ok {
		return fmt.Errorf("console: unknown service %s", service)
	}
	var wire any
	if svc.Protocol == awsapi.Query {
		form, ok := in.(url.Values)
		if !ok {
			return fmt.Errorf("console: %s:%s wants url.Values, got %T", service, op, in)
		}
		wire = form
	} else {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("console: %s:%s: %w", service, op, err)
		}
		wire = json.RawMessage(b)
	}
	res, err := c.opts.Invoker.Invoke(awsapi.WithInvokedBy(ctx, invokedBy), p, service, op, wire)
	if err != nil {
		return err
	}
	if out == nil || res == nil || (reflect.ValueOf(res).Kind() == reflect.Pointer && reflect.ValueOf(res).IsNil()) {
		return nil
	}
	if svc.Protocol == awsapi.Query {
		b, err := xml.Marshal(res)
		if err != nil {
			return fmt.Errorf("console: %s:%s: encode: %w", service, op, err)
		}
		if err := xml.Unmarshal(b, out); err != nil {
			return fmt.Errorf("console: %s:%s: decode: %w", service, op, err)
		}
		return nil
	}
	b, err := json.Marshal(res)
	if err != nil {
		return fmt.Errorf("console: %s:%s: encode: %w", service, op, err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("console: %s:%s: decode: %w", service, op, err)
	}
	return nil
}
