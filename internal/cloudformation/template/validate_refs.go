package template

import (
	"slices"
	"strings"
)

// missing collects names that do not resolve and where the first one is, so
// one aggregated message (as CloudFormation words it) still points at a line.
type missing struct {
	names []string
	path  string
}

func (m *missing) add(name, path string) {
	if slices.Contains(m.names, name) {
		return
	}
	if m.path == "" {
		m.path = path
	}
	m.names = append(m.names, name)
}

func (m *missing) sorted() string {
	slices.Sort(m.names)
	return strings.Join(m.names, ", ")
}

// blockRefs checks that Resources and Outputs reference only what exists.
func (v *validator) blockRefs() {
	var refs, conds missing
	for _, id := range v.t.resourceOrder {
		r := v.t.Resources[id]
		base := pointer("/Resources", id)
		if _, ok := v.t.Conditions[r.Condition]; r.Condition != "" && !ok {
			conds.add(r.Condition, base+"/Condition")
		}
		resourceRefs(v.refChecker(&refs), r)
		for _, d := range r.DependsOn {
			if _, ok := v.t.Resources[d]; !ok {
				refs.add(d, base+"/DependsOn")
			}
		}
	}
	if conds.names != nil {
		v.add(formatErr("Unresolved condition dependencies [%s] in the Resources block of the template",
			strings.Join(conds.names, ", ")), conds.path)
	}
	if refs.names != nil {
		v.add(unresolved(refs.sorted(), "Resources"), refs.path)
	}
	refs, conds = missing{}, missing{}
	for _, name := range v.t.outputOrder {
		o := v.t.Outputs[name]
		base := pointer("/Outputs", name)
		if _, ok := v.t.Conditions[o.Condition]; o.Condition != "" && !ok {
			conds.add(o.Condition, base+"/Condition")
		}
		w := v.refChecker(&refs)
		w.walk(o.Value, base+"/Value")
		if o.ExportName != nil {
			w.walk(o.ExportName, base+"/Export/Name")
			v.exportName(name, o.ExportName, base+"/Export/Name")
		}
	}
	if conds.names != nil {
		v.add(formatErr("Unresolved condition dependencies [%s] in the Outputs block of the template",
			strings.Join(conds.names, ", ")), conds.path)
	}
	if refs.names != nil {
		v.add(unresolved(refs.sorted(), "Outputs"), refs.path)
	}
}

// refChecker returns a walker that reports references to undefined things,
// collecting unresolved Ref targets into bad.
func (v *validator) refChecker(bad *missing) *walker {
	return &walker{visit: func(r reference) {
		switch r.kind {
		case refRef:
			if _, isRes := v.t.Resources[r.target]; !isRes && !v.isParamOrPseudo(r.target) {
				bad.add(r.target, r.path)
			}
		case refGetAtt:
			if _, ok := v.t.Resources[r.target]; !ok {
				v.add(templateErr("instance of Fn::GetAtt references undefined resource %s", r.target), r.path)
			}
		case refSubAttr:
			if _, ok := v.t.Resources[r.target]; !ok {
				v.add(templateErr("instance of Fn::Sub references invalid resource attribute %s.%s", r.target, r.attr), r.path)
			}
		case refIf:
			if _, ok := v.t.Conditions[r.target]; !ok {
				v.add(templateErr("unresolved condition dependency %s in Fn::If", r.target), r.path)
			}
		case refMapping:
			v.mapping(r)
		}
	}}
}

// exportName rejects export names that depend on resources, imports or AZs:
// CloudFormation must know export names before creating anything.
func (v *validator) exportName(output string, name any, path string) {
	depends := false
	w := &walker{visit: func(r reference) {
		switch r.kind {
		case refRef, refGetAtt, refSubAttr:
			if _, ok := v.t.Resources[r.target]; ok {
				depends = true
			}
		case refImport, refGetAZs:
			depends = true
		}
	}}
	w.walk(name, path)
	if depends {
		v.add(formatErr("Output %s is malformed.  The Name field of Export must not depend on any resources, "+
			"imported values, or Fn::GetAZs.", output), path)
	}
}
