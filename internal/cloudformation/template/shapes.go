package template

import "strconv"

// shapeChecker finds functions whose arguments have the wrong shape before
// anything is evaluated, as CloudFormation does when it validates a template.
type shapeChecker struct {
	add func(*Error, string)
}

// value checks every function in v; inConditions allows condition functions.
func (c *shapeChecker) value(v any, path string) {
	switch tv := v.(type) {
	case []any:
		for i, x := range tv {
			c.value(x, path+"/"+strconv.Itoa(i))
		}
	case map[string]any:
		if name, arg, ok := asIntrinsic(tv); ok {
			c.call(name, arg, pointer(path, name))
			return
		}
		for _, k := range sortedKeys(tv) {
			c.value(tv[k], pointer(path, k))
		}
	}
}

// isLiteral reports whether v is a plain list or map rather than a function.
func isLiteral(v any) bool {
	if _, _, fn := asIntrinsic(v); fn {
		return false
	}
	switch v.(type) {
	case []any, map[string]any:
		return true
	}
	return false
}

func (c *shapeChecker) call(name string, arg any, path string) {
	bad := func(e *Error) { c.add(e, path) }
	switch name {
	case fnRef:
		if s, ok := arg.(string); !ok || s == "" {
			bad(formatErr("Every Ref object must have a single String value."))
		}
		return
	case fnGetAtt:
		if _, _, _, ok := getAttArgs(arg); !ok {
			bad(errGetAttArgs())
			return
		}
	case fnSub:
		s, _, ok := subArgs(arg)
		if !ok {
			bad(errSubArgs())
			return
		}
		if _, err := parseSub(s); err != nil {
			bad(err.(*Error))
			return
		}
	case fnJoin:
		l, ok := args(arg, 2)
		if !ok || isLiteral(l[0]) || (!isLiteral(l[1]) && !isFunction(l[1])) {
			bad(templateErr(msgJoin))
			return
		}
		if _, isMap := l[1].(map[string]any); isMap && !isFunction(l[1]) {
			bad(templateErr(msgJoin))
			return
		}
	case fnSelect:
		if _, ok := args(arg, 2); !ok {
			bad(templateErr(msgSelect))
			return
		}
	case fnSplit:
		if _, ok := args(arg, 2); !ok {
			bad(templateErr(msgSplit))
			return
		}
	case fnFindInMap:
		if _, ok := args(arg, 3); !ok {
			bad(templateErr(msgFindInMap))
			return
		}
	case fnIf:
		l, ok := args(arg, 3)
		if !ok {
			bad(templateErr(msgIf))
			return
		}
		if _, ok := l[0].(string); !ok {
			bad(templateErr("Fn::If requires a list argument with the first element being a condition"))
			return
		}
	case fnCidr:
		if _, ok := args(arg, 3); !ok {
			bad(templateErr(msgCidr))
			return
		}
	case fnBase64, fnGetAZs, fnImportValue:
		if isLiteral(arg) {
			bad(templateErr("%s", map[string]string{fnBase64: msgBase64, fnGetAZs: msgGetAZs, fnImportValue: msgImport}[name]))
			return
		}
	default:
		bad(misplacedFunction(name))
		return
	}
	c.value(arg, path)
}

func isFunction(v any) bool {
	_, _, ok := asIntrinsic(v)
	return ok
}

// condition checks the structure of a Conditions-section expression.
func (c *shapeChecker) condition(v any, path string) {
	if ref, ok := asConditionRef(v); ok {
		if _, ok := ref.(string); !ok {
			c.add(formatErr("Every Condition member must be a string."), path)
		}
		return
	}
	name, arg, ok := asIntrinsic(v)
	if !ok || !isBooleanExpr(v) {
		c.add(formatErr(msgBool), path)
		return
	}
	path = pointer(path, name)
	switch name {
	case fnEquals:
		l, ok := args(arg, 2)
		if !ok {
			c.add(templateErr(msgEq), path)
			return
		}
		c.value(l, path)
	case fnAnd, fnOr:
		l, ok := arg.([]any)
		if !ok || len(l) < 2 || len(l) > 10 {
			c.add(templateErr(msgAndOr, name), path)
			return
		}
		for i, x := range l {
			if !isBooleanExpr(x) {
				c.add(templateErr(msgAndOr, name), path)
				return
			}
			c.condition(x, path+"/"+strconv.Itoa(i))
		}
	case fnNot:
		l, ok := args(arg, 1)
		if !ok || !isBooleanExpr(l[0]) {
			c.add(templateErr(msgNot), path)
			return
		}
		c.condition(l[0], path+"/0")
	}
}
