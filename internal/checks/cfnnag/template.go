package cfnnag

import "fmt"

// Template is the part of a CloudFormation template the rules read.
type Template struct {
	Root       *Value
	Parameters []*Parameter
	Resources  []*Resource
}

// Parameter is one entry of the Parameters section.
type Parameter struct {
	Name string
	// Line of the parameter's name.
	Line  int
	Value *Value
}

// NoEcho reports whether the parameter is masked (NoEcho: true).
func (p *Parameter) NoEcho() bool { return p.Value.Get("NoEcho").Bool() }

// HasDefault reports whether the template itself carries a value.
func (p *Parameter) HasDefault() bool { return p.Value.Get("Default") != nil }

// Resource is one entry of the Resources section.
type Resource struct {
	LogicalID, Type string
	// Line of the logical id.
	Line  int
	Value *Value
}

// Properties returns the resource's Properties (nil when absent).
func (r *Resource) Properties() *Value { return r.Value.Get("Properties") }

// Prop follows a property path: r.Prop("LoginProfile", "Password").
func (r *Resource) Prop(keys ...string) *Value { return r.Properties().Path(keys...) }

// Suppressed reports whether the resource's Metadata.cfn_nag
// rules_to_suppress lists the rule id, the way cfn_nag lets authors accept
// a finding with a reason.
func (r *Resource) Suppressed(ruleID string) bool {
	list := r.Value.Path("Metadata", "cfn_nag", "rules_to_suppress")
	if list == nil || list.Kind != List {
		return false
	}
	for _, item := range list.Items {
		if id, ok := item.Get("id").Literal(); ok && id == ruleID {
			return true
		}
	}
	return false
}

// Parse parses template text and indexes its parameters and resources.
// Errors wrap ErrSyntax or ErrNotTemplate and name the line.
func Parse(body []byte) (*Template, error) {
	root, err := ParseValue(body)
	if err != nil {
		return nil, err
	}
	if root.Kind != Map {
		return nil, fmt.Errorf("%w: the document is not a mapping", ErrNotTemplate)
	}
	t := &Template{Root: root}
	params := root.Get("Parameters")
	if params != nil && params.Kind == Map {
		for _, name := range params.Keys {
			v := params.Fields[name]
			t.Parameters = append(t.Parameters, &Parameter{Name: name, Line: v.KeyLine, Value: v})
		}
	}
	resources := root.Get("Resources")
	if resources == nil || resources.Kind != Map {
		return nil, fmt.Errorf("%w: no Resources section", ErrNotTemplate)
	}
	for _, id := range resources.Keys {
		v := resources.Fields[id]
		typ, ok := v.Get("Type").Literal()
		if v.Kind != Map || !ok {
			return nil, fmt.Errorf("%w: line %d: resource %s has no Type", ErrNotTemplate, v.KeyLine, id)
		}
		t.Resources = append(t.Resources, &Resource{LogicalID: id, Type: typ, Line: v.KeyLine, Value: v})
	}
	return t, nil
}

// ResourcesOf returns the resources of one type, in template order.
func (t *Template) ResourcesOf(typ string) []*Resource {
	var out []*Resource
	for _, r := range t.Resources {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// Parameter returns the named parameter, or nil.
func (t *Template) Parameter(name string) *Parameter {
	for _, p := range t.Parameters {
		if p.Name == name {
			return p
		}
	}
	return nil
}
