package expr

import (
	"fmt"
	"strings"
)

// Template is a string with embedded ${{ }} expressions, parsed once and
// evaluated many times (for example once per matrix combination).
type Template struct {
	src  string
	segs []segment
}

// segment is literal text or one expression.
type segment struct {
	lit  string
	expr *Expr
}

// HasExpression reports whether s contains a ${{ sequence, i.e. whether it
// needs evaluation at all.
func HasExpression(s string) bool { return strings.Contains(s, "${{") }

// ParseTemplate splits s into literal text and expressions. As on GitHub, the
// closing }} is searched outside single-quoted strings, so
// ${{ format('}}') }} works; an unclosed ${{ or an empty ${{ }} is an error.
func ParseTemplate(s string) (*Template, error) {
	t := &Template{src: s}
	rest := s
	for {
		start := strings.Index(rest, "${{")
		if start < 0 {
			if rest != "" {
				t.segs = append(t.segs, segment{lit: rest})
			}
			return t, nil
		}
		if start > 0 {
			t.segs = append(t.segs, segment{lit: rest[:start]})
		}
		body := rest[start+3:]
		end := closing(body)
		if end < 0 {
			return nil, fmt.Errorf("expr: parse template %q: %w: the expression is not closed; an unescaped ${{ sequence was found, but the closing }} sequence was not found", s, ErrSyntax)
		}
		src := strings.TrimSpace(body[:end])
		if src == "" {
			return nil, fmt.Errorf("expr: parse template %q: %w: an expression was expected inside ${{ }}", s, ErrSyntax)
		}
		e, err := Parse(src)
		if err != nil {
			return nil, fmt.Errorf("expr: parse template %q: %w", s, err)
		}
		t.segs = append(t.segs, segment{expr: e})
		rest = body[end+2:]
	}
}

// closing finds the first }} that is not inside a single-quoted string.
func closing(body string) int {
	inString := false
	for i := 0; i < len(body); i++ {
		switch {
		case body[i] == '\'':
			inString = !inString // '' toggles twice, so escapes need no special case
		case !inString && body[i] == '}' && i+1 < len(body) && body[i+1] == '}':
			return i
		}
	}
	return -1
}

// String returns the template's source text.
func (t *Template) String() string { return t.src }

// Single returns the template's only expression when the whole string is
// exactly one ${{ }} with nothing around it; GitHub keeps such values typed.
func (t *Template) Single() (*Expr, bool) {
	if len(t.segs) == 1 && t.segs[0].expr != nil {
		return t.segs[0].expr, true
	}
	return nil, false
}

// Eval substitutes every expression with the string form of its value.
func (t *Template) Eval(ctx *Context) (string, error) {
	var b strings.Builder
	for _, s := range t.segs {
		if s.expr == nil {
			b.WriteString(s.lit)
			continue
		}
		v, err := s.expr.Eval(ctx)
		if err != nil {
			return "", err
		}
		b.WriteString(ToString(v))
	}
	return b.String(), nil
}

// Value evaluates the template keeping the type of a lone expression (so
// `${{ fromJSON('[1]') }}` yields []any); any other template yields its
// string.
func (t *Template) Value(ctx *Context) (any, error) {
	if e, ok := t.Single(); ok {
		return e.Eval(ctx)
	}
	return t.Eval(ctx)
}

// Interpolate replaces each ${{ expr }} in s with the string form of its
// value: null is empty, numbers print in GitHub's format, arrays and objects
// print as "Array" and "Object" (use toJSON to print their content).
func Interpolate(s string, ctx *Context) (string, error) {
	if !HasExpression(s) {
		return s, nil
	}
	t, err := ParseTemplate(s)
	if err != nil {
		return "", err
	}
	return t.Eval(ctx)
}

// InterpolateValue is Interpolate for YAML values that may be typed, such as
// continue-on-error or a matrix: a string that is exactly one ${{ }} yields
// the expression's value unchanged.
func InterpolateValue(s string, ctx *Context) (any, error) {
	if !HasExpression(s) {
		return s, nil
	}
	t, err := ParseTemplate(s)
	if err != nil {
		return nil, err
	}
	return t.Value(ctx)
}
