// Package checks runs a repository's .pre-commit-config.yaml natively and
// offline: the app team's checks (pre-commit in the seed pipeline) without
// pre-commit, Python environments or network.
//
// LoadConfig reads the config and resolves each hook by id against berth's
// built-in manifest (the defaults the hook's repository publishes: name,
// types, files, args), whatever the repository URL or rev. Run selects files
// as pre-commit does — tracked, staged or changed files, the top-level and
// per-hook files/exclude Python regexes (see CompilePython), identify-like
// type tags (FileTags) — runs each hook and prints pre-commit's report:
//
//	check yaml...............................................................Passed
//	trim trailing whitespace.................................................Failed
//	- hook id: trailing-whitespace
//	- exit code: 1
//	- files were modified by this hook
//
//	Fixing app/main.py
//
// Hooks (SupportedHooks lists them): pre-commit-hooks' check-yaml,
// check-json, end-of-file-fixer, trailing-whitespace, check-merge-conflict,
// mixed-line-ending, detect-private-key, check-added-large-files,
// check-case-conflict, check-executables-have-shebangs, forbid-submodules,
// check-illegal-windows-names, all in Go; go-fmt/gofmt and go-vet (the Go
// toolchain); black (when installed); cfn-python-lint/cfn-lint (the
// installed cfn-lint, else Options.TemplateLinter); cfn-nag (package
// cfnnag). `repo: local` hooks run with language system, script, fail or
// pygrep; `repo: meta` hooks check-hooks-apply, check-useless-excludes and
// identity work. Anything else fails with a message naming what berth
// supports.
//
// Differences from pre-commit: unstaged changes are not stashed while hooks
// run on staged files (hooks see the work tree); files changed by external
// tools are detected by comparing the files (size, mtime, mode, and content
// of the files the hook was given) rather than by git diff; status lines
// count characters, not East Asian display widths; check-json rejects
// Python's NaN/Infinity extensions.
package checks
