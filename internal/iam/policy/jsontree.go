package policy

import (
	"errors"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// IAM needs more than encoding/json gives: byte offsets of every value (the
// simulator reports statement positions), the JSON type of each member (a
// number where IAM wants a string is a syntax error) and duplicate-key
// detection. This file is a small, strict RFC 8259 parser producing that tree.

// jsonKind is the JSON type of a jsonValue.
type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonBool
	jsonNumber
	jsonString
	jsonArray
	jsonObject
)

// jsonValue is one node of a parsed document. str holds the decoded string,
// the number literal as written, or "true"/"false".
type jsonValue struct {
	kind    jsonKind
	str     string
	items   []*jsonValue
	members []jsonMember
	start   int // byte offset of the first character
	end     int // byte offset just past the last character
}

// jsonMember is one key/value pair of an object, in document order.
type jsonMember struct {
	key   string
	value *jsonValue
}

// get returns the member named key (case-sensitive, as IAM's grammar is).
func (v *jsonValue) get(key string) (*jsonValue, bool) {
	for _, m := range v.members {
		if m.key == key {
			return m.value, true
		}
	}
	return nil, false
}

// maxJSONDepth bounds nesting so hostile input cannot exhaust the stack; real
// policies nest at most five levels.
const maxJSONDepth = 64

var errJSON = errors.New("policy: invalid json")

type jsonParser struct {
	src   string
	pos   int
	depth int
}

// parseJSON parses a complete document: one value surrounded by whitespace.
func parseJSON(src string) (*jsonValue, error) {
	p := &jsonParser{src: src}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos != len(p.src) {
		return nil, errJSON
	}
	return v, nil
}

func (p *jsonParser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *jsonParser) value() (*jsonValue, error) {
	p.skipSpace()
	if p.pos >= len(p.src) {
		return nil, errJSON
	}
	start := p.pos
	switch c := p.src[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, err := p.string()
		if err != nil {
			return nil, err
		}
		return &jsonValue{kind: jsonString, str: s, start: start, end: p.pos}, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		for _, lit := range [...]struct {
			text string
			kind jsonKind
		}{{"true", jsonBool}, {"false", jsonBool}, {"null", jsonNull}} {
			if strings.HasPrefix(p.src[p.pos:], lit.text) {
				p.pos += len(lit.text)
				return &jsonValue{kind: lit.kind, str: lit.text, start: start, end: p.pos}, nil
			}
		}
		return nil, errJSON
	}
}

func (p *jsonParser) enter() error {
	p.depth++
	if p.depth > maxJSONDepth {
		return errJSON
	}
	return nil
}

func (p *jsonParser) object() (*jsonValue, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	v := &jsonValue{kind: jsonObject, start: p.pos}
	p.pos++ // '{'
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		v.end = p.pos
		return v, nil
	}
	seen := make(map[string]struct{})
	for {
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			return nil, errJSON
		}
		key, err := p.string()
		if err != nil {
			return nil, err
		}
		// A repeated key would let two readers of one document disagree on
		// its meaning; IAM documents must be unambiguous, so reject it.
		if _, dup := seen[key]; dup {
			return nil, errJSON
		}
		seen[key] = struct{}{}
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return nil, errJSON
		}
		p.pos++
		val, err := p.value()
		if err != nil {
			return nil, err
		}
		v.members = append(v.members, jsonMember{key: key, value: val})
		done, err := p.next('}', v)
		if err != nil {
			return nil, err
		}
		if done {
			return v, nil
		}
	}
}

// next consumes what follows a member or item of v: a comma (more to
// come) or the closing byte (v ends there, done).
func (p *jsonParser) next(closing byte, v *jsonValue) (done bool, err error) {
	p.skipSpace()
	if p.pos >= len(p.src) {
		return false, errJSON
	}
	switch p.src[p.pos] {
	case ',':
		p.pos++
		return false, nil
	case closing:
		p.pos++
		v.end = p.pos
		return true, nil
	}
	return false, errJSON
}

func (p *jsonParser) array() (*jsonValue, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	v := &jsonValue{kind: jsonArray, start: p.pos}
	p.pos++ // '['
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		v.end = p.pos
		return v, nil
	}
	for {
		item, err := p.value()
		if err != nil {
			return nil, err
		}
		v.items = append(v.items, item)
		done, err := p.next(']', v)
		if err != nil {
			return nil, err
		}
		if done {
			return v, nil
		}
	}
}

func (p *jsonParser) number() (*jsonValue, error) {
	start := p.pos
	if p.src[p.pos] == '-' {
		p.pos++
	}
	switch {
	case p.pos < len(p.src) && p.src[p.pos] == '0':
		p.pos++
	case p.pos < len(p.src) && p.src[p.pos] >= '1' && p.src[p.pos] <= '9':
		p.digits()
	default:
		return nil, errJSON
	}
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		if !p.digits() {
			return nil, errJSON
		}
	}
	if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.src) && (p.src[p.pos] == '+' || p.src[p.pos] == '-') {
			p.pos++
		}
		if !p.digits() {
			return nil, errJSON
		}
	}
	return &jsonValue{kind: jsonNumber, str: p.src[start:p.pos], start: start, end: p.pos}, nil
}

// digits consumes [0-9]* and reports whether it consumed any.
func (p *jsonParser) digits() bool {
	start := p.pos
	for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
		p.pos++
	}
	return p.pos > start
}

// string decodes a quoted string starting at p.pos (which is '"'). Invalid
// UTF-8 is rejected: IAM documents are Unicode text.
func (p *jsonParser) string() (string, error) {
	p.pos++ // opening quote
	start := p.pos
	// Fast path: no escapes.
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '"' {
			s := p.src[start:p.pos]
			p.pos++
			if !utf8.ValidString(s) {
				return "", errJSON
			}
			return s, nil
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			return "", errJSON
		}
		p.pos++
	}
	var b strings.Builder
	b.WriteString(p.src[start:p.pos])
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == '"':
			p.pos++
			if !utf8.ValidString(b.String()) {
				return "", errJSON
			}
			return b.String(), nil
		case c < 0x20:
			return "", errJSON
		case c != '\\':
			b.WriteByte(c)
			p.pos++
			continue
		}
		p.pos++ // backslash
		if p.pos >= len(p.src) {
			return "", errJSON
		}
		e := p.src[p.pos]
		p.pos++
		switch e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", errJSON
			}
			if utf16.IsSurrogate(r) {
				r2 := utf8.RuneError
				if strings.HasPrefix(p.src[p.pos:], `\u`) {
					save := p.pos
					p.pos += 2
					if lo, ok := p.hex4(); ok && utf16.DecodeRune(r, lo) != utf8.RuneError {
						r2 = utf16.DecodeRune(r, lo)
					} else {
						p.pos = save
					}
				}
				r = r2
			}
			b.WriteRune(r)
		default:
			return "", errJSON
		}
	}
	return "", errJSON
}

func (p *jsonParser) hex4() (rune, bool) {
	if p.pos+4 > len(p.src) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(p.src[p.pos : p.pos+4]) {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c-'a') + 10
		case c >= 'A' && c <= 'F':
			r |= rune(c-'A') + 10
		default:
			return 0, false
		}
	}
	p.pos += 4
	return r, true
}
