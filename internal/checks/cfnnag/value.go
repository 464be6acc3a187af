package cfnnag

import "strings"

// Kind is the shape of a template Value.
type Kind int

// Value kinds.
const (
	Null Kind = iota
	Scalar
	List
	Map
)

// Value is a node of a parsed template: a scalar, a list or a map, with
// the line it starts on. Short-form intrinsics (!Ref X) are already in
// their long form ({"Ref": "X"}), so rules see one shape for YAML and JSON.
type Value struct {
	Kind Kind
	// Str is a scalar's text; Tag its YAML type ("!!str", "!!bool",
	// "!!int", "!!float", "!!null").
	Str, Tag string
	// Items of a list.
	Items []*Value
	// Keys of a map in document order, and their values.
	Keys   []string
	Fields map[string]*Value
	// Line is 1-based (0 when unknown); KeyLine is the line of the key
	// holding this value in its parent map (where cfn_nag points).
	Line, KeyLine int
}

// Get returns a map's field (nil when v is not a map or lacks it), so
// lookups chain safely: v.Get("Properties").Get("RoleName").
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Map {
		return nil
	}
	return v.Fields[key]
}

// Path follows keys through nested maps.
func (v *Value) Path(keys ...string) *Value {
	for _, k := range keys {
		v = v.Get(k)
	}
	return v
}

// IsString reports whether v is a literal string.
func (v *Value) IsString() bool {
	return v != nil && v.Kind == Scalar && v.Tag == "!!str"
}

// Literal returns a scalar's text and true; false for anything else
// (including intrinsic functions, whose value is unknown before deploy).
func (v *Value) Literal() (string, bool) {
	if v == nil || v.Kind != Scalar {
		return "", false
	}
	return v.Str, true
}

// Bool reports whether v is a literal true ("true" in any case, as
// CloudFormation accepts it).
func (v *Value) Bool() bool {
	s, ok := v.Literal()
	return ok && strings.EqualFold(s, "true")
}

// Intrinsic returns the function name ("Ref", "Fn::Sub"...) and argument
// when v is a one-key map naming an intrinsic function.
func (v *Value) Intrinsic() (string, *Value, bool) {
	if v == nil || v.Kind != Map || len(v.Keys) != 1 {
		return "", nil, false
	}
	k := v.Keys[0]
	if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
		return k, v.Fields[k], true
	}
	return "", nil, false
}

// Strings returns the literal strings of a scalar or a list of scalars;
// intrinsic elements are skipped, since their values are unknown.
func (v *Value) Strings() []string {
	if v == nil {
		return nil
	}
	if s, ok := v.Literal(); ok {
		return []string{s}
	}
	var out []string
	if v.Kind == List {
		for _, it := range v.Items {
			if s, ok := it.Literal(); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// AllStrings collects every literal string under v, to find literal text
// inside intrinsics such as Fn::Sub or Fn::Join.
func (v *Value) AllStrings() []string {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case Scalar:
		return []string{v.Str}
	case List:
		var out []string
		for _, it := range v.Items {
			out = append(out, it.AllStrings()...)
		}
		return out
	case Map:
		var out []string
		for _, k := range v.Keys {
			out = append(out, v.Fields[k].AllStrings()...)
		}
		return out
	}
	return nil
}
