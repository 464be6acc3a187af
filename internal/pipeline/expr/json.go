package expr

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxJSONDepth bounds toJSON recursion so a self-referencing Go value
// supplied in a context cannot loop forever.
const maxJSONDepth = 100

// fnToJSON renders a value as pretty-printed JSON with two-space indentation,
// the form GitHub prints (object keys here are sorted, since Go maps have no
// order).
func fnToJSON(ctx *Context, c *call) (any, error) {
	v, err := eval(c.args[0], ctx)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	if err := writeJSON(&b, v, "", 0); err != nil {
		return nil, fmt.Errorf("expr: toJSON at position %d: %w", c.pos, err)
	}
	return b.String(), nil
}

// ToJSON renders a value exactly as the toJSON() function does; the runner
// uses it to print contexts and to expose step outputs.
func ToJSON(v any) (string, error) {
	var b strings.Builder
	if err := writeJSON(&b, v, "", 0); err != nil {
		return "", fmt.Errorf("expr: to json: %w", err)
	}
	return b.String(), nil
}

func writeJSON(b *strings.Builder, v any, indent string, depth int) error {
	if depth > maxJSONDepth {
		return fmt.Errorf("%w: nested deeper than %d", ErrToJSON, maxJSONDepth)
	}
	v = canon(v)
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
		return nil
	case bool:
		b.WriteString(strconv.FormatBool(x))
		return nil
	case float64:
		b.WriteString(jsonNumber(x))
		return nil
	case string:
		writeJSONString(b, x)
		return nil
	}
	inner := indent + "  "
	if KindOf(v) == KindArray {
		list := items(v)
		if len(list) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteString("[\n")
		for i, el := range list {
			b.WriteString(inner)
			if err := writeJSON(b, el, inner, depth+1); err != nil {
				return err
			}
			if i < len(list)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent + "]")
		return nil
	}
	keys, vals := objectEntries(v)
	if len(keys) == 0 {
		b.WriteString("{}")
		return nil
	}
	b.WriteString("{\n")
	for i, k := range keys {
		b.WriteString(inner)
		writeJSONString(b, k)
		b.WriteString(": ")
		if err := writeJSON(b, vals[i], inner, depth+1); err != nil {
			return err
		}
		if i < len(keys)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString(indent + "}")
	return nil
}

// jsonNumber writes integers without a fraction and other numbers in their
// shortest round-trip form; NaN and infinities, which JSON lacks, are written
// as Newtonsoft.Json writes them.
func jsonNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == math.Trunc(f) && math.Abs(f) < 1e15:
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// writeJSONString escapes like Newtonsoft.Json's default: quotes,
// backslashes and control characters, but not <, > or &.
func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(b, `\u%04x`, r)
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\ufffd`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}

// fnFromJSON parses its argument's string form as JSON. Numbers become
// float64, objects map[string]any, arrays []any.
func fnFromJSON(ctx *Context, c *call) (any, error) {
	v, err := eval(c.args[0], ctx)
	if err != nil {
		return nil, err
	}
	out, err := FromJSON(ToString(v))
	if err != nil {
		return nil, fmt.Errorf("expr: fromJSON at position %d: %w", c.pos, err)
	}
	return out, nil
}

// distinctEmpty gives every empty array its own allocation. Go's zero-length
// slices share one address, which would make two separately parsed empty
// arrays identical under GitHub's reference equality.
func distinctEmpty(v any) any {
	switch x := v.(type) {
	case []any:
		if len(x) == 0 {
			return make([]any, 0, 1)
		}
		for i, el := range x {
			x[i] = distinctEmpty(el)
		}
	case map[string]any:
		for k, el := range x {
			x[k] = distinctEmpty(el)
		}
	}
	return v
}

// FromJSON parses JSON text into the package's value model, the same way
// fromJSON() does. Empty input and trailing data are errors wrapping
// ErrFromJSON.
func FromJSON(s string) (any, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("%w: empty input", ErrFromJSON)
	}
	dec := json.NewDecoder(strings.NewReader(s))
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFromJSON, err)
	}
	if strings.TrimSpace(s[dec.InputOffset():]) != "" {
		return nil, fmt.Errorf("%w: unexpected data after the JSON value", ErrFromJSON)
	}
	return distinctEmpty(out), nil
}
