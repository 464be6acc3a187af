package expr

import (
	"fmt"
	"strings"
)

// fnFormat implements format('{0} and {1}', a, b): {N} is replaced by the
// string form of argument N, {{ and }} are literal braces. A bad pattern or
// an index past the last argument is an error, as on GitHub. Arguments are
// evaluated only when referenced, and at most once.
func fnFormat(ctx *Context, c *call) (any, error) {
	pv, err := eval(c.args[0], ctx)
	if err != nil {
		return nil, err
	}
	pattern := ToString(pv)
	cache := make([]*string, len(c.args)-1)
	arg := func(i int) (string, error) {
		if cache[i] == nil {
			v, err := eval(c.args[i+1], ctx)
			if err != nil {
				return "", err
			}
			s := ToString(v)
			cache[i] = &s
		}
		return *cache[i], nil
	}
	bad := func(why string) error {
		return fmt.Errorf("expr: format at position %d: %w: %s in %q", c.pos, ErrFormat, why, pattern)
	}
	var b strings.Builder
	for i := 0; i < len(pattern); {
		ch := pattern[i]
		switch {
		case ch == '{' && i+1 < len(pattern) && pattern[i+1] == '{':
			b.WriteByte('{')
			i += 2
		case ch == '}' && i+1 < len(pattern) && pattern[i+1] == '}':
			b.WriteByte('}')
			i += 2
		case ch == '}':
			return nil, bad("unmatched '}'")
		case ch == '{':
			j := i + 1
			n := 0
			for j < len(pattern) && pattern[j] >= '0' && pattern[j] <= '9' && n <= 255 {
				n = n*10 + int(pattern[j]-'0')
				j++
			}
			if j == i+1 || j >= len(pattern) || pattern[j] != '}' || n > 255 {
				return nil, bad("expected {N}")
			}
			if n >= len(cache) {
				return nil, bad(fmt.Sprintf("argument {%d} not supplied", n))
			}
			s, err := arg(n)
			if err != nil {
				return nil, err
			}
			b.WriteString(s)
			i = j + 1
		default:
			b.WriteByte(ch)
			i++
		}
	}
	return b.String(), nil
}
