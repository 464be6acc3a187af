package checks

import "time"

// Status is the outcome of one hook.
type Status int

// Hook outcomes, as pre-commit prints them.
const (
	// StatusPassed: the hook ran, exited 0 and changed no file.
	StatusPassed Status = iota
	// StatusFailed: the hook exited non-zero, changed files, or cannot run.
	StatusFailed
	// StatusSkipped: no file matched ("(no files to check)") or the hook
	// was skipped by name (Options.Skip).
	StatusSkipped
)

// String returns the word pre-commit prints.
func (s Status) String() string {
	switch s {
	case StatusPassed:
		return "Passed"
	case StatusFailed:
		return "Failed"
	default:
		return "Skipped"
	}
}

// Result is what one hook did.
type Result struct {
	HookID, Name string
	Status       Status
	// NoFiles is set when the hook was skipped because no file matched.
	NoFiles bool
	// ExitCode of the hook (0 when it passed or was skipped).
	ExitCode int
	// Files the hook was run on (repo-relative).
	Files []string
	// Modified lists the files a fixer changed (repo-relative, sorted).
	Modified []string
	// Output is what the hook printed (stdout and stderr together).
	Output string
	// Duration of the hook's run.
	Duration time.Duration
}

// Passed reports whether no hook failed: what decides whether a commit or
// a pipeline step may go on.
func Passed(results []Result) bool {
	for _, r := range results {
		if r.Status == StatusFailed {
			return false
		}
	}
	return true
}
