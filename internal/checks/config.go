package checks

import "regexp"

// Special repository names of .pre-commit-config.yaml.
const (
	// RepoLocal holds hooks defined in the config itself (entry, language).
	RepoLocal = "local"
	// RepoMeta holds pre-commit's own hooks about the config.
	RepoMeta = "meta"
)

// Config is a parsed .pre-commit-config.yaml with every hook resolved: the
// defaults of the hook's manifest (as its repository publishes them) merged
// with the keys the config sets, as pre-commit does at load time.
type Config struct {
	// Path is the file the config was read from, for messages.
	Path string
	// Repos in config order; hooks run in this order.
	Repos []Repo
	// Files and Exclude are the top-level Python regexes every hook's file
	// list passes first (defaults "" and "^$").
	Files, Exclude string
	// FailFast stops the run after the first failing hook.
	FailFast bool
	// DefaultStages applies to hooks that set no stages (empty: all).
	DefaultStages []string
	// Warnings are non-fatal problems (unexpected keys, unknown type tags),
	// printed by Run before the hooks as pre-commit prints them.
	Warnings []string

	filesRE, excludeRE *regexp.Regexp
}

// Repo is one entry of the config's repos list.
type Repo struct {
	// URL is the repository URL, or RepoLocal / RepoMeta.
	URL string
	// Rev is the pinned revision (empty for local and meta).
	Rev string
	// Hooks selected from the repository, resolved.
	Hooks []Hook
	// Line of the entry in the config file.
	Line int
}

// Hook is one resolved hook: what will run, on which files.
type Hook struct {
	// ID identifies the hook in its repository; Alias is an optional
	// second name for `berth check <hook>` and Skip.
	ID, Alias string
	// Name is printed on the hook's status line.
	Name string
	// Repo and Rev say where the hook comes from (Repo may be RepoLocal or
	// RepoMeta).
	Repo, Rev string
	// Entry and Language matter for local hooks: berth runs language
	// system, script, fail and pygrep.
	Entry, Language string
	// Files and Exclude are Python regexes searched in each repo-relative
	// path (re.search semantics). Defaults "" and "^$".
	Files, Exclude string
	// Types, TypesOr and ExcludeTypes filter files by identify tags: all of
	// Types, at least one of TypesOr (when set), none of ExcludeTypes.
	Types, TypesOr, ExcludeTypes []string
	// Args are passed to the hook before the file names.
	Args []string
	// Stages the hook runs in (empty: all stages).
	Stages []string
	// AlwaysRun runs the hook even with no matching files.
	AlwaysRun bool
	// PassFilenames passes the matching files to the hook (default true).
	PassFilenames bool
	// Verbose prints the hook's output even when it passes.
	Verbose bool
	// FailFast stops the run when this hook fails.
	FailFast bool
	// Line of the hook in the config file.
	Line int

	filesRE, excludeRE *regexp.Regexp
	// configured records the keys the config itself set (the meta hook
	// check-useless-excludes judges those, not manifest defaults).
	configured hookSet
	// run executes the hook; nil when berth cannot run it, and then
	// unsupported says why.
	run         runner
	unsupported string
	// external hooks run programs that may change any file; Run finds
	// which by comparing the files before and after.
	external bool
}

// Supported reports whether berth can run the hook; when it cannot, Run
// fails the hook with the reason.
func (h *Hook) Supported() bool { return h.run != nil }
