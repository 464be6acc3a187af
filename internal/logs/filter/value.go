package filter

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
)

// valKind is the type of a comparison's right-hand side.
type valKind int

const (
	valString valKind = iota
	valNumber
	valBool
	valRegex
)

// value is a literal in a comparison: "text", text*, 42, true, %re%.
type value struct {
	kind valKind
	s    string
	n    float64
	b    bool
	re   *regexp.Regexp
}

// parseValue turns a token into a literal. Bare words that parse as
// numbers are numbers; true/false are booleans; other bare words are
// strings (wildcards allowed), as CloudWatch accepts unquoted strings.
func parseValue(t token) (value, error) {
	switch t.kind {
	case tokString:
		return value{kind: valString, s: t.text}, nil
	case tokRegex:
		return value{kind: valRegex, re: t.re}, nil
	case tokWord:
		if n, err := strconv.ParseFloat(t.text, 64); err == nil && !strings.ContainsAny(t.text, "xXpP_") {
			return value{kind: valNumber, n: n, s: t.text}, nil
		}
		switch strings.ToLower(t.text) {
		case "true":
			return value{kind: valBool, b: true}, nil
		case "false":
			return value{kind: valBool, b: false}, nil
		}
		return value{kind: valString, s: t.text}, nil
	}
	return value{}, syntaxErr(t.pos, "expected a value, found %s", describe(t))
}

// checkOp rejects operators a value kind cannot take.
func checkOp(op string, v value, pos int) error {
	if v.kind != valNumber && op != "=" && op != "!=" {
		return syntaxErr(pos, "operator %s needs a number", op)
	}
	return nil
}

// compareJSON applies op to a decoded JSON field (string, json.Number,
// bool, nil, map or slice). A field of the wrong type never matches.
func compareJSON(op string, v value, field any) bool {
	switch f := field.(type) {
	case string:
		return compareText(op, v, f)
	case json.Number:
		if v.kind == valNumber {
			n, err := f.Float64()
			return err == nil && compareNum(op, n, v.n)
		}
		return compareText(op, v, f.String())
	case bool:
		if v.kind != valBool {
			return false
		}
		return (f == v.b) == (op == "=")
	}
	return false
}

// compareText applies op to a text field (a JSON string or a delimited
// field). Numbers compare numerically when the text is a number.
func compareText(op string, v value, f string) bool {
	switch v.kind {
	case valNumber:
		n, err := strconv.ParseFloat(f, 64)
		return err == nil && compareNum(op, n, v.n)
	case valString:
		return wildcardMatch(v.s, f) == (op == "=")
	case valRegex:
		return v.re.MatchString(f) == (op == "=")
	}
	return false
}

func compareNum(op string, a, b float64) bool {
	switch op {
	case "=":
		return a == b
	case "!=":
		return a != b
	case "<":
		return a < b
	case "<=":
		return a <= b
	case ">":
		return a > b
	case ">=":
		return a >= b
	}
	return false
}

// wildcardMatch matches s against pattern where '*' stands for any run of
// characters. It runs in O(len(pattern)*len(s)) at worst, never exponential.
func wildcardMatch(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] != '*' && pattern[p] == s[i]:
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
