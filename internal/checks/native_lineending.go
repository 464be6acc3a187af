package checks

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
)

var mixedLineEndingSpec = argSpec{
	flags: map[string]string{"-f": "fix", "--fix": "fix"},
	takes: map[string]bool{"fix": true},
}

// lineEndings in the order pre-commit-hooks detects them (CRLF before LF)
// and, for --fix=auto ties, prefers the last.
var lineEndings = []string{"\r", "\r\n", "\n"}

// runMixedLineEnding finds files mixing line endings and, with --fix=auto
// (default), rewrites them with the most common one; --fix=lf|crlf|cr
// forces one; --fix=no only reports.
func runMixedLineEnding(_ context.Context, rc *runContext, h *Hook, files []string) outcome {
	a, bad := parseHookArgs(h, mixedLineEndingSpec)
	if bad != nil {
		return *bad
	}
	mode := a.value("fix", "auto")
	switch mode {
	case "auto", "no", "lf", "crlf", "cr":
	default:
		return outcome{code: 2, out: fmt.Sprintf("%s: error: argument -f/--fix: invalid choice: '%s' (choose from 'auto', 'no', 'cr', 'crlf', 'lf')\n", h.ID, mode)}
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
		fixed, flagged := fixLineEndings(b, mode)
		if !flagged {
			continue
		}
		o.code = 1
		if mode == "no" {
			fmt.Fprintf(&out, "%s: mixed line endings\n", name)
			continue
		}
		if !bytes.Equal(fixed, b) {
			if err := os.WriteFile(rc.path(name), fixed, 0o644); err != nil {
				fmt.Fprintf(&out, "%s: %v\n", name, err)
				continue
			}
			o.modified = append(o.modified, name)
		}
		fmt.Fprintf(&out, "%s: fixed mixed line endings\n", name)
	}
	o.out = out.String()
	return o
}

// splitLinesKeepEnds is Python's bytes.splitlines(keepends=True): lines end
// at \n, \r\n or \r.
func splitLinesKeepEnds(b []byte) [][]byte {
	var lines [][]byte
	for len(b) > 0 {
		i := bytes.IndexAny(b, "\r\n")
		if i < 0 {
			lines = append(lines, b)
			break
		}
		end := i + 1
		if b[i] == '\r' && end < len(b) && b[end] == '\n' {
			end++
		}
		lines = append(lines, b[:end])
		b = b[end:]
	}
	return lines
}

// fixLineEndings returns the fixed content and whether the file counts as
// a finding for the mode (mixed, or other endings than a forced one).
func fixLineEndings(b []byte, mode string) ([]byte, bool) {
	lines := splitLinesKeepEnds(b)
	counts := map[string]int{}
	for _, line := range lines {
		for _, e := range lineEndings {
			if bytes.HasSuffix(line, []byte(e)) && !(e == "\n" && bytes.HasSuffix(line, []byte("\r\n"))) {
				counts[e]++
				break
			}
		}
	}
	kinds := 0
	for _, n := range counts {
		if n > 0 {
			kinds++
		}
	}
	mixed := kinds > 1
	if mode == "no" || (mode == "auto" && !mixed) {
		return b, mixed
	}
	target := map[string]string{"lf": "\n", "crlf": "\r\n", "cr": "\r"}[mode]
	if mode == "auto" {
		best := 0
		for _, e := range lineEndings {
			if counts[e] >= best {
				target, best = e, counts[e]
			}
		}
	} else {
		others := 0
		for e, n := range counts {
			if e != target {
				others += n
			}
		}
		if others == 0 {
			return b, false
		}
	}
	var out bytes.Buffer
	for _, line := range lines {
		out.Write(bytes.TrimRight(line, "\r\n"))
		out.WriteString(target)
	}
	return out.Bytes(), true
}
