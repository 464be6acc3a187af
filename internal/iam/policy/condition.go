package policy

import (
	"net/netip"
	"strings"
	"time"
)

// Condition is one (operator, context key) pair of a statement's Condition
// block. All Conditions of a statement must hold (AND); within one Condition
// any of the Values may match (OR), as the IAM User Guide describes
// ("Creating a condition with multiple keys or values").
type Condition struct {
	Operator string   // as written, e.g. "ForAllValues:StringEqualsIfExists"
	Key      string   // context key as written, e.g. "aws:SourceIp"
	Values   []string // policy values as written (JSON booleans and numbers as text)

	op   operator
	key  string // Key lower-cased for Context.lookup
	vals []condValue
}

// baseOp is a condition operator with qualifiers and negation stripped.
type baseOp uint8

const (
	opStringEquals baseOp = iota
	opStringEqualsIgnoreCase
	opStringLike
	opNumericEquals
	opNumericLessThan
	opNumericLessThanEquals
	opNumericGreaterThan
	opNumericGreaterThanEquals
	opDateEquals
	opDateLessThan
	opDateLessThanEquals
	opDateGreaterThan
	opDateGreaterThanEquals
	opBool
	opBinaryEquals
	opIPAddress
	opArn
	opNull
)

// setMode is the multivalued-key qualifier.
type setMode uint8

const (
	setNone setMode = iota
	setForAllValues
	setForAnyValue
)

// operator is a parsed condition operator name.
type operator struct {
	base     baseOp
	negated  bool // StringNotEquals, NotIpAddress, ArnNotLike, ...
	ifExists bool
	set      setMode
}

var operatorsByName = map[string]operator{
	"StringEquals":              {base: opStringEquals},
	"StringNotEquals":           {base: opStringEquals, negated: true},
	"StringEqualsIgnoreCase":    {base: opStringEqualsIgnoreCase},
	"StringNotEqualsIgnoreCase": {base: opStringEqualsIgnoreCase, negated: true},
	"StringLike":                {base: opStringLike},
	"StringNotLike":             {base: opStringLike, negated: true},
	"NumericEquals":             {base: opNumericEquals},
	"NumericNotEquals":          {base: opNumericEquals, negated: true},
	"NumericLessThan":           {base: opNumericLessThan},
	"NumericLessThanEquals":     {base: opNumericLessThanEquals},
	"NumericGreaterThan":        {base: opNumericGreaterThan},
	"NumericGreaterThanEquals":  {base: opNumericGreaterThanEquals},
	"DateEquals":                {base: opDateEquals},
	"DateNotEquals":             {base: opDateEquals, negated: true},
	"DateLessThan":              {base: opDateLessThan},
	"DateLessThanEquals":        {base: opDateLessThanEquals},
	"DateGreaterThan":           {base: opDateGreaterThan},
	"DateGreaterThanEquals":     {base: opDateGreaterThanEquals},
	"Bool":                      {base: opBool},
	"BinaryEquals":              {base: opBinaryEquals},
	"IpAddress":                 {base: opIPAddress},
	"NotIpAddress":              {base: opIPAddress, negated: true},
	"ArnEquals":                 {base: opArn},
	"ArnLike":                   {base: opArn},
	"ArnNotEquals":              {base: opArn, negated: true},
	"ArnNotLike":                {base: opArn, negated: true},
	"Null":                      {base: opNull},
}

// parseOperator reads "[ForAllValues:|ForAnyValue:]Base[IfExists]". Names are
// case-sensitive. IfExists applies to every operator except Null (IAM User
// Guide, "...IfExists condition operators").
func parseOperator(name string) (operator, bool) {
	var set setMode
	switch {
	case strings.HasPrefix(name, "ForAllValues:"):
		set, name = setForAllValues, name[len("ForAllValues:"):]
	case strings.HasPrefix(name, "ForAnyValue:"):
		set, name = setForAnyValue, name[len("ForAnyValue:"):]
	}
	ifExists := false
	if base, ok := strings.CutSuffix(name, "IfExists"); ok {
		ifExists, name = true, base
	}
	op, ok := operatorsByName[name]
	if !ok || (op.base == opNull && ifExists) {
		return operator{}, false
	}
	op.ifExists, op.set = ifExists, set
	return op, true
}

// takesVariables reports whether policy variables are expanded in this
// operator's values: String, ARN and Bool operators (IAM User Guide,
// "Condition operators" and "Where you can use policy variables").
func (o operator) takesVariables() bool {
	switch o.base {
	case opStringEquals, opStringEqualsIgnoreCase, opStringLike, opArn, opBool:
		return true
	}
	return false
}

// condValue is a policy value compiled for its operator. When tmpl has no
// variables the typed field matching the operator is precomputed and ok says
// whether the value is well formed (a malformed value never matches).
type condValue struct {
	tmpl   template
	ok     bool
	str    string
	toks   []token
	arn    [6][]token
	num    number
	date   time.Time
	bool   bool
	bytes  []byte
	prefix netip.Prefix
}

// compileCondition builds a Condition; vars says whether the document's
// version enables policy variables.
func compileCondition(opName, key string, op operator, values []string, vars bool) *Condition {
	c := &Condition{Operator: opName, Key: key, Values: values, op: op, key: strings.ToLower(key)}
	c.vals = make([]condValue, len(values))
	for i, v := range values {
		cv := &c.vals[i]
		cv.tmpl = parseTemplate(v, vars && op.takesVariables())
		if !cv.tmpl.hasVars {
			cv.compile(op.base, nil)
		}
	}
	return c
}

// compile fills the typed fields from the template, resolving variables from
// ctx (nil when the template has none).
func (cv *condValue) compile(base baseOp, ctx *Context) {
	switch base {
	case opStringLike:
		cv.toks, cv.ok = cv.tmpl.tokens(ctx)
	case opArn:
		cv.arn, cv.ok = cv.tmpl.arnComponents(ctx)
	default:
		var s string
		if s, cv.ok = cv.tmpl.literal(ctx); !cv.ok {
			return
		}
		cv.str = s
		switch base {
		case opNumericEquals, opNumericLessThan, opNumericLessThanEquals, opNumericGreaterThan, opNumericGreaterThanEquals:
			cv.num, cv.ok = parseNumber(s)
		case opDateEquals, opDateLessThan, opDateLessThanEquals, opDateGreaterThan, opDateGreaterThanEquals:
			cv.date, cv.ok = parseDate(s)
		case opBool:
			cv.bool, cv.ok = parseBool(s)
		case opBinaryEquals:
			cv.bytes, cv.ok = parseBinary(s)
		case opIPAddress:
			cv.prefix, cv.ok = parsePrefix(s)
		}
	}
}
