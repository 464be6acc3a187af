package policy

import (
	"bytes"
	"strings"
	"time"
)

// Evaluation rules, from the IAM User Guide:
//   - "If the key that you specify in a policy condition is not present in
//     the request context, the values do not match and the condition is
//     false. If the policy condition requires that the key is not matched,
//     such as StringNotLike or ArnNotLike, and the right key is not present,
//     the condition is true." (Condition operators)
//   - ...IfExists: a missing key makes the condition true.
//   - Null: "true" holds when the key is absent, "false" when present.
//   - ForAllValues holds when every request value matches some policy value,
//     and when the key is missing or empty; ForAnyValue holds when some
//     request value matches some policy value, and is false when the key is
//     missing or empty (Creating a condition with multiple keys or values).
//   - Multiple policy values are OR'd; a negated operator holds when the
//     request value matches none of them.
// A policy value that cannot be used (a variable with no value, a malformed
// number, date, address, ARN) matches nothing: it never makes a positive
// operator true and makes a negated one false. A request value of the wrong
// type likewise satisfies neither.

// holds reports whether the condition is satisfied by ctx.
func (c *Condition) holds(ctx *Context) bool {
	values, present := ctx.lookup(c.key)
	if c.op.base == opNull {
		return c.nullHolds(present && len(values) > 0)
	}
	if len(values) == 0 {
		switch c.op.set {
		case setForAllValues:
			return true
		case setForAnyValue:
			return c.op.ifExists
		}
		return c.op.negated || c.op.ifExists
	}
	vals := c.resolved(ctx)
	switch c.op.set {
	case setForAllValues:
		for _, v := range values {
			if !valueTest(c.op, v, vals) {
				return false
			}
		}
		return true
	case setForAnyValue:
		for _, v := range values {
			if valueTest(c.op, v, vals) {
				return true
			}
		}
		return false
	}
	// Without a set qualifier a multivalued key behaves as "any request value
	// matches"; a negated operator is its complement, so every request value
	// must avoid every policy value.
	if c.op.negated {
		for _, v := range values {
			if !valueTest(c.op, v, vals) {
				return false
			}
		}
		return true
	}
	for _, v := range values {
		if valueTest(c.op, v, vals) {
			return true
		}
	}
	return false
}

// nullHolds evaluates the Null operator given whether the key has a value.
func (c *Condition) nullHolds(present bool) bool {
	for i := range c.vals {
		if b, ok := parseBool(c.vals[i].tmpl.parts[0].text); ok && b == !present {
			return true
		}
	}
	return false
}

// resolved returns the policy values with variables expanded from ctx. It
// allocates only when some value has variables.
func (c *Condition) resolved(ctx *Context) []condValue {
	var out []condValue
	for i := range c.vals {
		if !c.vals[i].tmpl.hasVars {
			continue
		}
		if out == nil {
			out = append([]condValue(nil), c.vals...)
		}
		out[i].compile(c.op.base, ctx)
	}
	if out == nil {
		return c.vals
	}
	return out
}

// valueTest reports whether one request value satisfies the operator against
// the policy values: for a positive operator some usable policy value
// matches; for a negated one every policy value is usable and none matches.
func valueTest(op operator, v string, vals []condValue) bool {
	switch op.base {
	case opStringEquals:
		return anyValue(vals, op.negated, func(p *condValue) bool { return p.str == v })
	case opStringEqualsIgnoreCase:
		return anyValue(vals, op.negated, func(p *condValue) bool { return strings.EqualFold(p.str, v) })
	case opStringLike:
		return anyValue(vals, op.negated, func(p *condValue) bool { return matchTokens(p.toks, v, false) })
	case opNumericEquals, opNumericLessThan, opNumericLessThanEquals, opNumericGreaterThan, opNumericGreaterThanEquals:
		n, ok := parseNumber(v)
		return ok && anyValue(vals, op.negated, func(p *condValue) bool { return ordered(op.base, n.compare(p.num)) })
	case opDateEquals, opDateLessThan, opDateLessThanEquals, opDateGreaterThan, opDateGreaterThanEquals:
		d, ok := parseDate(v)
		return ok && anyValue(vals, op.negated, func(p *condValue) bool { return ordered(op.base, compareTime(d, p.date)) })
	case opBool:
		b, ok := parseBool(v)
		return ok && anyValue(vals, op.negated, func(p *condValue) bool { return p.bool == b })
	case opBinaryEquals:
		raw, ok := parseBinary(v)
		return ok && anyValue(vals, op.negated, func(p *condValue) bool { return bytes.Equal(p.bytes, raw) })
	case opIPAddress:
		a, ok := parseAddr(v)
		return ok && anyValue(vals, op.negated, func(p *condValue) bool { return p.prefix.Contains(a) })
	case opArn:
		comps, ok := splitARN(v)
		return ok && anyValue(vals, op.negated, func(p *condValue) bool { return arnMatches(&p.arn, &comps) })
	}
	return false
}

// anyValue applies the OR of policy values, or its complement for negated
// operators. Unusable policy values never match and spoil a negation.
func anyValue(vals []condValue, negated bool, match func(*condValue) bool) bool {
	if negated {
		for i := range vals {
			if !vals[i].ok || match(&vals[i]) {
				return false
			}
		}
		return true
	}
	for i := range vals {
		if vals[i].ok && match(&vals[i]) {
			return true
		}
	}
	return false
}

// ordered tells whether cmp (request compared to policy value) satisfies the
// numeric or date operator: NumericLessThan holds when request < policy.
func ordered(base baseOp, cmp int) bool {
	switch base {
	case opNumericEquals, opDateEquals:
		return cmp == 0
	case opNumericLessThan, opDateLessThan:
		return cmp < 0
	case opNumericLessThanEquals, opDateLessThanEquals:
		return cmp <= 0
	case opNumericGreaterThan, opDateGreaterThan:
		return cmp > 0
	case opNumericGreaterThanEquals, opDateGreaterThanEquals:
		return cmp >= 0
	}
	return false
}

func compareTime(a, b time.Time) int {
	return a.Compare(b)
}

// splitARN splits a request ARN into its six components without allocating;
// the sixth keeps any further colons.
func splitARN(s string) (comps [6]string, ok bool) {
	for i := 0; i < 5; i++ {
		j := strings.IndexByte(s, ':')
		if j < 0 {
			return comps, false
		}
		comps[i], s = s[:j], s[j+1:]
	}
	comps[5] = s
	return comps, true
}

// arnMatches compares component by component, so a wildcard never spans a
// colon between components (IAM User Guide, ARN condition operators).
func arnMatches(pattern *[6][]token, comps *[6]string) bool {
	for i := range comps {
		if !matchTokens(pattern[i], comps[i], false) {
			return false
		}
	}
	return true
}
