package template

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// Messages CloudFormation uses for malformed function arguments.
const (
	msgJoin = "every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of " +
		"strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined."
	msgSelect = "Fn::Select requires a list argument with two elements: an integer index and a list"
	msgSplit  = "every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string " +
		"to be split or a function that returns a string to be split."
	msgFindInMap = "every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value"
	msgIf        = "Fn::If requires a list argument with three elements"
	msgCidr      = "Fn::Cidr requires a list argument with three elements: an IP block, a count and the number of CIDR bits"
	msgBase64    = "every Fn::Base64 object must have a String-typed value."
	msgGetAZs    = "every Fn::GetAZs object must have a String-typed value."
	msgImport    = "every Fn::ImportValue object must have a String-typed value."
)

// args returns the literal argument list of a function when it has n items.
func args(arg any, n int) ([]any, bool) {
	l, ok := arg.([]any)
	return l, ok && len(l) == n
}

// scalarArg evaluates an argument that must be a string (or number).
func (ev *Evaluator) scalarArg(v any, s scope) (string, bool, error) {
	r, err := ev.value(v, s)
	if err != nil {
		return "", false, err
	}
	str, ok := scalarString(r)
	return str, ok, nil
}

func (ev *Evaluator) ifFn(arg any, s scope) (any, error) {
	l, ok := args(arg, 3)
	if !ok {
		return nil, templateErr(msgIf)
	}
	name, ok := l[0].(string)
	if !ok {
		return nil, templateErr("Fn::If requires a list argument with the first element being a condition")
	}
	v, ok := ev.conds[name]
	if !ok {
		return nil, templateErr("unresolved condition dependency %s in Fn::If", name)
	}
	if v {
		return ev.value(l[1], s.at("1"))
	}
	return ev.value(l[2], s.at("2"))
}

func (ev *Evaluator) join(arg any, s scope) (any, error) {
	l, ok := args(arg, 2)
	if !ok {
		return nil, templateErr(msgJoin)
	}
	delim, ok, err := ev.scalarArg(l[0], s.at("0"))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, templateErr(msgJoin)
	}
	lv, err := ev.value(l[1], s.at("1"))
	if err != nil {
		return nil, err
	}
	items, ok := lv.([]any)
	if !ok {
		return nil, templateErr(msgJoin)
	}
	strs := make([]string, 0, len(items))
	for _, it := range items {
		str, ok := scalarString(it)
		if !ok {
			return nil, templateErr(msgJoin)
		}
		strs = append(strs, str)
	}
	return strings.Join(strs, delim), nil
}

func (ev *Evaluator) selectFn(arg any, s scope) (any, error) {
	l, ok := args(arg, 2)
	if !ok {
		return nil, templateErr(msgSelect)
	}
	iv, err := ev.value(l[0], s.at("0"))
	if err != nil {
		return nil, err
	}
	idx, ok := toInt(iv)
	if !ok {
		return nil, templateErr(msgSelect)
	}
	lv, err := ev.value(l[1], s.at("1"))
	if err != nil {
		return nil, err
	}
	items, ok := lv.([]any)
	if !ok {
		return nil, templateErr(msgSelect)
	}
	if idx < 0 || idx >= len(items) {
		return nil, templateErr("Fn::Select cannot select nonexistent value at index %d", idx)
	}
	return items[idx], nil
}

func (ev *Evaluator) split(arg any, s scope) (any, error) {
	l, ok := args(arg, 2)
	if !ok {
		return nil, templateErr(msgSplit)
	}
	delim, ok1, err := ev.scalarArg(l[0], s.at("0"))
	if err != nil {
		return nil, err
	}
	src, ok2, err := ev.scalarArg(l[1], s.at("1"))
	if err != nil {
		return nil, err
	}
	if !ok1 || !ok2 || delim == "" {
		return nil, templateErr(msgSplit)
	}
	parts := strings.Split(src, delim)
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	return out, nil
}

func (ev *Evaluator) findInMap(arg any, s scope) (any, error) {
	l, ok := args(arg, 3)
	if !ok {
		return nil, templateErr(msgFindInMap)
	}
	var keys [3]string
	for i := range l {
		k, ok, err := ev.scalarArg(l[i], s.at(strconv.Itoa(i)))
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, templateErr(msgFindInMap)
		}
		keys[i] = k
	}
	m, ok := ev.t.Mappings[keys[0]]
	if !ok {
		return nil, templateErr("Mapping named '%s' is not present in the 'Mappings' section of template", keys[0])
	}
	v, ok := m[keys[1]][keys[2]]
	if !ok {
		return nil, templateErr("Unable to get mapping for %s::%s::%s", keys[0], keys[1], keys[2])
	}
	return copyValue(v), nil
}

func (ev *Evaluator) base64(arg any, s scope) (any, error) {
	str, ok, err := ev.scalarArg(arg, s)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, templateErr(msgBase64)
	}
	return base64.StdEncoding.EncodeToString([]byte(str)), nil
}

func (ev *Evaluator) getAZs(arg any, s scope) (any, error) {
	region, ok, err := ev.scalarArg(arg, s)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, templateErr(msgGetAZs)
	}
	if region == "" {
		region = ev.in.Pseudo.Region
	}
	zones := DefaultAZs(region)
	if ev.in.Resolver != nil {
		if zones, err = ev.in.Resolver.AZs(region); err != nil {
			return nil, lookupErr(err, templateErr("unable to list availability zones of %s", region), "resolve Fn::GetAZs", region)
		}
	}
	out := make([]any, len(zones))
	for i, z := range zones {
		out[i] = z
	}
	return out, nil
}

func (ev *Evaluator) importValue(arg any, s scope) (any, error) {
	if s.conditions() {
		return nil, templateErr("Cannot use Fn::ImportValue in Conditions")
	}
	name, ok, err := ev.scalarArg(arg, s)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, templateErr(msgImport)
	}
	notFound := newErr(ErrTemplate, "", "No export named %s found", name)
	if ev.in.Resolver == nil {
		return nil, notFound
	}
	v, err := ev.in.Resolver.ImportValue(name)
	if err != nil {
		return nil, lookupErr(err, notFound, "resolve Fn::ImportValue", name)
	}
	return v, nil
}

func (ev *Evaluator) cidr(arg any, s scope) (any, error) {
	l, ok := args(arg, 3)
	if !ok {
		return nil, templateErr(msgCidr)
	}
	var vals [3]any
	for i := range l {
		v, err := ev.value(l[i], s.at(strconv.Itoa(i)))
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	block, ok := vals[0].(string)
	count, ok1 := toInt(vals[1])
	bits, ok2 := toInt(vals[2])
	if !ok || !ok1 || !ok2 {
		return nil, templateErr(msgCidr)
	}
	return cidr(block, count, bits)
}
