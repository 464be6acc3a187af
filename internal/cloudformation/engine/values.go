package engine

import (
	"encoding/json"
	"sort"
	"strings"
)

// canonical is the JSON text of a resolved value: encoding/json sorts map
// keys and json.Number keeps its text, so two values are the same exactly
// when their canonical texts are.
func canonical(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// sameValue reports whether two resolved values are equal.
func sameValue(a, b any) bool { return canonical(a) == canonical(b) }

// cloneMap deep-copies a resolved value map through JSON, keeping numbers.
func cloneMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	var out map[string]any
	if err := decode([]byte(canonical(m)), &out); err != nil {
		return nil
	}
	return out
}

// clonePhysical copies a physical resource record.
func clonePhysical(p *Physical) *Physical {
	if p == nil {
		return nil
	}
	c := *p
	c.Properties = cloneMap(p.Properties)
	c.Attributes = cloneMap(p.Attributes)
	return &c
}

// changedKeys returns the top-level keys whose values differ, sorted.
func changedKeys(old, new map[string]any) []string {
	var out []string
	for k, v := range new {
		if ov, ok := old[k]; !ok || !sameValue(ov, v) {
			out = append(out, k)
		}
	}
	for k := range old {
		if _, ok := new[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// displayValue renders a property value for BeforeValue/AfterValue:
// strings as they are, anything else as JSON.
func displayValue(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	if v == nil {
		return ""
	}
	return canonical(v)
}

// masker hides NoEcho parameter values wherever they appear in text that
// leaves the engine (event properties, change set values).
type masker []string

func newMasker(c *Config) masker {
	var m masker
	for _, p := range c.Resolved {
		if !p.NoEcho {
			continue
		}
		for _, v := range []string{p.Value, p.ResolvedValue} {
			if v != "" && v != "****" {
				m = append(m, v)
			}
		}
	}
	// Longest first, so a value containing another is masked whole.
	sort.Slice(m, func(i, j int) bool { return len(m[i]) > len(m[j]) })
	return m
}

// text masks a string.
func (m masker) text(s string) string {
	for _, v := range m {
		s = strings.ReplaceAll(s, v, "****")
	}
	return s
}

// value masks every string inside a resolved value.
func (m masker) value(v any) any {
	if len(m) == 0 {
		return v
	}
	switch t := v.(type) {
	case string:
		return m.text(t)
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = m.value(x)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = m.value(x)
		}
		return out
	}
	return v
}

// json renders a value as masked JSON.
func (m masker) json(v any) string {
	if v == nil {
		return ""
	}
	return canonical(m.value(v))
}
