package engine

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// CloudFormation error codes.
const (
	CodeValidation             = awsapi.CodeValidation
	CodeAlreadyExists          = "AlreadyExistsException"
	CodeInsufficientCapability = "InsufficientCapabilitiesException"
	CodeChangeSetNotFound      = "ChangeSetNotFound"
	CodeInvalidChangeSetStatus = "InvalidChangeSetStatus"
	CodeTokenAlreadyExists     = "TokenAlreadyExistsException"
	CodeLimitExceeded          = "LimitExceededException"
)

// Sentinel errors of the engine's Go API.
var (
	// ErrStopped is returned by operations started after Stop.
	ErrStopped = errors.New("engine: stopped")
	// errInterrupted ends an operation whose context was cancelled: the
	// server is stopping, and the next Start resumes it.
	errInterrupted = errors.New("engine: operation interrupted")
)

// The engine returns *awsapi.Error for everything a client did wrong, so
// the API layer passes them through unchanged.

func errStackNotFound(nameOrID string) error {
	return awsapi.Errorf(CodeValidation, "Stack with id %s does not exist", nameOrID)
}

func errChangeSetNotFound(nameOrID string) error {
	return awsapi.Errorf(CodeChangeSetNotFound, "ChangeSet [%s] does not exist", nameOrID).WithStatus(http.StatusNotFound)
}

func errValidation(format string, args ...any) error {
	return awsapi.Errorf(CodeValidation, format, args...)
}

func errCannotUpdate(s *Stack) error {
	return errValidation("Stack:%s is in %s state and can not be updated.", s.ID, s.Status)
}

func errCapabilities(caps []string) error {
	return awsapi.Errorf(CodeInsufficientCapability, "Requires capabilities : [%s]", strings.Join(caps, ", "))
}

// templateError turns a template package error into the ValidationError
// CloudFormation answers with; its message is already AWS's wording.
func templateError(err error) error {
	var te *template.Error
	if errors.As(err, &te) {
		return awsapi.Errorf(CodeValidation, "%s", te.Message)
	}
	var ae *awsapi.Error
	if errors.As(err, &ae) {
		return ae
	}
	return fmt.Errorf("engine: template: %w", err)
}
