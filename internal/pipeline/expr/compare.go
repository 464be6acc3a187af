package expr

import (
	"math"
	"strings"
)

// coerce applies GitHub's rule for comparing values of different kinds
// (JavaScript's abstract equality, minus object-to-primitive conversion):
// number vs string compares as numbers; a boolean or null is turned into a
// number and the rule is applied again. Arrays and objects are never
// converted, so they only ever equal themselves.
func coerce(l, r any) (any, any, Kind) {
	l, r = canon(l), canon(r)
	for {
		lk, rk := KindOf(l), KindOf(r)
		switch {
		case lk == rk:
			return l, r, lk
		case lk == KindNumber && rk == KindString:
			return l, toNumber(r), KindNumber
		case lk == KindString && rk == KindNumber:
			return toNumber(l), r, KindNumber
		case lk == KindBool || lk == KindNull:
			l = toNumber(l)
		case rk == KindBool || rk == KindNull:
			r = toNumber(r)
		default:
			return l, r, -1
		}
	}
}

// looseEqual implements ==: strings compare case-insensitively, NaN equals
// nothing, collections compare by identity.
func looseEqual(l, r any) bool {
	l, r, k := coerce(l, r)
	switch k {
	case KindNull:
		return true
	case KindNumber:
		a, b := l.(float64), r.(float64)
		return !math.IsNaN(a) && !math.IsNaN(b) && a == b
	case KindString:
		return strings.EqualFold(l.(string), r.(string))
	case KindBool:
		return l.(bool) == r.(bool)
	case KindArray, KindObject:
		return sameRef(l, r)
	}
	return false
}

// compareOrder returns -1, 0 or 1 for l <, ==, > r, and false when the values
// are unordered (different kinds after coercion, NaN, null, collections).
// Strings are ordered case-insensitively (ordinal on upper-cased text, as
// .NET's OrdinalIgnoreCase); false < true.
func compareOrder(l, r any) (int, bool) {
	l, r, k := coerce(l, r)
	switch k {
	case KindNumber:
		a, b := l.(float64), r.(float64)
		switch {
		case math.IsNaN(a) || math.IsNaN(b):
			return 0, false
		case a < b:
			return -1, true
		case a > b:
			return 1, true
		}
		return 0, true
	case KindString:
		return strings.Compare(strings.ToUpper(l.(string)), strings.ToUpper(r.(string))), true
	case KindBool:
		a, b := l.(bool), r.(bool)
		switch {
		case a == b:
			return 0, true
		case b:
			return -1, true
		}
		return 1, true
	}
	return 0, false
}

// compare evaluates one of < <= > >=. The "or equal" forms are "loosely
// equal or strictly ordered", exactly as GitHub defines them, so
// null <= null is true although null < null is false.
func compare(op string, l, r any) bool {
	c, ok := compareOrder(l, r)
	switch op {
	case "<":
		return ok && c < 0
	case ">":
		return ok && c > 0
	case "<=":
		return looseEqual(l, r) || (ok && c < 0)
	case ">=":
		return looseEqual(l, r) || (ok && c > 0)
	}
	return false
}
