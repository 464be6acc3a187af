package checks

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"strings"
)

// rewrite applies fix to each file and records the ones it changed; msg
// formats the line printed per fixed file.
func rewrite(rc *runContext, files []string, fix func(name string, b []byte) ([]byte, bool), msg func(string) string) outcome {
	var o outcome
	var out strings.Builder
	for _, name := range files {
		b, err := os.ReadFile(rc.path(name))
		if err != nil {
			fmt.Fprintf(&out, "%s: %v\n", name, err)
			o.code = 1
			continue
		}
		fixed, changed := fix(name, b)
		if !changed {
			continue
		}
		if err := os.WriteFile(rc.path(name), fixed, 0o644); err != nil {
			fmt.Fprintf(&out, "%s: %v\n", name, err)
			o.code = 1
			continue
		}
		out.WriteString(msg(name))
		o.code = 1
		o.modified = append(o.modified, name)
	}
	o.out = out.String()
	return o
}

func fixingMsg(name string) string { return "Fixing " + name + "\n" }

// runEndOfFileFixer makes every non-empty file end with exactly one line
// ending (pre-commit-hooks' end-of-file-fixer); a file of only newlines
// becomes empty.
func runEndOfFileFixer(_ context.Context, rc *runContext, h *Hook, files []string) outcome {
	a, bad := parseHookArgs(h, argSpec{})
	if bad != nil {
		return *bad
	}
	return rewrite(rc, append(files, a.rest...), func(_ string, b []byte) ([]byte, bool) { return fixEndOfFile(b) }, fixingMsg)
}

func fixEndOfFile(b []byte) ([]byte, bool) {
	if len(b) == 0 {
		return b, false
	}
	if last := b[len(b)-1]; last != '\n' && last != '\r' {
		return append(b, '\n'), true
	}
	end := len(b)
	for end > 0 && (b[end-1] == '\n' || b[end-1] == '\r') {
		end--
	}
	if end == 0 {
		return nil, true
	}
	remaining := b[end:]
	for _, seq := range []string{"\n", "\r\n", "\r"} {
		if string(remaining) == seq {
			return b, false
		}
		if bytes.HasPrefix(remaining, []byte(seq)) {
			return b[:end+len(seq)], true
		}
	}
	return b, false
}

var trailingWhitespaceSpec = argSpec{
	flags: map[string]string{"--markdown-linebreak-ext": "md", "--chars": "chars", "--no-markdown-linebreak-ext": "no-md"},
	takes: map[string]bool{"md": true, "chars": true},
}

// runTrailingWhitespace strips trailing whitespace from each line
// (trailing-whitespace-fixer), keeping a two-space markdown line break in
// files whose extension --markdown-linebreak-ext names.
func runTrailingWhitespace(_ context.Context, rc *runContext, h *Hook, files []string) outcome {
	a, bad := parseHookArgs(h, trailingWhitespaceSpec)
	if bad != nil {
		return *bad
	}
	md := a.values["md"]
	allMarkdown := false
	var exts []string
	for _, v := range md {
		if v == "" {
			return outcome{code: 2, out: h.ID + ": error: --markdown-linebreak-ext requires a non-empty argument\n"}
		}
		allMarkdown = allMarkdown || v == "*"
	}
	for e := range strings.SplitSeq(strings.Join(md, ","), ",") {
		ext := "." + strings.TrimLeft(strings.ToLower(e), ".")
		if strings.ContainsAny(ext[1:], `/\:`) {
			return outcome{code: 2, out: fmt.Sprintf("%s: error: bad --markdown-linebreak-ext extension '%s' (has / \\ :)\n", h.ID, ext)}
		}
		exts = append(exts, ext)
	}
	cutset := " \t\n\r\v\f"
	if c, ok := a.values["chars"]; ok {
		cutset = c[len(c)-1]
	}
	fix := func(name string, b []byte) ([]byte, bool) {
		ext := pyExt(path.Base(strings.ToLower(name)))
		isMD := allMarkdown
		for _, e := range exts {
			isMD = isMD || e == ext
		}
		return fixTrailingWhitespace(b, isMD, cutset)
	}
	return rewrite(rc, append(files, a.rest...), fix, fixingMsg)
}

func fixTrailingWhitespace(orig []byte, markdown bool, cutset string) ([]byte, bool) {
	var out bytes.Buffer
	out.Grow(len(orig))
	for b := orig; len(b) > 0; {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line = b[:i+1]
		}
		b = b[len(line):]
		out.Write(processLine(line, markdown, cutset))
	}
	fixed := out.Bytes()
	return fixed, !bytes.Equal(fixed, orig)
}

func processLine(line []byte, markdown bool, cutset string) []byte {
	var eol []byte
	switch {
	case bytes.HasSuffix(line, []byte("\r\n")):
		eol, line = []byte("\r\n"), line[:len(line)-2]
	case bytes.HasSuffix(line, []byte("\n")):
		eol, line = []byte("\n"), line[:len(line)-1]
	}
	var kept []byte
	if markdown && !isSpaceOnly(line) && bytes.HasSuffix(line, []byte("  ")) {
		kept = append(bytes.TrimRight(line[:len(line)-2], cutset), "  "...)
	} else {
		kept = bytes.TrimRight(line, cutset)
	}
	return append(append([]byte(nil), kept...), eol...)
}

// isSpaceOnly is Python's bytes.isspace: non-empty and all whitespace.
func isSpaceOnly(b []byte) bool {
	return len(b) > 0 && len(bytes.TrimLeft(b, " \t\n\r\v\f")) == 0
}
