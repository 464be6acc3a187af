package filter

import (
	"strconv"
	"strings"
)

// step is one hop of a selector: a key, an index, or any element.
type step struct {
	key   string
	index int
	isIdx bool
	any   bool
}

// selector is a parsed `$.a.b[0].c` path.
type selector []step

// parseSelector parses a tokSelector token's text.
func parseSelector(t token) (selector, error) {
	s := t.text
	if s == "" || s[0] != '$' {
		return nil, syntaxErr(t.pos, "selector must start with $")
	}
	var sel selector
	i := 1
	for i < len(s) {
		switch s[i] {
		case '.':
			j := i + 1
			for j < len(s) && s[j] != '.' && s[j] != '[' && s[j] != ']' {
				j++
			}
			name := s[i+1 : j]
			switch name {
			case "":
				return nil, syntaxErr(t.pos+i, "empty name in selector %s", s)
			case "*":
				sel = append(sel, step{any: true})
			default:
				if strings.Contains(name, "*") {
					return nil, syntaxErr(t.pos+i, "wildcard inside a selector name %s", s)
				}
				sel = append(sel, step{key: name})
			}
			i = j
		case '[':
			end := strings.IndexByte(s[i:], ']')
			if end < 0 {
				return nil, syntaxErr(t.pos+i, "unterminated [ in selector %s", s)
			}
			inner := s[i+1 : i+end]
			if inner == "*" {
				sel = append(sel, step{any: true})
			} else {
				n, err := strconv.Atoi(inner)
				if err != nil || n < 0 {
					return nil, syntaxErr(t.pos+i, "bad array index %q in selector %s", inner, s)
				}
				sel = append(sel, step{index: n, isIdx: true})
			}
			i += end + 1
		default:
			return nil, syntaxErr(t.pos+i, "unexpected %q in selector %s", s[i], s)
		}
	}
	return sel, nil
}

// resolve returns the values the selector reaches in doc; none when a
// hop is missing. [*] and .* fan out over arrays and objects.
func (sel selector) resolve(doc any) []any {
	cur := []any{doc}
	for _, st := range sel {
		var next []any
		for _, v := range cur {
			switch x := v.(type) {
			case map[string]any:
				if st.any {
					for _, e := range x {
						next = append(next, e)
					}
				} else if !st.isIdx {
					if e, ok := x[st.key]; ok {
						next = append(next, e)
					}
				}
			case []any:
				switch {
				case st.any:
					next = append(next, x...)
				case st.isIdx && st.index < len(x):
					next = append(next, x[st.index])
				}
			}
		}
		if len(next) == 0 {
			return nil
		}
		cur = next
	}
	return cur
}
