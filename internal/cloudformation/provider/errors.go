package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/berth-dev/berth/internal/awsapi"
)

// Sentinel errors.
var (
	// ErrNotFound is wrapped by Reader.Read when the resource is gone.
	ErrNotFound = errors.New("provider: resource not found")
	// ErrNoInvoker reports a Request without an Invoker.
	ErrNoInvoker = errors.New("provider: no invoker to call other services")
	// ErrDuplicate reports a type registered twice.
	ErrDuplicate = errors.New("provider: type registered twice")
)

// Handler error codes CloudFormation's resource handlers report
// (HandlerErrorCode in ResourceStatusReason).
const (
	CodeAlreadyExists  = "AlreadyExists"
	CodeNotFound       = "NotFound"
	CodeInvalidRequest = "InvalidRequest"
	CodeAccessDenied   = "AccessDenied"
	CodeLimitExceeded  = "ServiceLimitExceeded"
	CodeNotUpdatable   = "NotUpdatable"
	CodeInternal       = "InternalFailure"
	CodeGeneral        = "GeneralServiceException"
)

// Failure is a provider error with the handler code CloudFormation shows.
// Providers return it for failures they detect themselves; errors from
// Invoke are classified by Reason.
type Failure struct {
	Code    string
	Message string
}

// Error returns the message shown in ResourceStatusReason.
func (f *Failure) Error() string { return f.Message }

// Failf builds a Failure.
func Failf(code, format string, args ...any) *Failure {
	return &Failure{Code: code, Message: fmt.Sprintf(format, args...)}
}

// IsAPIError reports whether err is an AWS error with one of codes, so a
// provider can tell "already gone" from real failures.
func IsAPIError(err error, codes ...string) bool {
	var ae *awsapi.Error
	if !errors.As(err, &ae) {
		return false
	}
	for _, c := range codes {
		if ae.Code == c {
			return true
		}
	}
	return false
}

// Reason turns a provider error into a ResourceStatusReason worded as
// CloudFormation's resource handlers word theirs:
//
//	Resource handler returned message: "Role with name x already exists." (HandlerErrorCode: AlreadyExists)
//
// Errors that are neither AWS errors nor Failures are internal: their text
// is not shown (it may hold details meant for the server log).
func Reason(err error) string {
	var f *Failure
	if errors.As(err, &f) {
		return handlerMessage(f.Message, f.Code)
	}
	var ae *awsapi.Error
	if errors.As(err, &ae) {
		if ae.Code == awsapi.CodeInternalFailure {
			return handlerMessage("Internal Failure", CodeInternal)
		}
		return handlerMessage(ae.Message, handlerCode(ae.Code))
	}
	return handlerMessage("Internal Failure", CodeInternal)
}

func handlerMessage(msg, code string) string {
	return fmt.Sprintf("Resource handler returned message: %q (HandlerErrorCode: %s)", msg, code)
}

// handlerCode maps an AWS error code to a handler error code.
func handlerCode(code string) string {
	c := strings.ToLower(code)
	switch {
	case strings.Contains(c, "alreadyexists"):
		return CodeAlreadyExists
	case strings.Contains(c, "notfound") || strings.Contains(c, "nosuchentity"):
		return CodeNotFound
	case strings.Contains(c, "accessdenied") || strings.Contains(c, "unauthorized"):
		return CodeAccessDenied
	case strings.Contains(c, "limitexceeded"):
		return CodeLimitExceeded
	case strings.Contains(c, "validation") || strings.Contains(c, "invalid") || strings.Contains(c, "malformed") || strings.Contains(c, "mismatch"):
		return CodeInvalidRequest
	}
	return CodeGeneral
}
