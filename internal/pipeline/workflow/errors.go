package workflow

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Sentinel errors for the helpers that do not report file positions.
var (
	// ErrInvalidPattern marks a branch, tag or path glob that cannot compile.
	ErrInvalidPattern = errors.New("invalid filter pattern")
	// ErrInvalidFilter marks a dorny/paths-filter `filters` document berth
	// cannot read.
	ErrInvalidFilter = errors.New("invalid paths filter")
	// ErrInvalidUses marks a malformed step `uses:` reference.
	ErrInvalidUses = errors.New("invalid uses reference")
)

// Error is one problem found in a workflow file, located by file and
// 1-based line so editors and CI logs can jump to it.
type Error struct {
	File string
	Line int
	Msg  string
}

// Error renders as "file:line: message".
func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// Errors is every problem found in one file, ordered by line. Parse reports
// them all at once so a user fixes a workflow in one round trip.
type Errors []*Error

// Error renders one problem per line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes each *Error to errors.As.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

func (es Errors) sorted() Errors {
	sort.SliceStable(es, func(i, j int) bool { return es[i].Line < es[j].Line })
	return es
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// yamlError turns a yaml.v3 syntax error into an *Error, recovering the line
// from its message.
func yamlError(file string, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		// yaml.v3 reports parser (not scanner) errors with a 0-based line
		// taken from where the enclosing construct starts; those are the
		// "did not find expected ..." messages.
		if strings.Contains(msg, "did not find expected") {
			line++
			msg = yamlLine.ReplaceAllString(msg, "line "+strconv.Itoa(line))
		}
	}
	return &Error{File: file, Line: line, Msg: "invalid YAML: " + msg}
}
