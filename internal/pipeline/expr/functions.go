package expr

import (
	"fmt"
	"strings"
)

// function is a built-in function: its arity is checked at parse time and
// impl receives the unevaluated arguments so it can evaluate lazily.
type function struct {
	name     string
	min, max int
	status   bool // success/failure/always/cancelled: suppresses the implicit success()
	impl     func(ctx *Context, c *call) (any, error)
}

// functions holds the built-ins by lower-cased name (names are
// case-insensitive: toJSON, tojson and ToJson are the same function).
var functions = map[string]*function{}

func init() {
	for _, f := range []*function{
		{name: "contains", min: 2, max: 2, impl: fnContains},
		{name: "startsWith", min: 2, max: 2, impl: fnStartsWith},
		{name: "endsWith", min: 2, max: 2, impl: fnEndsWith},
		{name: "format", min: 1, max: 255, impl: fnFormat},
		{name: "join", min: 1, max: 2, impl: fnJoin},
		{name: "toJSON", min: 1, max: 1, impl: fnToJSON},
		{name: "fromJSON", min: 1, max: 1, impl: fnFromJSON},
		{name: "hashFiles", min: 1, max: 255, impl: fnHashFiles},
		{name: "success", status: true, impl: statusFn(func(s JobStatus) bool { return s == StatusSuccess })},
		{name: "failure", status: true, impl: statusFn(func(s JobStatus) bool { return s == StatusFailure })},
		{name: "cancelled", status: true, impl: statusFn(func(s JobStatus) bool { return s == StatusCancelled })},
		{name: "always", status: true, impl: statusFn(func(JobStatus) bool { return true })},
	} {
		functions[strings.ToLower(f.name)] = f
	}
}

// args evaluates every argument of a call, in order.
func args(ctx *Context, c *call) ([]any, error) {
	out := make([]any, len(c.args))
	for i, a := range c.args {
		v, err := eval(a, ctx)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func isPrimitive(v any) bool {
	k := KindOf(v)
	return k != KindArray && k != KindObject
}

// fnContains: for an array, whether any element loosely equals the item;
// for primitives, a case-insensitive substring test on their string forms.
func fnContains(ctx *Context, c *call) (any, error) {
	a, err := args(ctx, c)
	if err != nil {
		return nil, err
	}
	search, item := a[0], a[1]
	if KindOf(search) == KindArray {
		for _, el := range items(search) {
			if looseEqual(el, item) {
				return true, nil
			}
		}
		return false, nil
	}
	if !isPrimitive(search) || !isPrimitive(item) {
		return false, nil
	}
	return strings.Contains(strings.ToUpper(ToString(search)), strings.ToUpper(ToString(item))), nil
}

// fnStartsWith is a case-insensitive prefix test; non-primitives are false.
func fnStartsWith(ctx *Context, c *call) (any, error) {
	return affix(ctx, c, strings.HasPrefix)
}

// fnEndsWith is a case-insensitive suffix test; non-primitives are false.
func fnEndsWith(ctx *Context, c *call) (any, error) {
	return affix(ctx, c, strings.HasSuffix)
}

func affix(ctx *Context, c *call, test func(s, affix string) bool) (any, error) {
	a, err := args(ctx, c)
	if err != nil {
		return nil, err
	}
	if !isPrimitive(a[0]) || !isPrimitive(a[1]) {
		return false, nil
	}
	return test(strings.ToUpper(ToString(a[0])), strings.ToUpper(ToString(a[1]))), nil
}

// fnJoin joins an array's elements' string forms with the separator
// (default ","); a primitive is returned as its string form, anything else
// as "".
func fnJoin(ctx *Context, c *call) (any, error) {
	a, err := args(ctx, c)
	if err != nil {
		return nil, err
	}
	switch {
	case KindOf(a[0]) == KindArray:
		sep := ","
		if len(a) > 1 && isPrimitive(a[1]) {
			sep = ToString(a[1])
		}
		list := items(a[0])
		parts := make([]string, len(list))
		for i, el := range list {
			parts[i] = ToString(el)
		}
		return strings.Join(parts, sep), nil
	case isPrimitive(a[0]):
		return ToString(a[0]), nil
	}
	return "", nil
}

// fnHashFiles delegates to the runner's callback with the patterns' string
// forms.
func fnHashFiles(ctx *Context, c *call) (any, error) {
	a, err := args(ctx, c)
	if err != nil {
		return nil, err
	}
	if ctx.HashFiles == nil {
		return nil, fmt.Errorf("expr: hashFiles at position %d: %w: not available here", c.pos, ErrHashFiles)
	}
	patterns := make([]string, len(a))
	for i, v := range a {
		patterns[i] = ToString(v)
	}
	h, err := ctx.HashFiles(patterns)
	if err != nil {
		return nil, fmt.Errorf("expr: hashFiles at position %d: %w: %w", c.pos, ErrHashFiles, err)
	}
	return h, nil
}

func statusFn(test func(JobStatus) bool) func(*Context, *call) (any, error) {
	return func(ctx *Context, _ *call) (any, error) { return test(ctx.Status), nil }
}
