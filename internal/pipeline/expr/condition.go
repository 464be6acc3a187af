package expr

import "strings"

// Condition is a parsed `if:` value.
type Condition struct {
	src string
	// exactly one of expr and tmpl is set
	expr *Expr
	tmpl *Template
	// implicitSuccess is set when no status function appears, in which case
	// GitHub evaluates `success() && (condition)`.
	implicitSuccess bool
}

// ParseCondition parses an `if:` value the way GitHub reads it: the ${{ }}
// wrapper is optional; an empty condition means success(); and unless the
// expression calls success(), failure(), always() or cancelled() it only
// runs when success() holds. A value mixing ${{ }} with other text (such as
// `${{ a }} == b`) is interpolated and tested for non-emptiness, which is
// GitHub's (surprising) behaviour too.
func ParseCondition(s string) (*Condition, error) {
	c := &Condition{src: s}
	trimmed := strings.TrimSpace(s)
	if trimmed == "" {
		trimmed = "success()"
	}
	if HasExpression(trimmed) {
		t, err := ParseTemplate(trimmed)
		if err != nil {
			return nil, err
		}
		if e, ok := t.Single(); ok {
			c.expr = e
		} else {
			c.tmpl = t
		}
	} else {
		e, err := Parse(trimmed)
		if err != nil {
			return nil, err
		}
		c.expr = e
	}
	c.implicitSuccess = true
	for _, e := range c.exprs() {
		if e.UsesStatusFunction() {
			c.implicitSuccess = false
		}
	}
	return c, nil
}

// exprs lists the condition's expressions.
func (c *Condition) exprs() []*Expr {
	if c.expr != nil {
		return []*Expr{c.expr}
	}
	var out []*Expr
	for _, s := range c.tmpl.segs {
		if s.expr != nil {
			out = append(out, s.expr)
		}
	}
	return out
}

// String returns the condition's source text.
func (c *Condition) String() string { return c.src }

// Eval decides whether the guarded job or step runs.
func (c *Condition) Eval(ctx *Context) (bool, error) {
	if ctx == nil {
		ctx = &Context{}
	}
	if c.implicitSuccess && ctx.Status != StatusSuccess {
		return false, nil
	}
	if c.tmpl != nil {
		s, err := c.tmpl.Eval(ctx)
		return s != "", err
	}
	v, err := c.expr.Eval(ctx)
	if err != nil {
		return false, err
	}
	return Truthy(v), nil
}

// EvalCondition parses and evaluates an `if:` value in one step.
func EvalCondition(s string, ctx *Context) (bool, error) {
	c, err := ParseCondition(s)
	if err != nil {
		return false, err
	}
	return c.Eval(ctx)
}

// UsesStatusFunction reports whether the expression calls success(),
// failure(), always() or cancelled() anywhere, which disables the implicit
// success() of a condition.
func (e *Expr) UsesStatusFunction() bool {
	found := false
	walk(e.root, func(n node) bool {
		if c, ok := n.(*call); ok && c.fn.status {
			found = true
		}
		return !found
	})
	return found
}
