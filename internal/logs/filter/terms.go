package filter

import (
	"regexp"
	"strings"
)

// termKind says how a term combines with the others.
type termKind int

const (
	termAll termKind = iota // plain: must occur
	termNot                 // -term: must not occur
	termAny                 // ?term: at least one ?term must occur
)

// term is one word, phrase or regex of an unstructured pattern.
type term struct {
	kind termKind
	text string
	re   *regexp.Regexp
}

func (t term) in(msg string) bool {
	if t.re != nil {
		return t.re.MatchString(msg)
	}
	return strings.Contains(msg, t.text)
}

// termsPattern matches unstructured messages: every plain term occurs, no
// excluded term occurs, and, when there are ?terms, at least one does.
type termsPattern struct {
	terms  []term
	hasAny bool
}

func (p *termsPattern) match(msg string) bool {
	anyHit := false
	for _, t := range p.terms {
		hit := t.in(msg)
		switch t.kind {
		case termAll:
			if !hit {
				return false
			}
		case termNot:
			if hit {
				return false
			}
		case termAny:
			anyHit = anyHit || hit
		}
	}
	return !p.hasAny || anyHit
}

// parseTerms splits src on whitespace outside quotes and %regex% markers.
func parseTerms(src string) (matcher, error) {
	p := &termsPattern{}
	i := 0
	for i < len(src) {
		if isSpace(src[i]) {
			i++
			continue
		}
		start := i
		t := term{kind: termAll}
		switch src[i] {
		case '-':
			t.kind = termNot
			i++
		case '?':
			t.kind = termAny
			p.hasAny = true
			i++
		}
		if i >= len(src) || isSpace(src[i]) {
			return nil, syntaxErr(start, "operator %q without a term", src[start])
		}
		switch src[i] {
		case '"':
			s, n, err := readQuoted(src, i)
			if err != nil {
				return nil, err
			}
			t.text, i = s, n
		case '%':
			re, n, err := readRegex(src, i)
			if err != nil {
				return nil, err
			}
			t.re, i = re, n
		default:
			j := i
			for j < len(src) && !isSpace(src[j]) {
				if src[j] == '"' {
					return nil, syntaxErr(j, "quote inside an unquoted term")
				}
				j++
			}
			t.text, i = src[i:j], j
		}
		if i < len(src) && !isSpace(src[i]) {
			return nil, syntaxErr(i, "a term must be followed by a space")
		}
		p.terms = append(p.terms, t)
	}
	return p, nil
}

// readQuoted reads a "double-quoted" string starting at src[i] == '"',
// honouring \" and \\ escapes. It returns the text and the index after
// the closing quote.
func readQuoted(src string, i int) (string, int, error) {
	var b strings.Builder
	for j := i + 1; j < len(src); j++ {
		switch c := src[j]; c {
		case '\\':
			if j+1 < len(src) && (src[j+1] == '"' || src[j+1] == '\\') {
				b.WriteByte(src[j+1])
				j++
				continue
			}
			b.WriteByte(c)
		case '"':
			return b.String(), j + 1, nil
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, syntaxErr(i, "unterminated quoted string")
}

// readRegex reads a %regex% starting at src[i] == '%'.
func readRegex(src string, i int) (*regexp.Regexp, int, error) {
	end := strings.IndexByte(src[i+1:], '%')
	if end < 0 {
		return nil, 0, syntaxErr(i, "unterminated %%regex%%")
	}
	body := src[i+1 : i+1+end]
	if body == "" {
		return nil, 0, syntaxErr(i, "empty %%regex%%")
	}
	re, err := regexp.Compile(body)
	if err != nil {
		return nil, 0, syntaxErr(i, "bad regex %q: %v", body, err)
	}
	return re, i + end + 2, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
