package policy

import (
	"strings"
)

// The syntax phase: everything IAM reports as "Syntax errors in policy." —
// invalid JSON, unknown or mistyped elements, a bad Effect, mutually
// exclusive elements, unknown condition operators. It turns the JSON tree
// into drafts that later phases validate further.

var topLevelElements = map[string]bool{"Version": true, "Id": true, "Statement": true}

var statementElements = map[string]bool{
	"Sid": true, "Effect": true, "Principal": true, "NotPrincipal": true,
	"Action": true, "NotAction": true, "Resource": true, "NotResource": true,
	"Condition": true,
}

// document is the syntax phase's output.
type document struct {
	version    string
	hasVersion bool
	id         string
	statements []*draft
}

// draft is a statement that passed the syntax phase.
type draft struct {
	node      *jsonValue
	sid       string
	hasSid    bool
	effect    string // as written; Allow/Deny in any case
	lists     map[string][]string
	has       map[string]bool // which elements are present
	principal map[string]*jsonValue
	conds     []condDraft
}

// condDraft is one operator/key pair of a Condition block.
type condDraft struct {
	opName string
	op     operator
	known  bool // false: unknown operator with an empty block, ignored
	key    string
	values []string
}

// parseSyntax runs the syntax phase over the document's JSON tree.
func parseSyntax(root *jsonValue) (*document, bool) {
	if root.kind != jsonObject {
		return nil, false
	}
	doc := &document{}
	for _, m := range root.members {
		if !topLevelElements[m.key] {
			return nil, false
		}
	}
	if v, ok := root.get("Version"); ok {
		if v.kind != jsonString || (v.str != Version2012 && v.str != Version2008) {
			return nil, false
		}
		doc.version, doc.hasVersion = v.str, true
	}
	if v, ok := root.get("Id"); ok {
		if v.kind != jsonString {
			return nil, false
		}
		doc.id = v.str
	}
	st, ok := root.get("Statement")
	if !ok {
		return nil, false
	}
	var items []*jsonValue
	switch st.kind {
	case jsonObject:
		items = []*jsonValue{st}
	case jsonArray:
		items = st.items
	default:
		return nil, false
	}
	if len(items) == 0 {
		return nil, false
	}
	for _, item := range items {
		d, ok := parseStatementSyntax(item)
		if !ok {
			return nil, false
		}
		doc.statements = append(doc.statements, d)
	}
	return doc, true
}

func parseStatementSyntax(n *jsonValue) (*draft, bool) {
	if n.kind != jsonObject {
		return nil, false
	}
	d := &draft{node: n, lists: map[string][]string{}, has: map[string]bool{}}
	for _, m := range n.members {
		if !statementElements[m.key] {
			return nil, false
		}
		d.has[m.key] = true
	}
	for _, pair := range [][2]string{{"Action", "NotAction"}, {"Resource", "NotResource"}, {"Principal", "NotPrincipal"}} {
		if d.has[pair[0]] && d.has[pair[1]] {
			return nil, false
		}
	}
	eff, ok := n.get("Effect")
	if !ok || eff.kind != jsonString || (!strings.EqualFold(eff.str, "Allow") && !strings.EqualFold(eff.str, "Deny")) {
		return nil, false
	}
	d.effect = eff.str
	if sid, ok := n.get("Sid"); ok {
		if sid.kind != jsonString {
			return nil, false
		}
		d.sid, d.hasSid = sid.str, true
	}
	for _, name := range []string{"Action", "NotAction", "Resource", "NotResource"} {
		v, ok := n.get(name)
		if !ok {
			continue
		}
		list, ok := stringList(v)
		if !ok {
			return nil, false
		}
		d.lists[name] = list
	}
	for _, name := range []string{"Principal", "NotPrincipal"} {
		if v, ok := n.get(name); ok {
			if v.kind != jsonString && v.kind != jsonObject {
				return nil, false
			}
			if d.principal == nil {
				d.principal = map[string]*jsonValue{}
			}
			d.principal[name] = v
		}
	}
	if c, ok := n.get("Condition"); ok {
		conds, ok := parseConditionSyntax(c)
		if !ok {
			return nil, false
		}
		d.conds = conds
	}
	return d, true
}

// stringList reads a string or an array of strings. Null array entries are
// accepted and dropped, as IAM does.
func stringList(v *jsonValue) ([]string, bool) {
	switch v.kind {
	case jsonString:
		return []string{v.str}, true
	case jsonArray:
		out := make([]string, 0, len(v.items))
		for _, it := range v.items {
			switch it.kind {
			case jsonString:
				out = append(out, it.str)
			case jsonNull:
			default:
				return nil, false
			}
		}
		return out, true
	}
	return nil, false
}

// parseConditionSyntax reads {"Operator": {"key": value-or-values}}.
func parseConditionSyntax(c *jsonValue) ([]condDraft, bool) {
	if c.kind != jsonObject {
		return nil, false
	}
	var out []condDraft
	for _, opm := range c.members {
		block := opm.value
		if block.kind != jsonObject {
			return nil, false
		}
		op, known := parseOperator(opm.key)
		if !known && len(block.members) > 0 {
			return nil, false
		}
		for _, km := range block.members {
			values, ok := conditionValues(km.value)
			if !ok {
				return nil, false
			}
			out = append(out, condDraft{opName: opm.key, op: op, known: known, key: km.key, values: values})
		}
	}
	return out, true
}

// conditionValues reads a condition value: a string, boolean or number, or
// an array of them. JSON booleans and numbers keep their literal text.
func conditionValues(v *jsonValue) ([]string, bool) {
	scalar := func(x *jsonValue) (string, bool) {
		switch x.kind {
		case jsonString, jsonBool, jsonNumber:
			return x.str, true
		}
		return "", false
	}
	if v.kind != jsonArray {
		s, ok := scalar(v)
		if !ok {
			return nil, false
		}
		return []string{s}, true
	}
	out := make([]string, 0, len(v.items))
	for _, it := range v.items {
		s, ok := scalar(it)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}
