package provider

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Props are resolved resource properties with typed accessors. Resolved
// values are strings, json.Number, bool, []any and map[string]any; the
// accessors accept the spellings CloudFormation accepts (a number or
// boolean written as a string).
type Props map[string]any

// Has reports whether the property is set.
func (p Props) Has(name string) bool {
	_, ok := p[name]
	return ok
}

// String returns a scalar property as a string ("" when absent).
func (p Props) String(name string) string {
	s, _ := scalar(p[name])
	return s
}

// Int returns an integer property; ok is false when it is absent or not
// an integer.
func (p Props) Int(name string) (n int, ok bool) {
	s, isScalar := scalar(p[name])
	if !isScalar || s == "" {
		return 0, false
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != float64(int(f)) {
			return 0, false
		}
		v = int(f)
	}
	return v, true
}

// Bool returns a boolean property (false when absent).
func (p Props) Bool(name string) bool {
	s, _ := scalar(p[name])
	return strings.EqualFold(s, "true")
}

// Strings returns a list of scalars (nil when absent).
func (p Props) Strings(name string) []string {
	l, _ := p[name].([]any)
	out := make([]string, 0, len(l))
	for _, v := range l {
		if s, ok := scalar(v); ok {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// JSON returns a property that may be written as an object or as a JSON
// string (policy documents) as compact JSON text, "" when absent.
func (p Props) JSON(name string) (string, error) {
	v, ok := p[name]
	if !ok || v == nil {
		return "", nil
	}
	if s, ok := v.(string); ok {
		return s, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("provider: property %s: %w", name, err)
	}
	return string(b), nil
}

// Objects returns a list of objects (nil when absent).
func (p Props) Objects(name string) []Props {
	l, _ := p[name].([]any)
	var out []Props
	for _, v := range l {
		if m, ok := v.(map[string]any); ok {
			out = append(out, Props(m))
		}
	}
	return out
}

// Tag is a key/value tag as CloudFormation's Tags properties hold them.
type Tag struct {
	Key, Value string
}

// Tags returns a Tags property, accepting both shapes CloudFormation
// uses: a list of {Key, Value} objects, or a map (AWS::SSM::Parameter).
// The result is sorted by key.
func (p Props) Tags(name string) []Tag {
	var out []Tag
	switch v := p[name].(type) {
	case []any:
		for _, o := range v {
			m, _ := o.(map[string]any)
			k, _ := scalar(m["Key"])
			val, _ := scalar(m["Value"])
			if k != "" {
				out = append(out, Tag{Key: k, Value: val})
			}
		}
	case map[string]any:
		for k, o := range v {
			val, _ := scalar(o)
			out = append(out, Tag{Key: k, Value: val})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

func scalar(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case json.Number:
		return t.String(), true
	case bool:
		return strconv.FormatBool(t), true
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), true
	case int:
		return strconv.Itoa(t), true
	case int64:
		return strconv.FormatInt(t, 10), true
	}
	return "", false
}
