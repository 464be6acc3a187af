package template

import (
	"slices"
	"strings"
)

// Validate checks everything that can be checked before a stack exists and
// returns the first problem, worded as CloudFormation words it: function
// shapes, references between sections, conditions, resource types (when reg
// is not nil), GetAtt attributes, dependency cycles and properties against
// the registry's schemas.
func (t *Template) Validate(reg TypeRegistry) error {
	if errs := t.Check(reg); len(errs) > 0 {
		return errs[0]
	}
	return nil
}

// Check is Validate returning every problem found, with positions, for
// linters. Problems are ordered by the phase that finds them, then by place
// in the template.
func (t *Template) Check(reg TypeRegistry) []*Error {
	v := &validator{t: t, reg: reg}
	v.shapes()
	v.names()
	v.conditionRefs()
	v.blockRefs()
	if reg != nil {
		v.types()
		v.attributes()
	}
	v.cycles()
	if reg != nil {
		v.properties()
	}
	return v.errs
}

type validator struct {
	t    *Template
	reg  TypeRegistry
	errs []*Error
}

func (v *validator) add(e *Error, path string) {
	v.errs = append(v.errs, v.t.errAt(e, path))
}

// shapes checks the arguments of every function in the template.
func (v *validator) shapes() {
	c := &shapeChecker{add: v.add}
	for _, name := range v.t.conditionOrder {
		c.condition(v.t.Conditions[name], pointer("/Conditions", name))
	}
	for _, id := range v.t.resourceOrder {
		r := v.t.Resources[id]
		base := pointer("/Resources", id)
		c.value(r.Properties, base+"/Properties")
		c.value(r.Metadata, base+"/Metadata")
		c.value(r.CreationPolicy, base+"/CreationPolicy")
		c.value(r.UpdatePolicy, base+"/UpdatePolicy")
	}
	for _, name := range v.t.outputOrder {
		o := v.t.Outputs[name]
		base := pointer("/Outputs", name)
		c.value(o.Value, base+"/Value")
		if o.ExportName != nil {
			c.value(o.ExportName, base+"/Export/Name")
		}
	}
}

// names rejects a logical id used both as a parameter and as a resource:
// Ref could not tell them apart.
func (v *validator) names() {
	for _, id := range v.t.resourceOrder {
		if _, ok := v.t.Parameters[id]; ok {
			v.add(formatErr("Parameters and Resources must not share the logical ID %s", id), pointer("/Resources", id))
		}
	}
}

// conditionRefs checks what conditions reference and that they do not
// depend on each other in a cycle.
func (v *validator) conditionRefs() {
	var bad missing
	deps := map[string][]string{}
	for _, name := range v.t.conditionOrder {
		path := pointer("/Conditions", name)
		w := &walker{visit: func(r reference) {
			switch r.kind {
			case refRef:
				if !v.isParamOrPseudo(r.target) {
					bad.add(r.target, r.path)
				}
			case refGetAtt, refSubAttr:
				bad.add(r.target, r.path)
			case refImport:
				v.add(templateErr("Cannot use Fn::ImportValue in Conditions"), r.path)
			case refCondition:
				if _, ok := v.t.Conditions[r.target]; !ok {
					v.add(templateErr("unresolved condition dependency %s in Condition", r.target), r.path)
				}
				deps[name] = append(deps[name], r.target)
			case refMapping:
				v.mapping(r)
			}
		}}
		w.walkCondition(v.t.Conditions[name], path)
	}
	if bad.names != nil {
		v.add(unresolved(bad.sorted(), "Conditions"), bad.path)
	}
	if cycle := conditionCycle(v.t.conditionOrder, deps); cycle != nil {
		v.add(newErr(ErrCircular, "Template format error: ", "Circular dependency between conditions: [%s]",
			strings.Join(cycle, ", ")), pointer("/Conditions", cycle[0]))
	}
}

func (v *validator) isParamOrPseudo(name string) bool {
	_, isParam := v.t.Parameters[name]
	return isParam || pseudoNames[name]
}

func (v *validator) mapping(r reference) {
	if _, ok := v.t.Mappings[r.target]; !ok {
		v.add(templateErr("Mapping named '%s' is not present in the 'Mappings' section of template", r.target), r.path)
	}
}

// conditionCycle returns the sorted members of the first cycle among
// conditions, or nil.
func conditionCycle(order []string, deps map[string][]string) []string {
	state := map[string]int{} // 0 new, 1 on stack, 2 done
	var stack []string
	var found []string
	var visit func(string) bool
	visit = func(n string) bool {
		state[n] = 1
		stack = append(stack, n)
		for _, d := range deps[n] {
			if state[d] == 1 {
				i := slices.Index(stack, d)
				found = append([]string(nil), stack[i:]...)
				return true
			}
			if state[d] == 0 && visit(d) {
				return true
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = 2
		return false
	}
	for _, n := range order {
		if state[n] == 0 && visit(n) {
			slices.Sort(found)
			return found
		}
	}
	return nil
}
