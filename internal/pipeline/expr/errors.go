package expr

import (
	"errors"
	"fmt"
)

// Sentinel errors; every error returned by this package wraps one of them so
// callers can classify failures with errors.Is.
var (
	// ErrSyntax marks an expression that does not parse.
	ErrSyntax = errors.New("expression syntax error")
	// ErrFormat marks a bad format() pattern or argument index.
	ErrFormat = errors.New("invalid format string")
	// ErrFromJSON marks a fromJSON() argument that is not valid JSON.
	ErrFromJSON = errors.New("invalid JSON")
	// ErrToJSON marks a value toJSON() cannot render.
	ErrToJSON = errors.New("cannot convert to JSON")
	// ErrHashFiles marks a hashFiles() call that failed or has no callback.
	ErrHashFiles = errors.New("hashFiles failed")
	// ErrTooLong marks an expression over MaxLength characters.
	ErrTooLong = errors.New("expression too long")
	// ErrTooDeep marks an expression nested deeper than MaxDepth.
	ErrTooDeep = errors.New("expression too deeply nested")
)

// SyntaxError reports where an expression fails to parse. Pos is 1-based, in
// bytes, like the "Located at position N" of GitHub's messages.
type SyntaxError struct {
	Expr string // the expression text, without ${{ }}
	Pos  int    // 1-based byte offset of the offending token
	Msg  string // what is wrong, e.g. "unexpected symbol '=='"
}

// Error renders the message the way GitHub does, so users recognise it.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("expr: %s. Located at position %d within expression: %s", e.Msg, e.Pos, e.Expr)
}

// Unwrap lets errors.Is(err, ErrSyntax) match every syntax error.
func (e *SyntaxError) Unwrap() error { return ErrSyntax }
