package iam

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/iam/policy"
)

// IAM's error codes (botocore's iam model: the "code" of each exception
// shape) with the HTTP status AWS sends them with.
const (
	codeNoSuchEntity        = "NoSuchEntity"            // 404
	codeEntityAlreadyExists = "EntityAlreadyExists"     // 409
	codeMalformedPolicy     = "MalformedPolicyDocument" // 400
	codeLimitExceeded       = "LimitExceeded"           // 409
	codeDeleteConflict      = "DeleteConflict"          // 409
	codeInvalidInput        = "InvalidInput"            // 400
	codeUnmodifiable        = "UnmodifiableEntity"      // 400
	codeNotAttachable       = "PolicyNotAttachable"     // 400
)

func errNoSuchEntity(format string, args ...any) *awsapi.Error {
	return awsapi.Errorf(codeNoSuchEntity, format, args...).WithStatus(http.StatusNotFound)
}

func errAlreadyExists(format string, args ...any) *awsapi.Error {
	return awsapi.Errorf(codeEntityAlreadyExists, format, args...).WithStatus(http.StatusConflict)
}

func errLimitExceeded(format string, args ...any) *awsapi.Error {
	return awsapi.Errorf(codeLimitExceeded, format, args...).WithStatus(http.StatusConflict)
}

func errDeleteConflict(format string, args ...any) *awsapi.Error {
	return awsapi.Errorf(codeDeleteConflict, format, args...).WithStatus(http.StatusConflict)
}

func errInvalidInput(format string, args ...any) *awsapi.Error {
	return awsapi.Errorf(codeInvalidInput, format, args...)
}

func errNoSuchRole(name string) *awsapi.Error {
	return errNoSuchEntity("The role with name %s cannot be found.", name)
}

func errNoSuchPolicy(arn string) *awsapi.Error {
	return errNoSuchEntity("Policy %s does not exist or is not attachable.", arn)
}

func errNoSuchProvider(arn string) *awsapi.Error {
	return errNoSuchEntity("OpenIDConnect Provider not found for arn %s", arn)
}

func errInvalidARN(arn string) *awsapi.Error {
	return errInvalidInput("ARN %s is not valid.", arn)
}

// errUnmodifiable refuses changes to service-linked roles, which only
// their service may change.
func errUnmodifiable(name string) *awsapi.Error {
	return awsapi.Errorf(codeUnmodifiable, "Cannot perform the operation on the protected role '%s' - this role is only modifiable by AWS", name)
}

// malformedPolicy turns a policy.Parse failure into IAM's error; other
// errors pass through.
func malformedPolicy(err error) error {
	var me *policy.MalformedError
	if errors.As(err, &me) {
		return awsapi.Errorf(codeMalformedPolicy, "%s", me.Msg)
	}
	return err
}

// validationError joins constraint violations the way AWS's request
// validators word them: "2 validation errors detected: a; b".
func validationError(violations []string) error {
	if len(violations) == 0 {
		return nil
	}
	n := "error"
	if len(violations) > 1 {
		n = "errors"
	}
	return awsapi.Errorf(awsapi.CodeValidation, "%d validation %s detected: %s", len(violations), n, strings.Join(violations, "; "))
}

// storeErr wraps an unexpected storage failure with the operation it broke;
// the API layer renders it as InternalFailure.
func storeErr(op, what string, err error) error {
	return fmt.Errorf("iam: %s %s: %w", op, what, err)
}
