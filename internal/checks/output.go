package checks

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// noFiles is printed before "Skipped" when no file matched a hook.
const noFiles = "(no files to check)"

// ANSI colors pre-commit uses with --color=always.
const (
	colorRed       = "\033[41m"
	colorGreen     = "\033[42m"
	colorYellow    = "\033[43;30m"
	colorTurquoise = "\033[46;30m"
	colorSubtle    = "\033[2m"
	colorNormal    = "\033[m"
)

// printer writes pre-commit's status lines: the hook name padded with dots
// to a width fitting the longest name, then the status word.
type printer struct {
	w     io.Writer
	cols  int
	color bool
}

func newPrinter(w io.Writer, hooks []*Hook, color bool) *printer {
	nameLen := 0
	for _, h := range hooks {
		nameLen = max(nameLen, utf8.RuneCountInString(h.Name))
	}
	cols := max(80, nameLen+3+len(noFiles)+1+len("Skipped"))
	return &printer{w: w, cols: cols, color: color}
}

func (p *printer) paint(s, color string) string {
	if !p.color {
		return s
	}
	return color + s + colorNormal
}

func (p *printer) dots(n int) string { return strings.Repeat(".", max(n, 0)) }

// start prints the name and dots before a hook runs, so a slow hook shows
// what is running; end completes the line.
func (p *printer) start(name string) {
	fmt.Fprint(p.w, name+p.dots(p.cols-utf8.RuneCountInString(name)-6-1))
}

func (p *printer) end(s Status) {
	color := colorGreen
	if s == StatusFailed {
		color = colorRed
	}
	fmt.Fprintln(p.w, p.paint(s.String(), color))
}

// skipped prints a hook that did not run, with "(no files to check)" when
// that is the reason.
func (p *printer) skipped(name string, noFilesReason bool) {
	postfix, color := "", colorYellow
	if noFilesReason {
		postfix, color = noFiles, colorTurquoise
	}
	n := p.cols - utf8.RuneCountInString(name) - len(postfix) - len("Skipped") - 1
	fmt.Fprintln(p.w, name+p.dots(n)+postfix+p.paint("Skipped", color))
}

// details prints the indented facts after a failed (or verbose) hook and
// its output between blank lines.
func (p *printer) details(r *Result, verbose bool) {
	p.subtle("- hook id: " + r.HookID)
	if verbose && r.Status != StatusSkipped {
		p.subtle(fmt.Sprintf("- duration: %.2fs", r.Duration.Seconds()))
	}
	if r.ExitCode != 0 {
		p.subtle(fmt.Sprintf("- exit code: %d", r.ExitCode))
	}
	if len(r.Modified) > 0 {
		p.subtle("- files were modified by this hook")
	}
	if out := strings.TrimSpace(r.Output); out != "" {
		fmt.Fprintf(p.w, "\n%s\n\n", out)
	}
}

func (p *printer) subtle(s string) { fmt.Fprintln(p.w, p.paint(s, colorSubtle)) }
