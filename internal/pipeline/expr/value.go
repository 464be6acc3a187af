package expr

import (
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Kind classifies a value the way GitHub's evaluator does. Any Go value maps
// to exactly one kind: numbers of every Go numeric type are Number, maps with
// string keys are Object, slices are Array, and anything unrecognised is
// Object (opaque, truthy, never equal to another value).
type Kind int

// The value kinds of the expression language.
const (
	KindNull Kind = iota
	KindBool
	KindNumber
	KindString
	KindArray
	KindObject
)

// String names the kind as GitHub does ("Array", "Object" are what such
// values print as when converted to a string).
func (k Kind) String() string {
	switch k {
	case KindNull:
		return "Null"
	case KindBool:
		return "Boolean"
	case KindNumber:
		return "Number"
	case KindString:
		return "String"
	case KindArray:
		return "Array"
	default:
		return "Object"
	}
}

// filteredArray is the result of a `*` filter. It is a distinct type because
// a property access on it applies to every element instead of indexing it.
// It is a pointer type so two filter results never compare equal.
type filteredArray struct{ items []any }

// KindOf reports the kind of a Go value supplied in a context or produced by
// evaluation.
func KindOf(v any) Kind {
	switch v.(type) {
	case nil:
		return KindNull
	case bool:
		return KindBool
	case float64, float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return KindNumber
	case string:
		return KindString
	case []any, []string, *filteredArray:
		return KindArray
	case map[string]any, map[string]string:
		return KindObject
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		return KindArray
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return KindNull
		}
	}
	return KindObject
}

// canon turns every Go numeric type into float64 and typed nil pointers into
// nil; collections are returned unchanged.
func canon(v any) any {
	switch n := v.(type) {
	case float64:
		return n
	case float32:
		return float64(n)
	case int:
		return float64(n)
	case int8:
		return float64(n)
	case int16:
		return float64(n)
	case int32:
		return float64(n)
	case int64:
		return float64(n)
	case uint:
		return float64(n)
	case uint8:
		return float64(n)
	case uint16:
		return float64(n)
	case uint32:
		return float64(n)
	case uint64:
		return float64(n)
	}
	if KindOf(v) == KindNull {
		return nil
	}
	return v
}

// Truthy reports whether a value counts as true in a condition: null, false,
// 0, NaN and "" are false; everything else, including empty arrays and
// objects, is true.
func Truthy(v any) bool {
	v = canon(v)
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case float64:
		return v != 0 && !math.IsNaN(v)
	case string:
		return v != ""
	}
	return true
}

// ToString converts a value to the string GitHub substitutes for it in
// `${{ }}`: null is "", booleans are "true"/"false", numbers use up to 15
// significant digits, arrays and objects are "Array" and "Object".
func ToString(v any) string {
	v = canon(v)
	switch v := v.(type) {
	case nil:
		return ""
	case bool:
		if v {
			return "true"
		}
		return "false"
	case float64:
		return formatNumber(v)
	case string:
		return v
	}
	return KindOf(v).String()
}

// toNumber follows JavaScript's Number(): null 0, booleans 0/1, strings
// parsed (empty is 0), arrays and objects NaN.
func toNumber(v any) float64 {
	v = canon(v)
	switch v := v.(type) {
	case nil:
		return 0
	case bool:
		if v {
			return 1
		}
		return 0
	case float64:
		return v
	case string:
		return parseNumber(v)
	}
	return math.NaN()
}

// formatNumber renders like .NET's "G15": 15 significant digits, exponent
// form only for very large or very small magnitudes ("1E+15", "1E-05").
func formatNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	s := strconv.FormatFloat(f, 'g', 15, 64)
	if i := strings.IndexByte(s, 'e'); i >= 0 {
		s = s[:i] + "E" + s[i+1:]
	}
	return s
}

// parseNumber converts a string the way GitHub coerces strings to numbers:
// trimmed decimal (sign, point, exponent), 0x hex and 0o octal as 32-bit
// integers, Infinity/-Infinity; anything else is NaN.
func parseNumber(s string) float64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	if isDecimal(s) {
		f, _ := strconv.ParseFloat(s, 64) // overflow yields ±Inf, as .NET does
		return f
	}
	switch {
	case len(s) > 2 && s[0] == '0' && s[1] == 'x':
		return parseInt32(s[2:], 16)
	case len(s) > 2 && s[0] == '0' && s[1] == 'o':
		return parseInt32(s[2:], 8)
	case s == "Infinity":
		return math.Inf(1)
	case s == "-Infinity":
		return math.Inf(-1)
	case s == "NaN":
		return math.NaN()
	}
	return math.NaN()
}

// parseInt32 parses hex or octal digits as a 32-bit two's-complement integer,
// as .NET's Int32 parsing does ("0xFFFFFFFF" is -1).
func parseInt32(digits string, base int) float64 {
	for _, c := range digits {
		if !isDigitIn(c, base) {
			return math.NaN()
		}
	}
	u, err := strconv.ParseUint(digits, base, 32)
	if err != nil {
		return math.NaN()
	}
	return float64(int32(uint32(u)))
}

func isDigitIn(c rune, base int) bool {
	switch {
	case c >= '0' && c <= '7':
		return true
	case c == '8' || c == '9':
		return base >= 10
	case base == 16 && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')):
		return true
	}
	return false
}

// isDecimal accepts [+-]digits[.digits][e[+-]digits] with at least one digit
// in the mantissa, which is what .NET's Double.TryParse accepts with the
// sign, decimal point and exponent styles.
func isDecimal(s string) bool {
	i := 0
	if s[i] == '+' || s[i] == '-' {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}
