package template

// OutputValue is an evaluated output of a stack.
type OutputValue struct {
	Name        string
	Value       string
	Description string
	// ExportName is empty when the output is not exported.
	ExportName string
}

// Outputs evaluates the outputs whose condition is true, in declaration
// order. Every resource they reference must be known to the Resolver.
func (ev *Evaluator) Outputs() ([]OutputValue, error) {
	var out []OutputValue
	for _, name := range ev.t.outputOrder {
		o := ev.t.Outputs[name]
		if o.Condition != "" && !ev.conds[o.Condition] {
			continue
		}
		path := pointer("/Outputs", name)
		s := scope{block: "Outputs", path: path + "/Value"}
		v, err := ev.value(o.Value, s)
		if err != nil {
			return nil, err
		}
		str, ok := scalarString(v)
		if !ok {
			return nil, ev.t.errAt(formatErr("The Value field of every Outputs member must evaluate to a String and not a %s.",
				kindName(v)), s.path)
		}
		ov := OutputValue{Name: name, Value: str, Description: o.Description}
		if o.ExportName != nil {
			s := scope{block: "Outputs", path: path + "/Export/Name"}
			v, err := ev.value(o.ExportName, s)
			if err != nil {
				return nil, err
			}
			if ov.ExportName, ok = scalarString(v); !ok || ov.ExportName == "" {
				return nil, ev.t.errAt(formatErr("Output %s is malformed. The Name field of Export must be a non-empty string.", name), s.path)
			}
		}
		out = append(out, ov)
	}
	return out, nil
}

// kindName names the JSON kind of an evaluated value for messages.
func kindName(v any) string {
	switch v.(type) {
	case []any:
		return "List"
	case map[string]any:
		return "Map"
	case noValueT:
		return "NoValue"
	}
	return "String"
}
