package policy

import (
	"strings"
)

// Policy variables (IAM User Guide, "IAM policy elements: Variables and
// tags"): in 2012-10-17 documents, ${key} in a Resource or in a String, ARN
// or Bool condition value is replaced by the request's value for that context
// key; ${key, 'default'} supplies a default when the key has no value; ${*},
// ${?} and ${$} stand for a literal '*', '?' and '$'. A variable whose key is
// absent (or multivalued) and has no default cannot be resolved, and the
// element holding it matches nothing. In 2008-10-17 documents the text is
// literal.

type partKind uint8

const (
	partText    partKind = iota // policy text: '*' and '?' are wildcards
	partEscaped                 // ${*} ${?} ${$}: always literal
	partVar                     // ${key} or ${key, 'default'}
)

// templatePart is one piece of a value that may contain variables.
type templatePart struct {
	kind       partKind
	text       string // text, escaped character, or lower-cased context key
	raw        string // a variable's key as written
	def        string // default value, if hasDefault
	hasDefault bool
}

// template is a parsed policy string.
type template struct {
	parts   []templatePart
	hasVars bool // whether any part needs the request to resolve
}

// parseTemplate splits s into parts. With vars false (2008-10-17 documents,
// or operators that do not take variables) the whole string is text.
func parseTemplate(s string, vars bool) template {
	if !vars || !strings.Contains(s, "${") {
		return template{parts: []templatePart{{kind: partText, text: s}}}
	}
	var t template
	text := strings.Builder{}
	flush := func() {
		if text.Len() > 0 {
			t.parts = append(t.parts, templatePart{kind: partText, text: text.String()})
			text.Reset()
		}
	}
	for i := 0; i < len(s); {
		if !strings.HasPrefix(s[i:], "${") {
			text.WriteByte(s[i])
			i++
			continue
		}
		part, n, ok := parseVariable(s[i:])
		if !ok {
			// Not a well-formed variable: the characters stay literal text.
			text.WriteByte(s[i])
			i++
			continue
		}
		flush()
		t.parts = append(t.parts, part)
		if part.kind == partVar {
			t.hasVars = true
		}
		i += n
	}
	flush()
	if len(t.parts) == 0 {
		t.parts = []templatePart{{kind: partText}}
	}
	return t
}

// parseVariable parses "${...}" at the start of s and returns the part and
// the number of bytes it spans.
func parseVariable(s string) (templatePart, int, bool) {
	switch {
	case strings.HasPrefix(s, "${*}"):
		return templatePart{kind: partEscaped, text: "*"}, 4, true
	case strings.HasPrefix(s, "${?}"):
		return templatePart{kind: partEscaped, text: "?"}, 4, true
	case strings.HasPrefix(s, "${$}"):
		return templatePart{kind: partEscaped, text: "$"}, 4, true
	}
	i := 2
	for i < len(s) && s[i] != '}' && s[i] != ',' && s[i] != '$' && s[i] != '{' {
		i++
	}
	if i >= len(s) || s[i] == '$' || s[i] == '{' {
		return templatePart{}, 0, false
	}
	key := strings.TrimSpace(s[2:i])
	if key == "" {
		return templatePart{}, 0, false
	}
	part := templatePart{kind: partVar, text: strings.ToLower(key), raw: key}
	if s[i] == '}' {
		return part, i + 1, true
	}
	// Default value: ${key, 'text'} where '' inside the quotes is one quote.
	i++
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i >= len(s) || s[i] != '\'' {
		return templatePart{}, 0, false
	}
	i++
	var def strings.Builder
	for {
		if i >= len(s) {
			return templatePart{}, 0, false
		}
		if s[i] == '\'' {
			if i+1 < len(s) && s[i+1] == '\'' {
				def.WriteByte('\'')
				i += 2
				continue
			}
			i++
			break
		}
		def.WriteByte(s[i])
		i++
	}
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i >= len(s) || s[i] != '}' {
		return templatePart{}, 0, false
	}
	part.def, part.hasDefault = def.String(), true
	return part, i + 1, true
}

// resolveVar returns the value a variable part stands for in ctx.
func resolveVar(p templatePart, ctx *Context) (string, bool) {
	if vals, ok := ctx.lookup(p.text); ok && len(vals) == 1 {
		return vals[0], true
	}
	if p.hasDefault {
		return p.def, true
	}
	return "", false
}

// literal renders the template as a plain string (wildcards not
// interpreted), resolving variables from ctx.
func (t *template) literal(ctx *Context) (string, bool) {
	if len(t.parts) == 1 && t.parts[0].kind != partVar {
		return t.parts[0].text, true
	}
	var b strings.Builder
	for _, p := range t.parts {
		if p.kind != partVar {
			b.WriteString(p.text)
			continue
		}
		v, ok := resolveVar(p, ctx)
		if !ok {
			return "", false
		}
		b.WriteString(v)
	}
	return b.String(), true
}

// tokens compiles the template into a wildcard pattern: '*' and '?' in policy
// text are wildcards, escapes and variable values are literal.
func (t *template) tokens(ctx *Context) ([]token, bool) {
	var toks []token
	for _, p := range t.parts {
		switch p.kind {
		case partText:
			toks = appendText(toks, p.text)
		case partEscaped:
			toks = appendLit(toks, p.text)
		case partVar:
			v, ok := resolveVar(p, ctx)
			if !ok {
				return nil, false
			}
			toks = appendLit(toks, v)
		}
	}
	return toks, true
}

// arnComponents compiles the template into the six colon-delimited components
// ArnLike compares one by one. Only colons in policy text separate
// components; the sixth component keeps any further colons as literal
// characters. ok is false when a variable cannot be resolved or the value has
// fewer than six components.
func (t *template) arnComponents(ctx *Context) (comps [6][]token, ok bool) {
	n := 0 // index of the component being built
	for _, p := range t.parts {
		switch p.kind {
		case partEscaped:
			comps[n] = appendLit(comps[n], p.text)
		case partVar:
			v, ok := resolveVar(p, ctx)
			if !ok {
				return comps, false
			}
			comps[n] = appendLit(comps[n], v)
		case partText:
			s := p.text
			for n < 5 {
				i := strings.IndexByte(s, ':')
				if i < 0 {
					break
				}
				comps[n] = appendText(comps[n], s[:i])
				s = s[i+1:]
				n++
			}
			comps[n] = appendText(comps[n], s)
		}
	}
	return comps, n == 5
}
