package checks

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"time"
)

// Tools locates the external programs some hooks run. An empty path means
// "look it up in PATH"; a tool that cannot be found makes its hook fail
// with an explanation (or, for cfn-lint, fall back to Options.TemplateLinter).
type Tools struct {
	CfnLint, Black, Gofmt, Go string
}

// Finding is one problem a template linter reports, in cfn-lint's terms.
type Finding struct {
	// Rule is the rule id, e.g. "E3006"; its first letter gives the
	// severity when Severity is empty (E error, W warning, I informational).
	Rule     string
	Severity string
	Message  string
	// Line and Column are 1-based; 0 when unknown.
	Line, Column int
}

// Options say what to run and where.
type Options struct {
	// Dir is the repository root; hooks run there, with repo-relative paths.
	Dir string
	// Which files to check, first that applies: the files changed between
	// FromRef and ToRef when both are set; Files (relative to Dir, or
	// absolute inside it); all tracked files with AllFiles; else the staged
	// files (what pre-commit's git hook checks). CommitFiles lists one
	// commit's files.
	Files    []string
	AllFiles bool
	FromRef  string
	ToRef    string
	// HookID runs only the hook with this id or alias.
	HookID string
	// Stage selects hooks by their stages key (default "pre-commit").
	Stage string
	// Skip names hook ids or aliases to skip, as pre-commit's SKIP variable
	// does (the CLI passes strings.Split(os.Getenv("SKIP"), ",")).
	Skip []string
	// Verbose prints every hook's output, as pre-commit --verbose.
	Verbose bool
	// Color paints statuses with pre-commit's ANSI colors.
	Color bool
	// ShowDiffOnFailure prints `git diff` when a hook failed and changed
	// files, as pre-commit --show-diff-on-failure (pre-commit/action's way).
	ShowDiffOnFailure bool
	// Stdout receives the report; nil discards it.
	Stdout io.Writer
	// Env is added to the environment of external tools.
	Env []string
	// Tools overrides where external programs are found.
	Tools Tools
	// TemplateLinter lints a CloudFormation template when the cfn-lint
	// program is missing (berth lint, injected by the caller).
	TemplateLinter func(path string, body []byte) []Finding
}

// Run runs the config's hooks on the selected files and prints a
// pre-commit-like report to Options.Stdout. A hook's failure is a Result,
// not an error; errors are reserved for not being able to run at all (no
// git repository, a git failure, an unknown Options.HookID).
func Run(ctx context.Context, cfg *Config, opts Options) ([]Result, error) {
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.Stage == "" {
		opts.Stage = "pre-commit"
	}
	names, err := candidateFiles(ctx, opts)
	if err != nil {
		return nil, err
	}
	hooks := selectHooks(cfg, opts)
	if opts.HookID != "" && len(hooks) == 0 {
		return nil, fmt.Errorf("checks: run: %w: no hook with id %q in stage %q", ErrUnknownHook, opts.HookID, opts.Stage)
	}
	for _, w := range cfg.Warnings {
		fmt.Fprintf(opts.Stdout, "[WARNING] %s\n", w)
	}
	rc := &runContext{
		opts: &opts, cfg: cfg, dir: opts.Dir,
		cls: newClassifier(opts.Dir, names, cfg.filesRE, cfg.excludeRE),
	}
	p := newPrinter(opts.Stdout, hooks, opts.Color)
	var results []Result
	for _, h := range hooks {
		r := rc.runHook(ctx, p, h)
		results = append(results, r)
		if r.Status == StatusFailed && (cfg.FailFast || h.FailFast) {
			break
		}
		if ctx.Err() != nil {
			return results, fmt.Errorf("checks: run: %w", ctx.Err())
		}
	}
	if opts.ShowDiffOnFailure && !Passed(results) {
		showDiff(ctx, opts.Stdout, opts.Dir)
	}
	return results, nil
}

// candidateFiles lists the files the run considers, before any filter, in
// pre-commit's order of precedence: refs, files, all files, staged files.
func candidateFiles(ctx context.Context, opts Options) ([]string, error) {
	switch {
	case opts.FromRef != "" && opts.ToRef != "":
		return ChangedFiles(ctx, opts.Dir, opts.FromRef, opts.ToRef)
	case len(opts.Files) > 0:
		return repoRelative(opts.Dir, opts.Files), nil
	case opts.AllFiles:
		return TrackedFiles(ctx, opts.Dir)
	default:
		return StagedFiles(ctx, opts.Dir)
	}
}

// repoRelative turns the given paths into clean, slash-separated paths
// relative to the repository root, as hooks and patterns expect.
func repoRelative(dir string, files []string) []string {
	out := make([]string, 0, len(files))
	for _, f := range files {
		if filepath.IsAbs(f) {
			if abs, err := filepath.Abs(dir); err == nil {
				if rel, err := filepath.Rel(abs, f); err == nil {
					f = rel
				}
			}
		}
		out = append(out, filepath.ToSlash(filepath.Clean(f)))
	}
	return out
}

// selectHooks returns the hooks of the stage (and HookID) in config order.
func selectHooks(cfg *Config, opts Options) []*Hook {
	var hooks []*Hook
	for ri := range cfg.Repos {
		for hi := range cfg.Repos[ri].Hooks {
			h := &cfg.Repos[ri].Hooks[hi]
			if opts.HookID != "" && h.ID != opts.HookID && h.Alias != opts.HookID {
				continue
			}
			if len(h.Stages) > 0 && !slices.Contains(h.Stages, opts.Stage) {
				continue
			}
			hooks = append(hooks, h)
		}
	}
	return hooks
}

// runHook runs one hook and prints its lines.
func (rc *runContext) runHook(ctx context.Context, p *printer, h *Hook) Result {
	r := Result{HookID: h.ID, Name: h.Name}
	if slices.Contains(rc.opts.Skip, h.ID) || (h.Alias != "" && slices.Contains(rc.opts.Skip, h.Alias)) {
		r.Status = StatusSkipped
		p.skipped(h.Name, false)
		rc.skippedDetails(p, h, &r)
		return r
	}
	files := rc.cls.forHook(h)
	if h.run != nil && len(files) == 0 && !h.AlwaysRun {
		r.Status, r.NoFiles = StatusSkipped, true
		p.skipped(h.Name, true)
		rc.skippedDetails(p, h, &r)
		return r
	}
	p.start(h.Name)
	r.Files = files
	began := time.Now()
	var o outcome
	if h.run == nil {
		o = outcome{code: 1, out: h.unsupported}
	} else {
		args := files
		if !h.PassFilenames {
			args = nil
		}
		o = rc.execute(ctx, h, args)
	}
	r.Duration = time.Since(began)
	r.ExitCode, r.Output, r.Modified = o.code, o.out, o.modified
	slices.Sort(r.Modified)
	r.Status = StatusPassed
	if r.ExitCode != 0 || len(r.Modified) > 0 {
		r.Status = StatusFailed
	}
	p.end(r.Status)
	if rc.opts.Verbose || h.Verbose || r.Status == StatusFailed {
		p.details(&r, rc.opts.Verbose || h.Verbose)
	}
	return r
}

// skippedDetails prints "- hook id" under a skipped hook in verbose mode,
// as pre-commit does.
func (rc *runContext) skippedDetails(p *printer, h *Hook, r *Result) {
	if rc.opts.Verbose || h.Verbose {
		p.details(r, false)
	}
}

// execute runs a hook; for hooks that run outside programs it detects the
// files they changed by comparing the files before and after.
func (rc *runContext) execute(ctx context.Context, h *Hook, files []string) outcome {
	var before map[string]fileStat
	if h.external {
		before = rc.snapshot(files)
	}
	o := h.run(ctx, rc, h, files)
	if h.external {
		o.modified = rc.changedSince(before)
	}
	return o
}
