package template

import (
	"slices"
	"strconv"
	"strings"
)

const (
	msgAndOr = "every %s object requires a list of at least 2 and at most 10 boolean parameters."
	msgNot   = "Fn::Not requires a list argument with one function token"
	msgEq    = "every Fn::Equals object requires a list of 2 string parameters."
	msgBool  = "Conditions can only be boolean operations on parameters and other conditions"
)

// condition evaluates a named condition once, detecting cycles through the
// stack of conditions being evaluated.
func (ev *Evaluator) condition(name string, stack []string) (bool, error) {
	if v, ok := ev.conds[name]; ok {
		return v, nil
	}
	def, ok := ev.t.Conditions[name]
	if !ok {
		return false, templateErr("unresolved condition dependency %s in Condition", name)
	}
	if i := slices.Index(stack, name); i >= 0 {
		cycle := append([]string(nil), stack[i:]...)
		slices.Sort(cycle)
		return false, newErr(ErrCircular, "Template format error: ", "Circular dependency between conditions: [%s]",
			strings.Join(cycle, ", "))
	}
	path := pointer("/Conditions", name)
	v, err := ev.boolean(def, append(stack, name), scope{block: "Conditions", path: path})
	if err != nil {
		return false, ev.locate(err, path)
	}
	ev.conds[name] = v
	return v, nil
}

// boolean evaluates a condition expression.
func (ev *Evaluator) boolean(v any, stack []string, s scope) (bool, error) {
	if c, ok := asConditionRef(v); ok {
		name, ok := c.(string)
		if !ok {
			return false, templateErr("Every Condition member must be a string.")
		}
		return ev.condition(name, stack)
	}
	name, arg, ok := asIntrinsic(v)
	if !ok {
		return false, formatErr(msgBool)
	}
	s = s.at(name)
	switch name {
	case fnEquals:
		l, ok := args(arg, 2)
		if !ok {
			return false, templateErr(msgEq)
		}
		a, err := ev.value(l[0], s.at("0"))
		if err != nil {
			return false, err
		}
		b, err := ev.value(l[1], s.at("1"))
		if err != nil {
			return false, err
		}
		return equalValues(a, b), nil
	case fnAnd, fnOr:
		l, ok := arg.([]any)
		if !ok || len(l) < 2 || len(l) > 10 {
			return false, templateErr(msgAndOr, name)
		}
		result := name == fnAnd
		for i, x := range l {
			if !isBooleanExpr(x) {
				return false, templateErr(msgAndOr, name)
			}
			b, err := ev.boolean(x, stack, s.at(strconv.Itoa(i)))
			if err != nil {
				return false, err
			}
			if name == fnAnd {
				result = result && b
			} else {
				result = result || b
			}
		}
		return result, nil
	case fnNot:
		l, ok := args(arg, 1)
		if !ok || !isBooleanExpr(l[0]) {
			return false, templateErr(msgNot)
		}
		b, err := ev.boolean(l[0], stack, s.at("0"))
		return !b, err
	}
	return false, formatErr(msgBool)
}

// isBooleanExpr reports whether v is a condition function or a reference to
// a condition.
func isBooleanExpr(v any) bool {
	if _, ok := asConditionRef(v); ok {
		return true
	}
	name, _, ok := asIntrinsic(v)
	return ok && (name == fnEquals || name == fnAnd || name == fnOr || name == fnNot)
}
