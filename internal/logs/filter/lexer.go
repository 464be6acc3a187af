package filter

import (
	"regexp"
	"strings"
)

// tokKind classifies the tokens of JSON and space-delimited patterns.
type tokKind int

const (
	tokEOF      tokKind = iota
	tokPunct            // { } ( ) [ ] ,
	tokOp               // = != < > <= >=
	tokAnd              // &&
	tokOr               // ||
	tokString           // "quoted"
	tokWord             // bare word: identifier, number, keyword, wildcard string, ...
	tokRegex            // %regex%
	tokSelector         // $.a.b[0]
)

// token is one lexeme with its byte offset in the pattern.
type token struct {
	kind tokKind
	text string
	re   *regexp.Regexp
	pos  int
}

// lex splits a structured pattern into tokens.
func lex(src string) ([]token, error) {
	var out []token
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case isSpace(c):
			i++
		case strings.IndexByte("{}()[],", c) >= 0:
			out = append(out, token{kind: tokPunct, text: src[i : i+1], pos: i})
			i++
		case c == '&' || c == '|':
			if i+1 >= len(src) || src[i+1] != c {
				return nil, syntaxErr(i, "lone %q (use %c%c)", c, c, c)
			}
			k := tokAnd
			if c == '|' {
				k = tokOr
			}
			out = append(out, token{kind: k, text: src[i : i+2], pos: i})
			i += 2
		case c == '=' || c == '!' || c == '<' || c == '>':
			n := 1
			if i+1 < len(src) && src[i+1] == '=' {
				n = 2
			}
			op := src[i : i+n]
			if op == "!" {
				return nil, syntaxErr(i, "lone '!' (use !=)")
			}
			if op == "==" {
				op = "="
			}
			out = append(out, token{kind: tokOp, text: op, pos: i})
			i += n
		case c == '"':
			s, n, err := readQuoted(src, i)
			if err != nil {
				return nil, err
			}
			out = append(out, token{kind: tokString, text: s, pos: i})
			i = n
		case c == '%':
			re, n, err := readRegex(src, i)
			if err != nil {
				return nil, err
			}
			out = append(out, token{kind: tokRegex, text: src[i:n], re: re, pos: i})
			i = n
		case c == '$':
			j := i + 1
			for j < len(src) && isSelectorChar(src[j]) {
				j++
			}
			out = append(out, token{kind: tokSelector, text: src[i:j], pos: i})
			i = j
		default:
			j := i
			for j < len(src) && isWordChar(src[j]) {
				j++
			}
			out = append(out, token{kind: tokWord, text: src[i:j], pos: i})
			i = j
		}
	}
	return append(out, token{kind: tokEOF, pos: len(src)}), nil
}

// isSelectorChar accepts what may follow '$' in a JSON selector.
func isSelectorChar(c byte) bool {
	return c == '.' || c == '_' || c == '-' || c == '*' || c == '[' || c == ']' || c == '@' || c == ':' ||
		(c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

// isWordChar accepts the characters of a bare word.
func isWordChar(c byte) bool {
	return !isSpace(c) && strings.IndexByte("{}()[],&|=!<>\"%$", c) < 0
}

// parser walks a token slice.
type parser struct {
	toks []token
	i    int
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

// punct consumes the punctuation s or fails.
func (p *parser) punct(s string) error {
	t := p.next()
	if t.kind != tokPunct || t.text != s {
		return syntaxErr(t.pos, "expected %q, found %s", s, describe(t))
	}
	return nil
}

func (p *parser) isPunct(s string) bool {
	t := p.peek()
	return t.kind == tokPunct && t.text == s
}

// isKeyword reports whether t is the bare word kw (any case).
func isKeyword(t token, kw string) bool {
	return t.kind == tokWord && strings.EqualFold(t.text, kw)
}

func describe(t token) string {
	if t.kind == tokEOF {
		return "end of pattern"
	}
	return "'" + t.text + "'"
}
