package expr

import "math"

// JobStatus is the state the status functions report on. The zero value is
// StatusSuccess, so a fresh job runs steps guarded by the implicit success().
type JobStatus int

// Job states, as seen by the step (or job) whose condition is evaluated.
const (
	// StatusSuccess: nothing before this point failed and the run is live.
	StatusSuccess JobStatus = iota
	// StatusFailure: a previous step (or a needed job) failed.
	StatusFailure
	// StatusCancelled: the run was cancelled.
	StatusCancelled
)

// Context is everything an expression can observe. It is read-only during
// evaluation, so one Context may serve concurrent evaluations.
type Context struct {
	// Values maps context names (github, env, secrets, vars, steps, job,
	// runner, needs, inputs, matrix, strategy, jobs) to plain Go values:
	// map[string]any, []any, string, float64 or any Go number, bool, nil.
	// Other maps with string keys and other slices are read via reflection.
	// A context missing here reads as null.
	Values map[string]any
	// Status drives success(), failure() and cancelled().
	Status JobStatus
	// HashFiles implements hashFiles(patterns...); the runner owns the file
	// system. Nil makes every hashFiles() call fail with ErrHashFiles.
	HashFiles func(patterns []string) (string, error)
}

// Eval evaluates the expression. The result is nil, bool, float64, string,
// []any, or a collection taken from the Context (returned as is). A nil
// Context behaves as an empty one.
func (e *Expr) Eval(ctx *Context) (any, error) {
	if ctx == nil {
		ctx = &Context{}
	}
	v, err := eval(e.root, ctx)
	if err != nil {
		return nil, err
	}
	return result(v), nil
}

// Evaluate parses and evaluates src (written without ${{ }}) in one step.
func Evaluate(src string, ctx *Context) (any, error) {
	e, err := Parse(src)
	if err != nil {
		return nil, err
	}
	return e.Eval(ctx)
}

// result converts evaluation-internal values into the public value model.
func result(v any) any {
	if f, ok := v.(*filteredArray); ok {
		return append([]any{}, f.items...)
	}
	return canon(v)
}

func eval(n node, ctx *Context) (any, error) {
	switch n := n.(type) {
	case *literal:
		return n.val, nil
	case *namedValue:
		v, _ := lookup(ctx.Values, n.name)
		return canon(v), nil
	case *index:
		return evalIndex(n, ctx)
	case *not:
		v, err := eval(n.x, ctx)
		if err != nil {
			return nil, err
		}
		return !Truthy(v), nil
	case *binary:
		return evalBinary(n, ctx)
	case *call:
		return n.fn.impl(ctx, n)
	}
	return nil, nil
}

// evalBinary short-circuits && and ||, which yield an operand (not a
// boolean) exactly like JavaScript.
func evalBinary(n *binary, ctx *Context) (any, error) {
	l, err := eval(n.l, ctx)
	if err != nil {
		return nil, err
	}
	switch n.op {
	case "&&":
		if !Truthy(l) {
			return l, nil
		}
		return eval(n.r, ctx)
	case "||":
		if Truthy(l) {
			return l, nil
		}
		return eval(n.r, ctx)
	}
	r, err := eval(n.r, ctx)
	if err != nil {
		return nil, err
	}
	switch n.op {
	case "==":
		return looseEqual(l, r), nil
	case "!=":
		return !looseEqual(l, r), nil
	}
	return compare(n.op, l, r), nil
}

// evalIndex implements property access. A missing property, an index out of
// range, or indexing a non-collection yields null rather than an error.
// A wildcard yields a filtered array; indexing a filtered array applies the
// index to each element and keeps the hits (a.*.b).
func evalIndex(n *index, ctx *Context) (any, error) {
	target, err := eval(n.target, ctx)
	if err != nil {
		return nil, err
	}
	var key any
	if n.key != nil {
		if key, err = eval(n.key, ctx); err != nil {
			return nil, err
		}
	}
	wildcard := n.key == nil
	if fa, ok := target.(*filteredArray); ok {
		out := &filteredArray{}
		for _, item := range fa.items {
			switch KindOf(item) {
			case KindObject:
				if wildcard {
					out.items = append(out.items, values(item)...)
				} else if v, ok := indexObject(item, key); ok {
					out.items = append(out.items, v)
				}
			case KindArray:
				if wildcard {
					out.items = append(out.items, items(item)...)
				} else if v, ok := indexArray(item, key); ok {
					out.items = append(out.items, v)
				}
			}
		}
		return out, nil
	}
	switch KindOf(target) {
	case KindObject:
		if wildcard {
			return &filteredArray{items: values(target)}, nil
		}
		v, _ := indexObject(target, key)
		return canon(v), nil
	case KindArray:
		if wildcard {
			return &filteredArray{items: append([]any{}, items(target)...)}, nil
		}
		v, _ := indexArray(target, key)
		return canon(v), nil
	}
	if wildcard {
		return &filteredArray{}, nil
	}
	return nil, nil
}

// indexObject looks a key up; only primitive keys address properties.
func indexObject(obj, key any) (any, bool) {
	k := KindOf(key)
	if k == KindArray || k == KindObject {
		return nil, false
	}
	v, ok := lookup(obj, ToString(key))
	return canon(v), ok
}

// indexArray reads element floor(key); negative, NaN or out-of-range keys
// find nothing.
func indexArray(arr, key any) (any, bool) {
	f := toNumber(key)
	if math.IsNaN(f) || f < 0 || f > math.MaxInt32 {
		return nil, false
	}
	i := int(math.Floor(f))
	list := items(arr)
	if i >= len(list) {
		return nil, false
	}
	return canon(list[i]), true
}
