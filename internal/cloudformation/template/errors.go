package template

import (
	"errors"
	"fmt"
)

// Sentinel kinds. Every error produced by this package is an *Error whose
// Unwrap returns one of these, so callers pick an API error code with
// errors.Is and never have to match message text.
var (
	// ErrFormat marks a malformed template ("Template format error: ...").
	ErrFormat = errors.New("template format error")
	// ErrTemplate marks an intrinsic function that cannot be evaluated
	// ("Template error: ...").
	ErrTemplate = errors.New("template error")
	// ErrParameter marks parameter values that do not satisfy the template.
	ErrParameter = errors.New("invalid parameter")
	// ErrProperties marks resource properties that do not match the schema.
	ErrProperties = errors.New("properties validation failed")
	// ErrCircular marks a dependency cycle between resources or conditions.
	ErrCircular = errors.New("circular dependency")
	// ErrUnsupported marks template features berth deliberately refuses
	// (transforms and macros).
	ErrUnsupported = errors.New("not supported by berth")
	// ErrNotFound is returned (wrapped or not) by Resolver implementations
	// when the thing asked for does not exist; the evaluator turns it into
	// CloudFormation's message for that case.
	ErrNotFound = errors.New("not found")
)

// Error is a template problem with CloudFormation's wording and, when known,
// where in the template it is, so linters can point at a line.
type Error struct {
	// Kind is one of the sentinel errors of this package.
	Kind error
	// Message is the full text as AWS would return it.
	Message string
	// Path is a JSON pointer into the template ("/Resources/Bucket/Properties"),
	// empty when the problem is not tied to one place.
	Path string
	// Line and Column locate Path in the template body (1-based, 0 if unknown).
	Line, Column int
}

// Error returns the message exactly as CloudFormation words it.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the sentinel kind.
func (e *Error) Unwrap() error { return e.Kind }

func newErr(kind error, prefix, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: prefix + fmt.Sprintf(format, args...)}
}

func formatErr(format string, args ...any) *Error {
	return newErr(ErrFormat, "Template format error: ", format, args...)
}

func templateErr(format string, args ...any) *Error {
	return newErr(ErrTemplate, "Template error: ", format, args...)
}

func paramErr(format string, args ...any) *Error {
	return newErr(ErrParameter, "", format, args...)
}

// at records where an error happened.
func (e *Error) at(path string, p Pos) *Error {
	if e.Path == "" {
		e.Path = path
		e.Line, e.Column = p.Line, p.Column
	}
	return e
}
