package template

import (
	"bytes"
	"strings"
)

// archive is a txtar-like file: a comment, then sections introduced by
// "-- name --" lines. golang.org/x/tools/txtar is not a dependency, so the
// tests carry this small reader and writer.
type archive struct {
	comment  string
	sections []section
}

type section struct {
	name string
	data string
}

func parseArchive(data []byte) archive {
	var a archive
	lines := strings.SplitAfter(string(data), "\n")
	var cur *section
	var buf strings.Builder
	flush := func() {
		if cur == nil {
			a.comment = buf.String()
		} else {
			cur.data = buf.String()
			a.sections = append(a.sections, *cur)
		}
		buf.Reset()
	}
	for _, line := range lines {
		if name, ok := sectionHeader(line); ok {
			flush()
			cur = &section{name: name}
			continue
		}
		buf.WriteString(line)
	}
	flush()
	return a
}

func sectionHeader(line string) (string, bool) {
	l := strings.TrimRight(line, "\r\n")
	if !strings.HasPrefix(l, "-- ") || !strings.HasSuffix(l, " --") || len(l) < 7 {
		return "", false
	}
	return strings.TrimSpace(l[3 : len(l)-3]), true
}

func (a archive) get(name string) (string, bool) {
	for _, s := range a.sections {
		if s.name == name {
			return s.data, true
		}
	}
	return "", false
}

func (a *archive) set(name, data string) {
	for i := range a.sections {
		if a.sections[i].name == name {
			a.sections[i].data = data
			return
		}
	}
	a.sections = append(a.sections, section{name: name, data: data})
}

func (a archive) format() []byte {
	var b bytes.Buffer
	b.WriteString(a.comment)
	for _, s := range a.sections {
		b.WriteString("-- " + s.name + " --\n")
		b.WriteString(s.data)
		if s.data != "" && !strings.HasSuffix(s.data, "\n") {
			b.WriteString("\n")
		}
	}
	return b.Bytes()
}
