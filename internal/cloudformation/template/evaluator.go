package template

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Inputs are what an evaluation needs besides the template.
type Inputs struct {
	// Parameters come from ResolveParameters (nil when the template has none).
	Parameters *ParameterValues
	// Pseudo are the pseudo parameter values of the stack.
	Pseudo Pseudo
	// Resolver answers Ref/GetAtt of created resources, imports and AZs.
	// It may be nil as long as nothing evaluated needs it.
	Resolver Resolver
}

// Evaluator evaluates a template for one stack: conditions are fixed when it
// is built, resources and outputs are resolved on demand through the
// Resolver, so the engine can resolve each resource once what it depends on
// exists. Methods are safe for concurrent use if the Resolver is.
type Evaluator struct {
	t      *Template
	in     Inputs
	conds  map[string]bool
	active map[string]bool
	order  []string
	graph  *Graph
}

// NewEvaluator evaluates the conditions, decides which resources and outputs
// exist and checks that none of them references an excluded resource.
func (t *Template) NewEvaluator(in Inputs) (*Evaluator, error) {
	in.Pseudo = in.Pseudo.withDefaults()
	ev := &Evaluator{t: t, in: in, conds: map[string]bool{}, active: map[string]bool{}}
	var missing []string
	for _, name := range t.paramOrder {
		if _, ok := in.Parameters.Ref(name); !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, paramErr("Parameters: [%s] must have values", strings.Join(missing, ", "))
	}
	for _, name := range t.conditionOrder {
		if _, err := ev.condition(name, nil); err != nil {
			return nil, err
		}
	}
	for _, id := range t.resourceOrder {
		r := t.Resources[id]
		on, err := ev.conditionOf(r.Condition, "Resources", pointer("/Resources", id)+"/Condition")
		if err != nil {
			return nil, err
		}
		if on {
			ev.active[id] = true
			ev.order = append(ev.order, id)
		}
	}
	ev.graph = t.graphOf(ev.order, ev.pick)
	if err := ev.checkActiveRefs(); err != nil {
		return nil, err
	}
	if _, err := ev.graph.Levels(); err != nil {
		return nil, err
	}
	return ev, nil
}

func (ev *Evaluator) conditionOf(name, block, path string) (bool, error) {
	if name == "" {
		return true, nil
	}
	v, ok := ev.conds[name]
	if !ok {
		return false, ev.t.errAt(formatErr("Unresolved condition dependencies [%s] in the %s block of the template",
			name, block), path)
	}
	return v, nil
}

// pick chooses the taken branch of an Fn::If.
func (ev *Evaluator) pick(cond string) branchPick {
	v, ok := ev.conds[cond]
	switch {
	case !ok:
		return pickNone
	case v:
		return pickThen
	}
	return pickElse
}

// checkActiveRefs rejects references, in evaluated branches, to resources
// that do not exist in this stack.
func (ev *Evaluator) checkActiveRefs() error {
	check := func(block string, walk func(w *walker), deps []string) error {
		var bad []string
		add := func(id string) {
			if _, declared := ev.t.Resources[id]; declared && !ev.active[id] && !slices.Contains(bad, id) {
				bad = append(bad, id)
			}
		}
		walk(&walker{choose: ev.pick, visit: func(r reference) {
			switch r.kind {
			case refRef, refGetAtt, refSubAttr:
				add(r.target)
			}
		}})
		for _, d := range deps {
			add(d)
		}
		if len(bad) > 0 {
			return formatErr("Unresolved resource dependencies [%s] in the %s block of the template",
				strings.Join(bad, ", "), block)
		}
		return nil
	}
	for _, id := range ev.order {
		r := ev.t.Resources[id]
		if err := check("Resources", func(w *walker) { resourceRefs(w, r) }, r.DependsOn); err != nil {
			return ev.t.errAt(err.(*Error), pointer("/Resources", id))
		}
	}
	for _, name := range ev.t.outputOrder {
		o := ev.t.Outputs[name]
		on, err := ev.conditionOf(o.Condition, "Outputs", pointer("/Outputs", name)+"/Condition")
		if err != nil {
			return err
		}
		if !on {
			continue
		}
		path := pointer("/Outputs", name)
		walk := func(w *walker) {
			w.walk(o.Value, path+"/Value")
			w.walk(o.ExportName, path+"/Export/Name")
		}
		if err := check("Outputs", walk, nil); err != nil {
			return ev.t.errAt(err.(*Error), path)
		}
	}
	return nil
}

// Conditions returns the value of every condition.
func (ev *Evaluator) Conditions() map[string]bool {
	out := make(map[string]bool, len(ev.conds))
	for k, v := range ev.conds {
		out[k] = v
	}
	return out
}

// Condition returns the value of one condition.
func (ev *Evaluator) Condition(name string) (value, ok bool) {
	value, ok = ev.conds[name]
	return value, ok
}

// Resources returns the logical ids of the resources this stack has (their
// condition is true), in declaration order.
func (ev *Evaluator) Resources() []string { return append([]string(nil), ev.order...) }

// Active reports whether a resource exists in this stack.
func (ev *Evaluator) Active(logicalID string) bool { return ev.active[logicalID] }

// Dependencies returns the exact dependency graph of this stack's resources:
// only the Fn::If branches that are taken count.
func (ev *Evaluator) Dependencies() *Graph { return ev.graph }

// Properties resolves the properties of an active resource. Every resource it
// references must already be known to the Resolver.
func (ev *Evaluator) Properties(logicalID string) (map[string]any, error) {
	r, ok := ev.t.Resources[logicalID]
	if !ok || !ev.active[logicalID] {
		return nil, templateErr("resource %s does not exist in this stack", logicalID)
	}
	path := pointer("/Resources", logicalID) + "/Properties"
	v, err := ev.value(r.Properties, scope{block: "Resources", path: path})
	if err != nil {
		return nil, err
	}
	switch tv := v.(type) {
	case noValueT:
		return map[string]any{}, nil
	case map[string]any:
		return tv, nil
	}
	return nil, ev.t.errAt(formatErr("[%s] Every Properties member must be an object.", path), path)
}

// Resolve evaluates any template value (a resource's Metadata or
// UpdatePolicy, say) as if it appeared in the Resources section. A value
// that evaluates to AWS::NoValue resolves to nil.
func (ev *Evaluator) Resolve(v any) (any, error) {
	out, err := ev.value(v, scope{block: "Resources"})
	if err != nil {
		return nil, err
	}
	if out == noValue {
		return nil, nil
	}
	return out, nil
}

// lookupErr turns a Resolver error into CloudFormation's message when it
// wraps ErrNotFound, and wraps it otherwise.
func lookupErr(err error, notFound *Error, op, what string) error {
	if errors.Is(err, ErrNotFound) {
		return notFound
	}
	return fmt.Errorf("template: %s %s: %w", op, what, err)
}
