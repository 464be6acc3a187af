// Package filter compiles CloudWatch Logs filter patterns and matches log
// event messages against them. It is pure: no I/O, no clock.
//
// Three syntaxes are recognised, as CloudWatch does, by the pattern's
// first character:
//
//   - Terms (anything else): `ERROR Exception` (all terms), `"exact phrase"`,
//     `-term` (must not occur), `?a ?b` (at least one occurs), `%regex%`.
//     Matching is by substring and case-sensitive.
//   - JSON, `{ ... }`: `{ $.level = "error" && ($.latency > 100 || $.retry IS TRUE) }`
//     with =, !=, <, >, <=, >=, `*` wildcards in string values, IS NULL,
//     NOT EXISTS, IS TRUE / IS FALSE, array indexes and `[*]`.
//   - Space-delimited, `[ ... ]`: `[ip, user, ..., status = 4* || status = 5*, bytes]`,
//     fields split on spaces with "quoted" and [bracketed] fields kept whole.
//
// The empty pattern matches every message.
package filter

import (
	"errors"
	"fmt"
	"strings"
)

// ErrSyntax is wrapped by every error Compile returns, so callers can
// turn any of them into an InvalidParameterException.
var ErrSyntax = errors.New("invalid filter pattern")

// maxPatternLen is the model's limit on filterPattern.
const maxPatternLen = 1024

// Pattern is a compiled filter pattern. It is safe for concurrent use.
type Pattern struct {
	src string
	m   matcher
}

// matcher is implemented once per syntax.
type matcher interface {
	match(msg string) bool
}

// matchAll is the empty pattern.
type matchAll struct{}

func (matchAll) match(string) bool { return true }

// Compile parses a filter pattern.
func Compile(src string) (*Pattern, error) {
	if len(src) > maxPatternLen {
		return nil, syntaxErr(maxPatternLen, "pattern is %d characters, more than %d", len(src), maxPatternLen)
	}
	trimmed := strings.TrimSpace(src)
	var (
		m   matcher
		err error
	)
	switch {
	case trimmed == "" || trimmed == `""`:
		m = matchAll{}
	case trimmed[0] == '{':
		m, err = parseJSONPattern(trimmed)
	case trimmed[0] == '[':
		m, err = parseDelimited(trimmed)
	default:
		m, err = parseTerms(trimmed)
	}
	if err != nil {
		return nil, err
	}
	return &Pattern{src: src, m: m}, nil
}

// Match reports whether message matches the pattern.
func (p *Pattern) Match(message string) bool {
	if p == nil {
		return true
	}
	return p.m.match(message)
}

// String returns the pattern as written.
func (p *Pattern) String() string { return p.src }

// SyntaxError says what is wrong with a pattern and where. It wraps
// ErrSyntax.
type SyntaxError struct {
	Msg    string
	Offset int // byte offset in the pattern
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("filter: %s at offset %d", e.Msg, e.Offset)
}

// Unwrap makes errors.Is(err, ErrSyntax) hold.
func (e *SyntaxError) Unwrap() error { return ErrSyntax }

// syntaxErr builds a *SyntaxError.
func syntaxErr(pos int, format string, args ...any) error {
	return &SyntaxError{Msg: fmt.Sprintf(format, args...), Offset: pos}
}
