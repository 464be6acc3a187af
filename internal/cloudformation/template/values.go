package template

import (
	"encoding/json"
	"strconv"
	"strings"
)

// noValueT is what {"Ref": "AWS::NoValue"} evaluates to: the enclosing key or
// list element disappears.
type noValueT struct{}

var noValue = noValueT{}

// Intrinsic function names.
const (
	fnRef         = "Ref"
	fnCondition   = "Condition"
	fnGetAtt      = "Fn::GetAtt"
	fnSub         = "Fn::Sub"
	fnJoin        = "Fn::Join"
	fnSelect      = "Fn::Select"
	fnSplit       = "Fn::Split"
	fnIf          = "Fn::If"
	fnFindInMap   = "Fn::FindInMap"
	fnBase64      = "Fn::Base64"
	fnGetAZs      = "Fn::GetAZs"
	fnImportValue = "Fn::ImportValue"
	fnCidr        = "Fn::Cidr"
	fnEquals      = "Fn::Equals"
	fnAnd         = "Fn::And"
	fnOr          = "Fn::Or"
	fnNot         = "Fn::Not"
	fnTransform   = "Fn::Transform"
)

// supportedFunctions is listed in "unsupported function" errors.
const supportedFunctions = "[Fn::Base64, Fn::Cidr, Fn::FindInMap, Fn::GetAtt, Fn::GetAZs, Fn::If, " +
	"Fn::ImportValue, Fn::Join, Fn::Select, Fn::Split, Fn::Sub, Ref, Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition]"

// asIntrinsic reports whether v is a function call: a one-key map whose key
// is Ref or starts with Fn::. {"Condition": ...} is not one here, because
// property maps legitimately have a Condition key (IAM policy statements);
// it is only a function inside the Conditions section.
func asIntrinsic(v any) (name string, arg any, ok bool) {
	m, isMap := v.(map[string]any)
	if !isMap || len(m) != 1 {
		return "", nil, false
	}
	for k, a := range m {
		if k == fnRef || strings.HasPrefix(k, "Fn::") {
			return k, a, true
		}
	}
	return "", nil, false
}

// asConditionRef reports whether v is {"Condition": name} (in a boolean
// position of the Conditions section).
func asConditionRef(v any) (any, bool) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return nil, false
	}
	a, ok := m[fnCondition]
	return a, ok
}

// copyValue deep-copies a template value so callers cannot alter the template.
func copyValue(v any) any {
	switch tv := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(tv))
		for k, x := range tv {
			out[k] = copyValue(x)
		}
		return out
	case []any:
		out := make([]any, len(tv))
		for i, x := range tv {
			out[i] = copyValue(x)
		}
		return out
	}
	return v
}

// equalValues compares evaluated values the way Fn::Equals does: scalars by
// their string form (so 1 equals "1"), lists element by element.
func equalValues(a, b any) bool {
	if as, ok := scalarString(a); ok {
		bs, ok := scalarString(b)
		return ok && as == bs
	}
	al, aok := a.([]any)
	bl, bok := b.([]any)
	if aok && bok {
		if len(al) != len(bl) {
			return false
		}
		for i := range al {
			if !equalValues(al[i], bl[i]) {
				return false
			}
		}
		return true
	}
	aj, err1 := json.Marshal(a)
	bj, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(aj) == string(bj)
}

// toInt reads an evaluated scalar as an integer.
func toInt(v any) (int, bool) {
	s, ok := scalarString(v)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil
}
