package expr

import (
	"fmt"
	"math"
	"unicode"
	"unicode/utf8"
)

// tokenKind classifies lexer output.
type tokenKind int

const (
	tkEOF tokenKind = iota
	tkLParen
	tkRParen
	tkLBracket
	tkRBracket
	tkComma
	tkDot
	tkStar
	tkNot
	tkOp // == != < <= > >= && ||
	tkNull
	tkBool
	tkNumber
	tkString
	tkIdent
)

// token is one lexeme; pos is its 1-based byte offset.
type token struct {
	kind tokenKind
	text string // raw text; the operator for tkOp, the name for tkIdent
	val  any    // parsed value of literals
	pos  int
}

// lexer splits an expression into tokens. Like GitHub's, it is
// context-sensitive: "." starts a number only where an operand is expected,
// and a word right after "." is always a property name, never a keyword.
type lexer struct {
	src  string
	i    int
	prev tokenKind
	any  bool // at least one token was produced
}

// isBoundary reports characters that end a number or a word.
func isBoundary(c rune) bool {
	switch c {
	case '(', '[', ')', ']', ',', '.', '!', '>', '<', '=', '&', '|':
		return true
	}
	return unicode.IsSpace(c)
}

// operandExpected reports whether the previous token leaves the lexer where a
// value must start (so "." begins a number such as ".5").
func (l *lexer) operandExpected() bool {
	if !l.any {
		return true
	}
	switch l.prev {
	case tkComma, tkLParen, tkLBracket, tkOp, tkNot:
		return true
	}
	return false
}

func (l *lexer) errorf(pos int, format string, args ...any) error {
	return &SyntaxError{Expr: l.src, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// next returns the next token or a *SyntaxError.
func (l *lexer) next() (token, error) {
	for l.i < len(l.src) {
		r, n := utf8.DecodeRuneInString(l.src[l.i:])
		if !unicode.IsSpace(r) {
			break
		}
		l.i += n
	}
	if l.i >= len(l.src) {
		return token{kind: tkEOF, pos: len(l.src) + 1}, nil
	}
	t, err := l.scan()
	if err != nil {
		return t, err
	}
	l.prev, l.any = t.kind, true
	return t, nil
}

func (l *lexer) scan() (token, error) {
	start := l.i
	pos := start + 1
	c := l.src[l.i]
	if k := punctuation(c); k != tkEOF {
		l.i++
		return token{kind: k, text: string(c), pos: pos}, nil
	}
	switch {
	case c == '\'':
		return l.scanString()
	case c == '.' && !l.operandExpected():
		l.i++
		return token{kind: tkDot, text: ".", pos: pos}, nil
	case c == '.' || c == '-' || c == '+' || (c >= '0' && c <= '9'):
		return l.scanNumber()
	case c == '!' || c == '=' || c == '<' || c == '>' || c == '&' || c == '|':
		return l.scanOperator()
	}
	return l.scanWord()
}

// punctuation maps single-character tokens; tkEOF means "not punctuation".
func punctuation(c byte) tokenKind {
	switch c {
	case '(':
		return tkLParen
	case ')':
		return tkRParen
	case '[':
		return tkLBracket
	case ']':
		return tkRBracket
	case ',':
		return tkComma
	case '*':
		return tkStar
	}
	return tkEOF
}

func (l *lexer) scanOperator() (token, error) {
	start := l.i
	if start+1 < len(l.src) {
		two := l.src[start : start+2]
		switch two {
		case "==", "!=", "<=", ">=", "&&", "||":
			l.i += 2
			return token{kind: tkOp, text: two, pos: start + 1}, nil
		}
	}
	one := l.src[start : start+1]
	l.i++
	switch one {
	case "!":
		return token{kind: tkNot, text: one, pos: start + 1}, nil
	case "<", ">":
		return token{kind: tkOp, text: one, pos: start + 1}, nil
	}
	return token{}, l.errorf(start+1, "Unexpected symbol: '%s'", one)
}

func (l *lexer) scanNumber() (token, error) {
	start := l.i
	l.i++
	for l.i < len(l.src) {
		r, n := utf8.DecodeRuneInString(l.src[l.i:])
		if isBoundary(r) && r != '.' {
			break
		}
		l.i += n
	}
	text := l.src[start:l.i]
	f := parseNumber(text)
	if math.IsNaN(f) {
		return token{}, l.errorf(start+1, "Unexpected symbol: '%s'", text)
	}
	return token{kind: tkNumber, text: text, val: f, pos: start + 1}, nil
}

func (l *lexer) scanString() (token, error) {
	start := l.i
	l.i++
	var b []byte
	for l.i < len(l.src) {
		c := l.src[l.i]
		l.i++
		if c == '\'' {
			if l.i < len(l.src) && l.src[l.i] == '\'' {
				l.i++
				b = append(b, '\'')
				continue
			}
			return token{kind: tkString, text: l.src[start:l.i], val: string(b), pos: start + 1}, nil
		}
		b = append(b, c)
	}
	return token{}, l.errorf(start+1, "Unexpected symbol: '%s'", l.src[start:])
}

func (l *lexer) scanWord() (token, error) {
	start := l.i
	for l.i < len(l.src) {
		r, n := utf8.DecodeRuneInString(l.src[l.i:])
		if l.i > start && isBoundary(r) {
			break
		}
		l.i += n
	}
	text := l.src[start:l.i]
	if !isLegalWord(text) {
		return token{}, l.errorf(start+1, "Unexpected symbol: '%s'", text)
	}
	if l.any && l.prev == tkDot {
		return token{kind: tkIdent, text: text, pos: start + 1}, nil
	}
	switch text {
	case "null":
		return token{kind: tkNull, text: text, pos: start + 1}, nil
	case "true", "false":
		return token{kind: tkBool, text: text, val: text == "true", pos: start + 1}, nil
	case "NaN":
		return token{kind: tkNumber, text: text, val: math.NaN(), pos: start + 1}, nil
	case "Infinity":
		return token{kind: tkNumber, text: text, val: math.Inf(1), pos: start + 1}, nil
	}
	return token{kind: tkIdent, text: text, pos: start + 1}, nil
}

// isLegalWord accepts identifiers: a letter or underscore, then letters,
// digits, underscores and dashes (so step ids like app-changed work).
func isLegalWord(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case i > 0 && ((c >= '0' && c <= '9') || c == '-'):
		default:
			return false
		}
	}
	return s != ""
}
