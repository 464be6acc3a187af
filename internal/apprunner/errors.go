package apprunner

import (
	"errors"
	"fmt"

	"github.com/berth-dev/berth/internal/awsapi"
)

// App Runner's error codes (the model's error shapes).
const (
	CodeInvalidRequest    = "InvalidRequestException"
	CodeNotFound          = "ResourceNotFoundException"
	CodeInvalidState      = "InvalidStateException"
	CodeQuotaExceeded     = "ServiceQuotaExceededException"
	CodeInternalError     = "InternalServiceErrorException"
	CodeValidation        = "ValidationException"
	codeSerializationJSON = "SerializationException"
)

// Sentinel errors of the store layer; handlers turn them into API errors.
var (
	errNotFound = errors.New("apprunner: not found")
	errExists   = errors.New("apprunner: already exists")
	errBusy     = errors.New("apprunner: operation in progress")
	// errTooManyTags means a resource would carry more than maxTags tags.
	errTooManyTags = errors.New("apprunner: too many tags")
)

func invalid(format string, args ...any) *awsapi.Error {
	return awsapi.Errorf(CodeInvalidRequest, format, args...)
}

func notFound(format string, args ...any) *awsapi.Error {
	return awsapi.Errorf(CodeNotFound, format, args...)
}

// invalidState is App Runner's refusal to change a busy or unsuitable
// service, worded as AWS words it.
func invalidState(status string) *awsapi.Error {
	return awsapi.Errorf(CodeInvalidState, "Service cannot be updated in the current state: %s.", status)
}

// internal wraps an unexpected failure; the protocol renderer hides its
// text from the caller and logs it.
func internal(op string, err error) error {
	return fmt.Errorf("apprunner: %s: %w", op, err)
}
