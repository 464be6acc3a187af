package runner

import "errors"

// Sentinel errors of the runner.
var (
	// ErrFileCommand marks a malformed GITHUB_ENV or GITHUB_OUTPUT file.
	ErrFileCommand = errors.New("runner: invalid file command")
	// ErrCommand marks a malformed or disabled ::workflow command::.
	ErrCommand = errors.New("runner: invalid workflow command")
	// ErrUnsupported marks a construct berth parses but cannot run.
	ErrUnsupported = errors.New("runner: unsupported construct")
	// ErrTimeout marks a step or job that exceeded timeout-minutes.
	ErrTimeout = errors.New("runner: timed out")
	// ErrNoToken marks an OIDC token request the run may not make.
	ErrNoToken = errors.New("runner: no OIDC token available")
)
