package template

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
)

var paramProperties = map[string]bool{
	"Type": true, "Default": true, "Description": true, "AllowedValues": true,
	"AllowedPattern": true, "MinLength": true, "MaxLength": true, "MinValue": true,
	"MaxValue": true, "ConstraintDescription": true, "NoEcho": true,
}

func (t *Template) buildParameters(top map[string]any, order map[string][]string) error {
	sec, err := t.section(top, "Parameters")
	if err != nil {
		return err
	}
	t.Parameters = map[string]*Parameter{}
	for _, name := range declared(order["/Parameters"], sec) {
		path := pointer("/Parameters", name)
		p, err := t.buildParameter(name, path, sec[name])
		if err != nil {
			return err
		}
		t.Parameters[name] = p
		t.paramOrder = append(t.paramOrder, name)
	}
	return nil
}

func (t *Template) buildParameter(name, path string, v any) (*Parameter, error) {
	if !alnumRe.MatchString(name) {
		return nil, t.errAt(formatErr("Parameter name %s is non alphanumeric.", name), path)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, t.errAt(formatErr("Every Parameters object must contain a Type member."), path)
	}
	for _, k := range sortedKeys(m) {
		if !paramProperties[k] {
			return nil, t.errAt(formatErr("Invalid template parameter property '%s'", k), pointer(path, k))
		}
	}
	p := &Parameter{Name: name}
	typ, ok := m["Type"]
	if !ok {
		return nil, t.errAt(formatErr("Every Parameters object must contain a Type member."), path)
	}
	p.Type, _ = typ.(string)
	if _, _, known := classifyParam(p.Type); !known {
		return nil, t.errAt(formatErr("Unrecognized parameter type: %s", display(typ)), path+"/Type")
	}
	b := paramBuilder{t: t, m: m, path: path}
	p.Default = b.optString("Default", "Every Default member must be a string.")
	p.Description = deref(b.optString("Description", "Every Description member must be a string."))
	p.ConstraintDescription = deref(b.optString("ConstraintDescription", "Every ConstraintDescription member must be a string."))
	p.AllowedPattern = deref(b.optString("AllowedPattern", "Every AllowedPattern member must be a string."))
	p.AllowedValues = b.allowedValues()
	p.MinLength, p.MaxLength = b.optInt("MinLength"), b.optInt("MaxLength")
	p.MinValue, p.minValueText = b.optFloat("MinValue")
	p.MaxValue, p.maxValueText = b.optFloat("MaxValue")
	p.NoEcho = b.noEcho()
	if b.err == nil && p.AllowedPattern != "" {
		if _, err := regexp.Compile(fullMatch(p.AllowedPattern)); err != nil {
			b.fail("AllowedPattern", "Parameter %s AllowedPattern %s is not a valid regular expression", name, p.AllowedPattern)
		}
	}
	if b.err != nil {
		return nil, b.err
	}
	return p, nil
}

// fullMatch anchors an AllowedPattern: CloudFormation requires the whole
// value to match.
func fullMatch(pattern string) string { return `^(?:` + pattern + `)$` }

// paramBuilder reads optional parameter properties, keeping the first error.
type paramBuilder struct {
	t    *Template
	m    map[string]any
	path string
	err  *Error
}

func (b *paramBuilder) fail(key, format string, args ...any) {
	if b.err == nil {
		b.err = b.t.errAt(formatErr(format, args...), pointer(b.path, key))
	}
}

func (b *paramBuilder) optString(key, msg string) *string {
	v, ok := b.m[key]
	if !ok {
		return nil
	}
	s, ok := scalarString(v)
	if !ok {
		b.fail(key, "%s", msg)
		return nil
	}
	return &s
}

func (b *paramBuilder) allowedValues() []string {
	v, ok := b.m["AllowedValues"]
	if !ok {
		return nil
	}
	l, ok := v.([]any)
	if !ok {
		b.fail("AllowedValues", "Every AllowedValues member must be a list of strings.")
		return nil
	}
	out := make([]string, 0, len(l))
	for _, x := range l {
		s, ok := scalarString(x)
		if !ok {
			b.fail("AllowedValues", "Every AllowedValues member must be a list of strings.")
			return nil
		}
		out = append(out, s)
	}
	return out
}

func (b *paramBuilder) optInt(key string) *int {
	v, ok := b.m[key]
	if !ok {
		return nil
	}
	s, _ := scalarString(v)
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		b.fail(key, "Parameter %s must be a non-negative integer.", key)
		return nil
	}
	return &n
}

func (b *paramBuilder) optFloat(key string) (*float64, string) {
	v, ok := b.m[key]
	if !ok {
		return nil, ""
	}
	s, _ := scalarString(v)
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		b.fail(key, "Parameter %s must be a number.", key)
		return nil, ""
	}
	return &f, s
}

func (b *paramBuilder) noEcho() bool {
	v, ok := b.m["NoEcho"]
	if !ok {
		return false
	}
	switch tv := v.(type) {
	case bool:
		return tv
	case string, json.Number:
		s, _ := scalarString(tv)
		if strings.EqualFold(s, "true") {
			return true
		}
		if strings.EqualFold(s, "false") {
			return false
		}
	}
	b.fail("NoEcho", "Every NoEcho member must be a boolean.")
	return false
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
