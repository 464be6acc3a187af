package template

import (
	"strconv"
	"strings"
)

// scope tells an evaluation where it is: the block names errors ("Resources",
// "Outputs", "Conditions") and the path locates them.
type scope struct {
	block string
	path  string
}

func (s scope) at(token string) scope { return scope{block: s.block, path: pointer(s.path, token)} }

func (s scope) conditions() bool { return s.block == "Conditions" }

// value evaluates every function inside v. The result may be noValue.
func (ev *Evaluator) value(v any, s scope) (any, error) {
	switch tv := v.(type) {
	case map[string]any:
		if name, arg, ok := asIntrinsic(tv); ok {
			out, err := ev.call(name, arg, s.at(name))
			if err != nil {
				return nil, ev.locate(err, s.path)
			}
			return out, nil
		}
		out := make(map[string]any, len(tv))
		for _, k := range sortedKeys(tv) {
			r, err := ev.value(tv[k], s.at(k))
			if err != nil {
				return nil, err
			}
			if r != noValue {
				out[k] = r
			}
		}
		return out, nil
	case []any:
		out := make([]any, 0, len(tv))
		for i, x := range tv {
			r, err := ev.value(x, s.at(strconv.Itoa(i)))
			if err != nil {
				return nil, err
			}
			if r != noValue {
				out = append(out, r)
			}
		}
		return out, nil
	}
	return v, nil
}

// locate attaches a position to errors of this package that have none.
func (ev *Evaluator) locate(err error, path string) error {
	if te, ok := err.(*Error); ok && path != "" {
		return ev.t.errAt(te, path)
	}
	return err
}

func (ev *Evaluator) call(name string, arg any, s scope) (any, error) {
	switch name {
	case fnRef:
		return ev.ref(arg, s)
	case fnGetAtt:
		return ev.getAtt(arg, s)
	case fnSub:
		return ev.sub(arg, s)
	case fnIf:
		return ev.ifFn(arg, s)
	case fnJoin:
		return ev.join(arg, s)
	case fnSelect:
		return ev.selectFn(arg, s)
	case fnSplit:
		return ev.split(arg, s)
	case fnFindInMap:
		return ev.findInMap(arg, s)
	case fnBase64:
		return ev.base64(arg, s)
	case fnGetAZs:
		return ev.getAZs(arg, s)
	case fnImportValue:
		return ev.importValue(arg, s)
	case fnCidr:
		return ev.cidr(arg, s)
	}
	return nil, misplacedFunction(name)
}

// misplacedFunction words the error for a function that cannot be
// evaluated where it is.
func misplacedFunction(name string) *Error {
	switch name {
	case fnEquals, fnAnd, fnOr, fnNot:
		return templateErr("%s can only be used in the Conditions block of the template", name)
	case fnTransform:
		return newErr(ErrUnsupported, "", "Fn::Transform is not supported by berth: berth deploys plain "+
			"CloudFormation, so expand macros into resources before deploying")
	}
	return formatErr("Encountered unsupported function: %s Supported functions are: %s", name, supportedFunctions)
}

// ref evaluates {"Ref": name}.
func (ev *Evaluator) ref(arg any, s scope) (any, error) {
	name, ok := arg.(string)
	if !ok || name == "" {
		return nil, formatErr("Every Ref object must have a single String value.")
	}
	if name == "AWS::NoValue" {
		return noValue, nil
	}
	if v, ok := ev.in.Pseudo.ref(name); ok {
		return v, nil
	}
	if v, ok := ev.in.Parameters.Ref(name); ok {
		return v, nil
	}
	if _, declared := ev.t.Resources[name]; declared && !s.conditions() {
		if !ev.active[name] {
			return nil, unresolved(name, s.block)
		}
		return ev.physicalID(name)
	}
	return nil, unresolved(name, s.block)
}

// unresolved words a reference to something that does not exist.
func unresolved(name, block string) *Error {
	if block == "Conditions" {
		return formatErr("Unresolved dependencies [%s]. Cannot reference resources in the Conditions block of the template", name)
	}
	return formatErr("Unresolved resource dependencies [%s] in the %s block of the template", name, block)
}

func (ev *Evaluator) physicalID(name string) (any, error) {
	if ev.in.Resolver == nil {
		return nil, templateErr("reference %s not ready", name)
	}
	id, err := ev.in.Resolver.PhysicalID(name)
	if err != nil {
		return nil, lookupErr(err, templateErr("reference %s not ready", name), "resolve Ref", name)
	}
	return id, nil
}

// getAtt evaluates Fn::GetAtt in both the list and the "A.B" form.
func (ev *Evaluator) getAtt(arg any, s scope) (any, error) {
	res, attr, attrArg, ok := getAttArgs(arg)
	if !ok {
		return nil, errGetAttArgs()
	}
	if attrArg != nil {
		v, err := ev.value(attrArg, s.at("1"))
		if err != nil {
			return nil, err
		}
		if attr, ok = v.(string); !ok || attr == "" {
			return nil, errGetAttArgs()
		}
	}
	return ev.attribute(res, attr, s, "instance of Fn::GetAtt references undefined resource "+res)
}

func errGetAttArgs() *Error {
	return templateErr("every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute")
}

func (ev *Evaluator) attribute(res, attr string, s scope, undefined string) (any, error) {
	if s.conditions() {
		return nil, unresolved(res, s.block)
	}
	if _, declared := ev.t.Resources[res]; !declared {
		return nil, templateErr("%s", undefined)
	}
	if !ev.active[res] {
		return nil, unresolved(res, s.block)
	}
	if ev.in.Resolver == nil {
		return nil, templateErr("reference %s not ready", res)
	}
	v, err := ev.in.Resolver.Attribute(res, attr)
	if err != nil {
		return nil, lookupErr(err, templateErr("resource %s does not support attribute type %s in Fn::GetAtt", res, attr),
			"resolve Fn::GetAtt", res+"."+attr)
	}
	return v, nil
}

// sub evaluates Fn::Sub in the string and the [string, variables] forms.
func (ev *Evaluator) sub(arg any, s scope) (any, error) {
	str, vars, ok := subArgs(arg)
	if !ok {
		return nil, errSubArgs()
	}
	local := make(map[string]string, len(vars))
	for _, k := range sortedKeys(vars) {
		v, err := ev.value(vars[k], s.at("1").at(k))
		if err != nil {
			return nil, err
		}
		vs, ok := scalarString(v)
		if !ok {
			return nil, templateErr("every value of the context object of every Fn::Sub object must be " +
				"a string or a function that returns a string")
		}
		local[k] = vs
	}
	parts, err := parseSub(str)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for _, p := range parts {
		if !p.isVar {
			b.WriteString(p.text)
			continue
		}
		v, err := ev.subVar(p.text, local, s)
		if err != nil {
			return nil, err
		}
		b.WriteString(v)
	}
	return b.String(), nil
}

func (ev *Evaluator) subVar(name string, local map[string]string, s scope) (string, error) {
	if v, ok := local[name]; ok {
		return v, nil
	}
	var v any
	var err error
	if res, attr, dotted := strings.Cut(name, "."); dotted && !pseudoNames[name] {
		v, err = ev.attribute(res, attr, s, "instance of Fn::Sub references invalid resource attribute "+name)
	} else {
		v, err = ev.ref(name, s)
	}
	if err != nil {
		return "", err
	}
	str, ok := scalarString(v)
	if !ok {
		return "", templateErr("variable %s in Fn::Sub expression does not resolve to a string", name)
	}
	return str, nil
}
