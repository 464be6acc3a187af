package template

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Mask is what CloudFormation shows instead of the value of a NoEcho parameter.
const Mask = "****"

// SSMLookup returns the value of an SSM parameter. It returns an error
// wrapping ErrNotFound when the parameter does not exist.
type SSMLookup func(name string) (string, error)

// ParameterValue is the value a stack runs with for one parameter.
type ParameterValue struct {
	Key  string
	Type string
	// Value is what the caller supplied, or the default; for
	// AWS::SSM::Parameter::Value<...> types it is the SSM parameter name.
	Value string
	// ResolvedValue is the SSM parameter's value for SSM types, else empty.
	ResolvedValue string
	NoEcho        bool
	// UsedDefault reports that the caller supplied no value.
	UsedDefault bool
}

// ParameterValues are the resolved parameters of a stack, in declaration
// order. The zero value has no parameters.
type ParameterValues struct {
	list []ParameterValue
	refs map[string]any
}

// List returns the values in declaration order, unmasked: keep them away
// from API responses and logs; use Masked for those.
func (pv *ParameterValues) List() []ParameterValue {
	if pv == nil {
		return nil
	}
	return append([]ParameterValue(nil), pv.list...)
}

// Masked returns the values with NoEcho ones replaced by Mask (Value and
// ResolvedValue), as DescribeStacks shows them.
func (pv *ParameterValues) Masked() []ParameterValue {
	out := pv.List()
	for i := range out {
		if out[i].NoEcho {
			out[i].Value = Mask
			if out[i].ResolvedValue != "" {
				out[i].ResolvedValue = Mask
			}
		}
	}
	return out
}

// Get returns one parameter's value.
func (pv *ParameterValues) Get(key string) (ParameterValue, bool) {
	if pv != nil {
		for _, v := range pv.list {
			if v.Key == key {
				return v, true
			}
		}
	}
	return ParameterValue{}, false
}

// Ref returns what {"Ref": key} evaluates to: a string, or a []any of
// strings for list types.
func (pv *ParameterValues) Ref(key string) (any, bool) {
	if pv == nil {
		return nil, false
	}
	v, ok := pv.refs[key]
	return copyValue(v), ok
}

// ResolveParameters checks the supplied values against the template's
// declarations, fills defaults, validates constraints and looks up SSM
// parameter types through ssm (which may be nil when the template has none).
// given maps parameter keys to values as the API passes them (strings).
func (t *Template) ResolveParameters(given map[string]string, ssm SSMLookup) (*ParameterValues, error) {
	var unknown []string
	for k := range given {
		if _, ok := t.Parameters[k]; !ok {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, paramErr("Parameters: [%s] do not exist in the template", strings.Join(unknown, ", "))
	}
	pv := &ParameterValues{refs: map[string]any{}}
	var missing []string
	for _, name := range t.paramOrder {
		p := t.Parameters[name]
		v := ParameterValue{Key: name, Type: p.Type, NoEcho: p.NoEcho}
		if s, ok := given[name]; ok {
			v.Value = s
		} else if p.Default != nil {
			v.Value, v.UsedDefault = *p.Default, true
		} else {
			missing = append(missing, name)
			continue
		}
		pv.list = append(pv.list, v)
	}
	if len(missing) > 0 {
		return nil, paramErr("Parameters: [%s] must have values", strings.Join(missing, ", "))
	}
	for _, v := range pv.list {
		if err := t.Parameters[v.Key].check(v.Value); err != nil {
			return nil, err
		}
	}
	if err := t.resolveSSM(pv, ssm); err != nil {
		return nil, err
	}
	for _, v := range pv.list {
		kind, ssmType, _ := classifyParam(v.Type)
		raw := v.Value
		if ssmType {
			raw = v.ResolvedValue
		}
		pv.refs[v.Key] = refValue(kind, raw)
	}
	return pv, nil
}

func (t *Template) resolveSSM(pv *ParameterValues, ssm SSMLookup) error {
	var notFound []string
	for i := range pv.list {
		v := &pv.list[i]
		if _, ssmType, _ := classifyParam(v.Type); !ssmType {
			continue
		}
		if ssm == nil {
			notFound = append(notFound, v.Value)
			continue
		}
		val, err := ssm(v.Value)
		switch {
		case errors.Is(err, ErrNotFound):
			notFound = append(notFound, v.Value)
		case err != nil:
			return fmt.Errorf("template: resolve SSM parameter %s: %w", v.Value, err)
		default:
			v.ResolvedValue = val
		}
	}
	if len(notFound) > 0 {
		return paramErr("Unable to fetch parameters [%s] from parameter store for this account.",
			strings.Join(notFound, ","))
	}
	return nil
}

func refValue(kind paramKind, raw string) any {
	if kind == kindNumberList || kind == kindStringList {
		parts := splitList(raw)
		out := make([]any, len(parts))
		for i, p := range parts {
			out[i] = p
		}
		return out
	}
	return raw
}

// splitList splits a comma-delimited value; members are space trimmed.
func splitList(s string) []string {
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

var numberRe = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
