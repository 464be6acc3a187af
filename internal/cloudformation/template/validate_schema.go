package template

import "strings"

// types rejects resource types the registry does not know.
func (v *validator) types() {
	var unknown missing
	for _, id := range v.t.resourceOrder {
		typ := v.t.Resources[id].Type
		if _, ok := v.schema(typ); !ok {
			unknown.add(typ, pointer("/Resources", id)+"/Type")
		}
	}
	if unknown.names != nil {
		v.add(formatErr("Unrecognized resource types: [%s]", strings.Join(unknown.names, ", ")), unknown.path)
	}
}

// schema finds the schema of a type; Custom::Name types use the schema of
// AWS::CloudFormation::CustomResource unless registered themselves.
func (v *validator) schema(typ string) (*Schema, bool) {
	if s, ok := v.reg.Schema(typ); ok {
		return s, true
	}
	if strings.HasPrefix(typ, "Custom::") {
		return v.reg.Schema("AWS::CloudFormation::CustomResource")
	}
	return nil, false
}

// attributes checks GetAtt attribute names against the schemas.
func (v *validator) attributes() {
	check := func(r reference) {
		if (r.kind != refGetAtt && r.kind != refSubAttr) || r.attr == "" {
			return
		}
		res, ok := v.t.Resources[r.target]
		if !ok {
			return
		}
		if s, ok := v.schema(res.Type); ok && !s.HasAttribute(r.attr) {
			v.add(templateErr("resource %s does not support attribute type %s in Fn::GetAtt", r.target, r.attr), r.path)
		}
	}
	w := &walker{visit: check}
	for _, id := range v.t.resourceOrder {
		resourceRefs(w, v.t.Resources[id])
	}
	for _, name := range v.t.outputOrder {
		w.walk(v.t.Outputs[name].Value, pointer("/Outputs", name)+"/Value")
	}
}

// cycles rejects dependency cycles made of references that are evaluated
// whatever the conditions (Fn::If branches are checked per stack by
// NewEvaluator).
func (v *validator) cycles() {
	g := v.t.graphOf(v.t.resourceOrder, func(string) branchPick { return pickNone })
	if _, err := g.Levels(); err != nil {
		v.add(err.(*Error), "/Resources")
	}
}

// properties checks each resource's literal properties against its schema.
func (v *validator) properties() {
	for _, id := range v.t.resourceOrder {
		r := v.t.Resources[id]
		s, ok := v.schema(r.Type)
		if !ok || isFunction(r.Properties) {
			continue
		}
		if err := s.Check(id, r.Properties); err != nil {
			v.add(err.(*Error), pointer("/Resources", id)+"/Properties")
		}
	}
}
