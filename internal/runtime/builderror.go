package runtime

import (
	"strings"
)

// BuildError reports a failed build step with the end of its output, so the
// operator sees why in the operation's status without opening the full log.
type BuildError struct {
	// Step names what failed ("build command", "virtualenv").
	Step string
	// Err is the cause: an exit status, or the context's error when the
	// build was cancelled or timed out.
	Err error
	// Tail holds the last lines of output, oldest first.
	Tail []string
}

// Error renders the cause followed by the output tail.
func (e *BuildError) Error() string {
	var b strings.Builder
	b.WriteString("build failed: ")
	if e.Step != "" {
		b.WriteString(e.Step)
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("unknown error")
	}
	if len(e.Tail) > 0 {
		b.WriteString("; last output:\n")
		b.WriteString(strings.Join(e.Tail, "\n"))
	}
	return b.String()
}

// Unwrap lets errors.Is match ErrBuildFailed and the cause (for example
// context.DeadlineExceeded).
func (e *BuildError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrBuildFailed}
	}
	return []error{ErrBuildFailed, e.Err}
}
