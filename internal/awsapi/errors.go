package awsapi

import (
	"errors"
	"fmt"
	"net/http"
)

// Error is an AWS-shaped error: a code the SDKs switch on, a message for
// people, the HTTP status, and whether the caller (Sender) or berth
// (Receiver) is at fault. Handlers return it (wrapped or not); the protocol
// renderers turn it into the service's error shape.
type Error struct {
	Code    string
	Message string
	Status  int
	// Receiver marks server-side faults; awsQuery renders it as <Type>Receiver</Type>.
	Receiver bool
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf builds a client (Sender, 400) error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Status: http.StatusBadRequest}
}

// WithStatus returns a copy of e with another HTTP status.
func (e *Error) WithStatus(status int) *Error {
	c := *e
	c.Status = status
	return &c
}

// Common error codes shared by several services. Service packages declare
// their own next to their operations.
const (
	CodeValidation          = "ValidationError"
	CodeInvalidAction       = "InvalidAction"
	CodeMissingAction       = "MissingAction"
	CodeUnknownOperation    = "UnknownOperationException"
	CodeSerialization       = "SerializationException"
	CodeInternalFailure     = "InternalFailure"
	CodeAccessDenied        = "AccessDenied"
	CodeAccessDeniedJSON    = "AccessDeniedException"
	CodeRequestTooLarge     = "RequestEntityTooLarge"
	CodeMalformedQuery      = "MalformedQueryString"
	CodeContentSHA256       = "XAmzContentSHA256Mismatch"
	CodeInvalidParameter    = "InvalidParameterValue"
	CodeMissingParameter    = "MissingParameter"
	CodeServiceUnavailable  = "ServiceUnavailable"
	CodeNotImplemented      = "NotImplemented"
	CodeIncompleteSignature = "IncompleteSignature"
)

// authErrorKind names an authentication failure independently of the wire
// protocol: awsQuery and awsJson services use different codes for the same
// failure, so the code is chosen when the error is rendered.
type authErrorKind int

const (
	authMissing authErrorKind = iota + 1
	authBadSignature
	authUnknownKey
	authExpiredToken
	authIncomplete
)

// authError is an authentication failure; see codeFor.
type authError struct {
	kind authErrorKind
	msg  string
}

func (e *authError) Error() string { return e.msg }

// codeFor returns the AWS code for an auth failure in protocol p.
func (e *authError) codeFor(p Protocol) string {
	query := p == Query
	switch e.kind {
	case authMissing:
		if query {
			return "MissingAuthenticationToken"
		}
		return "MissingAuthenticationTokenException"
	case authBadSignature:
		if query {
			return "SignatureDoesNotMatch"
		}
		return "InvalidSignatureException"
	case authUnknownKey:
		if query {
			return "InvalidClientTokenId"
		}
		return "UnrecognizedClientException"
	case authExpiredToken:
		if query {
			return "ExpiredToken"
		}
		return "ExpiredTokenException"
	default:
		return CodeIncompleteSignature
	}
}

// asError converts any handler error into an *Error for protocol p. Errors
// that are not AWS errors become InternalFailure: a Go error string never
// reaches a client.
func asError(err error, p Protocol) *Error {
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	var au *authError
	if errors.As(err, &au) {
		status := http.StatusForbidden
		if au.kind == authIncomplete {
			status = http.StatusBadRequest
		}
		return &Error{Code: au.codeFor(p), Message: au.msg, Status: status}
	}
	return &Error{Code: CodeInternalFailure, Message: "An internal error occurred. Use the request id to find it in the server log.", Status: http.StatusInternalServerError, Receiver: true}
}
