package template

import (
	"strconv"
	"strings"
)

// refKind says how a template value points at something else.
type refKind int

const (
	refRef       refKind = iota // {"Ref": X} or ${X} in Fn::Sub
	refGetAtt                   // Fn::GetAtt [X, attr]
	refSubAttr                  // ${X.attr} in Fn::Sub
	refIf                       // the condition name of an Fn::If
	refMapping                  // a literal map name of Fn::FindInMap
	refImport                   // an Fn::ImportValue
	refGetAZs                   // an Fn::GetAZs
	refCondition                // {"Condition": X} inside the Conditions section
)

// reference is one pointer from a template value to a parameter, resource,
// condition or mapping.
type reference struct {
	kind   refKind
	target string
	attr   string // GetAtt attribute; empty when computed by a function
	path   string
}

// branchPick decides which branches of an Fn::If a walk descends into.
type branchPick int

const (
	pickBoth branchPick = iota // static analysis: anything might be taken
	pickNone                   // only references certain to be evaluated
	pickThen
	pickElse
)

// walker visits the references of template values.
type walker struct {
	choose func(cond string) branchPick
	visit  func(reference)
}

func (w *walker) walk(v any, path string) {
	switch tv := v.(type) {
	case []any:
		for i, x := range tv {
			w.walk(x, path+"/"+strconv.Itoa(i))
		}
		return
	case map[string]any:
		if name, arg, ok := asIntrinsic(tv); ok {
			w.call(name, arg, pointer(path, name))
			return
		}
		for _, k := range sortedKeys(tv) {
			w.walk(tv[k], pointer(path, k))
		}
	}
}

func (w *walker) call(name string, arg any, path string) {
	switch name {
	case fnRef:
		if s, ok := arg.(string); ok {
			w.visit(reference{kind: refRef, target: s, path: path})
		}
		return
	case fnGetAtt:
		w.getAtt(arg, path)
		return
	case fnSub:
		w.sub(arg, path)
		return
	case fnIf:
		w.ifBranches(arg, path)
		return
	case fnFindInMap:
		if l, ok := arg.([]any); ok && len(l) > 0 {
			if s, ok := l[0].(string); ok {
				w.visit(reference{kind: refMapping, target: s, path: path})
			}
		}
	case fnImportValue:
		w.visit(reference{kind: refImport, path: path})
	case fnGetAZs:
		w.visit(reference{kind: refGetAZs, path: path})
	}
	w.walk(arg, path)
}

func (w *walker) getAtt(arg any, path string) {
	res, attr, attrArg, ok := getAttArgs(arg)
	if !ok {
		w.walk(arg, path)
		return
	}
	w.visit(reference{kind: refGetAtt, target: res, attr: attr, path: path})
	if attrArg != nil {
		w.walk(attrArg, path+"/1")
	}
}

// getAttArgs reads Fn::GetAtt arguments: [resource, attribute] where the
// attribute may be a function (returned as attrArg), or "resource.attribute".
func getAttArgs(arg any) (res, attr string, attrArg any, ok bool) {
	switch a := arg.(type) {
	case string:
		res, attr, _ = strings.Cut(a, ".")
		return res, attr, nil, res != "" && attr != ""
	case []any:
		if len(a) != 2 {
			return "", "", nil, false
		}
		res, ok = a[0].(string)
		if !ok || res == "" {
			return "", "", nil, false
		}
		if s, isStr := a[1].(string); isStr {
			return res, s, nil, s != ""
		}
		if _, _, isFn := asIntrinsic(a[1]); isFn {
			return res, "", a[1], true
		}
	}
	return "", "", nil, false
}

func (w *walker) sub(arg any, path string) {
	s, vars, ok := subArgs(arg)
	if !ok {
		w.walk(arg, path)
		return
	}
	for _, k := range sortedKeys(vars) {
		w.walk(vars[k], pointer(path+"/1", k))
	}
	parts, err := parseSub(s)
	if err != nil {
		return
	}
	for _, p := range parts {
		if !p.isVar {
			continue
		}
		if _, local := vars[p.text]; local {
			continue
		}
		if res, attr, dotted := strings.Cut(p.text, "."); dotted && !pseudoNames[p.text] {
			w.visit(reference{kind: refSubAttr, target: res, attr: attr, path: path})
			continue
		}
		w.visit(reference{kind: refRef, target: p.text, path: path})
	}
}

func (w *walker) ifBranches(arg any, path string) {
	l, ok := arg.([]any)
	if !ok || len(l) != 3 {
		w.walk(arg, path)
		return
	}
	cond, _ := l[0].(string)
	w.visit(reference{kind: refIf, target: cond, path: path})
	pick := pickBoth
	if w.choose != nil {
		pick = w.choose(cond)
	}
	if pick == pickBoth || pick == pickThen {
		w.walk(l[1], path+"/1")
	}
	if pick == pickBoth || pick == pickElse {
		w.walk(l[2], path+"/2")
	}
}

// walkCondition visits the references of a Conditions-section expression,
// where {"Condition": X} names another condition.
func (w *walker) walkCondition(v any, path string) {
	if c, ok := asConditionRef(v); ok {
		if s, ok := c.(string); ok {
			w.visit(reference{kind: refCondition, target: s, path: path + "/Condition"})
		}
		return
	}
	if name, arg, ok := asIntrinsic(v); ok && (name == fnAnd || name == fnOr || name == fnNot) {
		if l, ok := arg.([]any); ok {
			for i, x := range l {
				w.walkCondition(x, pointer(path, name)+"/"+strconv.Itoa(i))
			}
			return
		}
	}
	w.walk(v, path)
}
