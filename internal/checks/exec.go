package checks

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"time"
)

// runner executes one hook on its files (nil when the hook takes none).
type runner func(ctx context.Context, rc *runContext, h *Hook, files []string) outcome

// outcome is what a runner reports.
type outcome struct {
	code     int
	out      string
	modified []string
}

// runContext is what runners share during one Run.
type runContext struct {
	opts *Options
	cfg  *Config
	dir  string
	cls  *classifier

	tracked    []string
	trackedErr error
	trackedOK  bool
}

// path turns a repo-relative name into a path to open.
func (rc *runContext) path(name string) string { return filepath.Join(rc.dir, name) }

// trackedFiles lists all tracked files once per run (meta hooks and
// check-case-conflict need the whole repository).
func (rc *runContext) trackedFiles(ctx context.Context) ([]string, error) {
	if !rc.trackedOK {
		rc.tracked, rc.trackedErr = TrackedFiles(ctx, rc.dir)
		rc.trackedOK = true
	}
	return rc.tracked, rc.trackedErr
}

// lookTool finds a program: the override when set, else PATH.
func lookTool(override, name string) (string, bool) {
	if override != "" {
		if _, err := os.Stat(override); err != nil {
			return "", false
		}
		return override, true
	}
	p, err := exec.LookPath(name)
	return p, err == nil
}

// maxArgBytes bounds one command line; longer file lists run in batches,
// as pre-commit's xargs does.
const maxArgBytes = 64 << 10

// command runs program with args and the files (in batches) in the repo
// root. Output is stdout and stderr together; the exit code is the largest
// of the batches'.
func (rc *runContext) command(ctx context.Context, program string, args, files []string) outcome {
	var o outcome
	var out bytes.Buffer
	for _, batch := range batches(files) {
		code := rc.exec(ctx, &out, program, append(cloneStrings(args), batch...))
		o.code = max(o.code, code)
	}
	o.out = out.String()
	return o
}

func cloneStrings(s []string) []string { return append([]string(nil), s...) }

// batches splits files so that no command line grows past maxArgBytes;
// no files gives one empty batch (the command still runs once).
func batches(files []string) [][]string {
	if len(files) == 0 {
		return [][]string{nil}
	}
	var out [][]string
	var cur []string
	size := 0
	for _, f := range files {
		if len(cur) > 0 && size+len(f)+1 > maxArgBytes {
			out = append(out, cur)
			cur, size = nil, 0
		}
		cur = append(cur, f)
		size += len(f) + 1
	}
	return append(out, cur)
}

// exec runs one process, appending its output to out; it returns the exit
// code (127 when the program cannot start, as a shell would).
func (rc *runContext) exec(ctx context.Context, out io.Writer, program string, args []string) int {
	cmd := exec.CommandContext(ctx, program, args...)
	cmd.Dir = rc.dir
	cmd.Env = append(os.Environ(), "PRE_COMMIT=1")
	if rc.opts.FromRef != "" && rc.opts.ToRef != "" {
		cmd.Env = append(cmd.Env, "PRE_COMMIT_FROM_REF="+rc.opts.FromRef, "PRE_COMMIT_TO_REF="+rc.opts.ToRef,
			"PRE_COMMIT_ORIGIN="+rc.opts.FromRef, "PRE_COMMIT_SOURCE="+rc.opts.ToRef)
	}
	cmd.Env = append(cmd.Env, rc.opts.Env...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exitErr) && exitErr.ExitCode() >= 0:
		return exitErr.ExitCode()
	default:
		fmt.Fprintf(out, "%s: %v\n", program, err)
		return 127
	}
}

// fileStat is what snapshot compares: stats for every candidate file, and
// a content hash for the files the hook was given, so that a tool that
// rewrites a file with the same bytes does not count as changing it.
type fileStat struct {
	size   int64
	mtime  time.Time
	mode   fs.FileMode
	hashed bool
	sum    [sha256.Size]byte
}

// snapshot records the run's candidate files before a hook runs.
func (rc *runContext) snapshot(hookFiles []string) map[string]fileStat {
	given := setOf(hookFiles)
	snap := make(map[string]fileStat, len(rc.cls.files))
	for _, name := range rc.cls.files {
		fi, err := os.Lstat(rc.path(name))
		if err != nil {
			continue
		}
		st := fileStat{size: fi.Size(), mtime: fi.ModTime(), mode: fi.Mode()}
		if given[name] && fi.Mode().IsRegular() {
			if b, err := os.ReadFile(rc.path(name)); err == nil {
				st.hashed, st.sum = true, sha256.Sum256(b)
			}
		}
		snap[name] = st
	}
	return snap
}

// changedSince lists the candidates that changed since the snapshot.
func (rc *runContext) changedSince(before map[string]fileStat) []string {
	var changed []string
	for name, old := range before {
		fi, err := os.Lstat(rc.path(name))
		switch {
		case err != nil || fi.Mode() != old.mode || fi.Size() != old.size:
			changed = append(changed, name)
		case fi.ModTime().Equal(old.mtime):
		case !old.hashed:
			changed = append(changed, name)
		default:
			b, err := os.ReadFile(rc.path(name))
			if err != nil || sha256.Sum256(b) != old.sum {
				changed = append(changed, name)
			}
		}
	}
	sort.Strings(changed)
	return changed
}

// showDiff prints what the hooks changed, as pre-commit
// --show-diff-on-failure does.
func showDiff(ctx context.Context, w io.Writer, dir string) {
	diff, err := git(ctx, dir, "--no-pager", "diff", "--no-ext-diff", "--color=never")
	if err != nil || len(diff) == 0 {
		return
	}
	fmt.Fprintln(w, "berth check hook(s) made changes.")
	fmt.Fprintln(w, "If you are seeing this message in CI, reproduce locally with: `berth check --all-files`.")
	fmt.Fprintln(w, "To run the checks on every commit, use `berth hooks install`.")
	fmt.Fprintln(w, "All changes made by hooks:")
	_, _ = w.Write(diff)
}
