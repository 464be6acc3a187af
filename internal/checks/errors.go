package checks

import (
	"errors"
	"fmt"
)

// Sentinel errors; callers test them with errors.Is.
var (
	// ErrInvalidConfig marks a .pre-commit-config.yaml that cannot be used;
	// the wrapping ConfigError names the file and line.
	ErrInvalidConfig = errors.New("invalid pre-commit config")
	// ErrInvalidRegex marks a files/exclude pattern that is not a valid
	// regular expression.
	ErrInvalidRegex = errors.New("invalid regular expression")
	// ErrUnsupportedRegex marks a valid Python regular expression that RE2
	// cannot express (lookarounds, backreferences...).
	ErrUnsupportedRegex = errors.New("unsupported regular expression")
	// ErrNotGitRepo marks a directory that is not inside a git work tree
	// when git is needed to list files or install a hook.
	ErrNotGitRepo = errors.New("not a git repository")
	// ErrUnknownHook marks an Options.HookID that names no hook of the
	// config in the selected stage.
	ErrUnknownHook = errors.New("unknown hook")
	// ErrLegacyHookExists is returned by InstallGitHook when a foreign
	// pre-commit hook and a pre-commit.legacy both exist: moving one over
	// the other would lose a hook.
	ErrLegacyHookExists = errors.New("pre-commit.legacy already exists")
	// ErrHooksPathSet is returned by InstallGitHook when git's
	// core.hooksPath points hooks elsewhere (often shared by repositories).
	ErrHooksPathSet = errors.New("core.hooksPath is set")
)

// ConfigError locates a problem in a config file so that the user can fix
// it without guessing: it prints as "file:line: message".
type ConfigError struct {
	File string
	Line int
	Msg  string
}

// Error renders "file:line: message" (line omitted when unknown).
func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Unwrap lets errors.Is(err, ErrInvalidConfig) hold.
func (e *ConfigError) Unwrap() error { return ErrInvalidConfig }
