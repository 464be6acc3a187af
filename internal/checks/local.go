package checks

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// localRunner picks how a `repo: local` hook runs from its language.
// system and script run the entry as a program; fail and pygrep are
// interpreted natively. Other languages need pre-commit to build an
// environment (a virtualenv, node_modules...), which berth does not do.
func localRunner(h *Hook) (runner, string) {
	switch h.Language {
	case "system":
		return runEntry(false), ""
	case "script":
		return runEntry(true), ""
	case "fail":
		return failRunner(h.Entry), ""
	case "pygrep":
		return runPygrep, ""
	}
	return nil, fmt.Sprintf("berth runs local hooks with language system, script, fail or pygrep; hook %s uses language %s, "+
		"which needs an environment pre-commit would build; use language: system with an installed tool instead", h.ID, h.Language)
}

// runEntry runs the hook's entry with its args and files. A script's
// program is a path in the repository.
func runEntry(script bool) runner {
	return func(ctx context.Context, rc *runContext, h *Hook, files []string) outcome {
		argv, err := shlexSplit(h.Entry)
		if err != nil || len(argv) == 0 {
			return outcome{code: 1, out: fmt.Sprintf("hook %s: cannot parse entry %q: %v\n", h.ID, h.Entry, err)}
		}
		program := argv[0]
		if script {
			program = filepath.Join(rc.dir, program)
		} else if !strings.Contains(program, "/") {
			p, err := exec.LookPath(program)
			if err != nil {
				return outcome{code: 1, out: fmt.Sprintf("Executable `%s` not found\n", program)}
			}
			program = p
		} else if !filepath.IsAbs(program) {
			program = filepath.Join(rc.dir, program)
		}
		args := append(cloneStrings(argv[1:]), h.Args...)
		return rc.command(ctx, program, args, files)
	}
}

var pygrepSpec = argSpec{
	flags: map[string]string{"-i": "ignore-case", "--ignore-case": "ignore-case", "--multiline": "multiline", "--negate": "negate"},
}

// runPygrep implements pre-commit's pygrep language: the entry is a Python
// regex; matching lines are reported (or, with --negate, files without a
// match).
func runPygrep(_ context.Context, rc *runContext, h *Hook, files []string) outcome {
	a, bad := parseHookArgs(h, pygrepSpec)
	if bad != nil {
		return *bad
	}
	flags := ""
	if a.set["ignore-case"] {
		flags += "i"
	}
	if a.set["multiline"] {
		flags += "ms"
	}
	pattern := h.Entry
	if flags != "" {
		pattern = "(?" + flags + ")" + pattern
	}
	re, err := CompilePython(pattern)
	if err != nil {
		return outcome{code: 1, out: fmt.Sprintf("hook %s: %v\n", h.ID, err)}
	}
	var o outcome
	var out strings.Builder
	for _, name := range append(files, a.rest...) {
		b, err := os.ReadFile(rc.path(name))
		if err != nil {
			fmt.Fprintf(&out, "%s: %v\n", name, err)
			o.code = 1
			continue
		}
		if pygrepFile(&out, name, b, re, a.set["multiline"], a.set["negate"]) {
			o.code = 1
		}
	}
	o.out = out.String()
	return o
}

// pygrepFile reports one file; it returns whether the file is a finding.
func pygrepFile(out *strings.Builder, name string, b []byte, re *regexp.Regexp, multiline, negate bool) bool {
	if multiline {
		if negate {
			if !re.Match(b) {
				fmt.Fprintln(out, name)
				return true
			}
			return false
		}
		return pygrepAtOnce(out, name, b, re)
	}
	lines := bytes.SplitAfter(b, []byte("\n"))
	found := false
	for i, line := range lines {
		line = bytes.TrimSuffix(line, []byte("\n"))
		if len(line) == 0 && i == len(lines)-1 {
			break
		}
		if !re.Match(line) {
			continue
		}
		found = true
		if negate {
			return false
		}
		fmt.Fprintf(out, "%s:%d:%s\n", name, i+1, bytes.TrimRight(line, "\r"))
	}
	if negate {
		fmt.Fprintln(out, name)
		return true
	}
	return found
}

// pygrepAtOnce reports the first multi-line match with its line number,
// printing the matched lines with the first one shown whole.
func pygrepAtOnce(out *strings.Builder, name string, b []byte, re *regexp.Regexp) bool {
	loc := re.FindIndex(b)
	if loc == nil {
		return false
	}
	lineNo := bytes.Count(b[:loc[0]], []byte("\n"))
	matched := bytes.Split(b[loc[0]:loc[1]], []byte("\n"))
	matched[0] = bytes.Split(b, []byte("\n"))[lineNo]
	fmt.Fprintf(out, "%s:%d:%s\n", name, lineNo+1, bytes.Join(matched, []byte("\n")))
	return true
}
