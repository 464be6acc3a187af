package template

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
)

// topLevelSections are the keys CloudFormation accepts at the top level.
var topLevelSections = map[string]bool{
	"AWSTemplateFormatVersion": true, "Description": true, "Metadata": true,
	"Parameters": true, "Mappings": true, "Conditions": true, "Transform": true,
	"Resources": true, "Outputs": true, "Rules": true,
}

var alnumRe = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// build fills the typed sections from the decoded top-level map.
func (t *Template) build(top map[string]any, order map[string][]string) error {
	var unknown []string
	for k := range top {
		if !topLevelSections[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return formatErr("Invalid template property or properties [%s]", strings.Join(unknown, ", "))
	}
	if tr, ok := top["Transform"]; ok {
		return t.errAt(transformErr(tr), "/Transform")
	}
	steps := []func(map[string]any, map[string][]string) error{
		t.buildHeader, t.buildParameters, t.buildMappings, t.buildConditions,
		t.buildResources, t.buildOutputs,
	}
	for _, step := range steps {
		if err := step(top, order); err != nil {
			return err
		}
	}
	return nil
}

func transformErr(v any) *Error {
	names := []string{}
	switch tv := v.(type) {
	case string:
		names = append(names, tv)
	case []any:
		for _, x := range tv {
			if s, ok := scalarString(x); ok {
				names = append(names, s)
			} else if m, ok := x.(map[string]any); ok {
				if s, ok := scalarString(m["Name"]); ok {
					names = append(names, s)
				}
			}
		}
	case map[string]any:
		if s, ok := scalarString(tv["Name"]); ok {
			names = append(names, s)
		}
	}
	return newErr(ErrUnsupported, "", "Transform %s is not supported by berth: berth deploys plain "+
		"CloudFormation, so expand the transform (SAM, AWS::Include, macros) into resources before deploying",
		strings.Join(names, ", "))
}

func (t *Template) buildHeader(top map[string]any, _ map[string][]string) error {
	if v, ok := top["AWSTemplateFormatVersion"]; ok {
		s, _ := scalarString(v)
		if s != "2010-09-09" {
			return t.errAt(formatErr("Invalid AWSTemplateFormatVersion value %s. The only valid version is 2010-09-09", display(v)),
				"/AWSTemplateFormatVersion")
		}
		t.FormatVersion = s
	}
	if v, ok := top["Description"]; ok {
		s, ok := scalarString(v)
		if !ok {
			return t.errAt(formatErr("Every Description member must be a string."), "/Description")
		}
		t.Description = s
	}
	if v, ok := top["Metadata"]; ok {
		m, ok := v.(map[string]any)
		if !ok {
			return t.errAt(formatErr("Every Metadata member must be an object."), "/Metadata")
		}
		t.Metadata = m
	}
	if v, ok := top["Rules"]; ok {
		m, ok := v.(map[string]any)
		if !ok {
			return t.errAt(formatErr("Every Rules member must be an object."), "/Rules")
		}
		t.Rules = m
	}
	return nil
}

// section returns a top-level section that must be an object.
func (t *Template) section(top map[string]any, name string) (map[string]any, error) {
	v, ok := top[name]
	if !ok {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, t.errAt(formatErr("[/%s] Every %s member must be an object.", name, name), "/"+name)
	}
	return m, nil
}

func (t *Template) buildMappings(top map[string]any, _ map[string][]string) error {
	sec, err := t.section(top, "Mappings")
	if err != nil {
		return err
	}
	t.Mappings = map[string]map[string]map[string]any{}
	for _, name := range sortedKeys(sec) {
		path := "/Mappings/" + name
		m, ok := sec[name].(map[string]any)
		if !ok {
			return t.errAt(formatErr("[%s] Every Mappings member %s must be a map", path, name), path)
		}
		inner := map[string]map[string]any{}
		for _, key := range sortedKeys(m) {
			kp := pointer(path, key)
			attrs, ok := m[key].(map[string]any)
			if !ok {
				return t.errAt(formatErr("[%s] Every Mappings attribute must be a map", kp), kp)
			}
			inner[key] = attrs
		}
		t.Mappings[name] = inner
	}
	return nil
}

func (t *Template) buildConditions(top map[string]any, order map[string][]string) error {
	sec, err := t.section(top, "Conditions")
	if err != nil {
		return err
	}
	t.Conditions = map[string]any{}
	for k, v := range sec {
		t.Conditions[k] = v
	}
	t.conditionOrder = declared(order["/Conditions"], sec)
	return nil
}

func (t *Template) buildOutputs(top map[string]any, order map[string][]string) error {
	sec, err := t.section(top, "Outputs")
	if err != nil {
		return err
	}
	t.Outputs = map[string]*Output{}
	for _, name := range declared(order["/Outputs"], sec) {
		path := pointer("/Outputs", name)
		o, err := t.buildOutput(name, path, sec[name])
		if err != nil {
			return err
		}
		t.Outputs[name] = o
		t.outputOrder = append(t.outputOrder, name)
	}
	return nil
}

func (t *Template) buildOutput(name, path string, v any) (*Output, error) {
	if !alnumRe.MatchString(name) {
		return nil, t.errAt(formatErr("Output name %s is non alphanumeric.", name), path)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, t.errAt(formatErr("Every Outputs member must contain a Value object"), path)
	}
	for k := range m {
		switch k {
		case "Value", "Description", "Condition", "Export":
		default:
			return nil, t.errAt(formatErr("Invalid template output property '%s'", k), pointer(path, k))
		}
	}
	o := &Output{Name: name}
	if o.Value, ok = m["Value"]; !ok {
		return nil, t.errAt(formatErr("Every Outputs member must contain a Value object"), path)
	}
	if d, ok := m["Description"]; ok {
		if o.Description, ok = scalarString(d); !ok {
			return nil, t.errAt(formatErr("Every Description member must be a string."), pointer(path, "Description"))
		}
	}
	if c, ok := m["Condition"]; ok {
		if o.Condition, ok = c.(string); !ok {
			return nil, t.errAt(formatErr("Every Condition member must be a string."), pointer(path, "Condition"))
		}
	}
	if ex, ok := m["Export"]; ok {
		em, ok := ex.(map[string]any)
		if !ok || em["Name"] == nil {
			return nil, t.errAt(formatErr("Output %s is malformed. The Export field must contain a Name.", name),
				pointer(path, "Export"))
		}
		o.ExportName = em["Name"]
	}
	return o, nil
}

// scalarString returns the string form of a scalar template value.
func scalarString(v any) (string, bool) {
	switch tv := v.(type) {
	case string:
		return tv, true
	case json.Number:
		return string(tv), true
	case bool:
		if tv {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

// display renders any template value for an error message.
func display(v any) string {
	if s, ok := scalarString(v); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	return string(b)
}
