package expr

// node is one element of a parsed expression. pos is the 1-based offset of
// the token that produced it, used in evaluation error messages.
type node interface{ position() int }

// literal is null, a boolean, a number or a string.
type literal struct {
	pos int
	val any
}

// namedValue is a context reference such as github or steps; name is
// lower-cased because context names are case-insensitive.
type namedValue struct {
	pos  int
	name string
}

// index is a.b, a['b'], a[0], a.* or a[*]; key is nil for the wildcard.
type index struct {
	pos    int
	target node
	key    node
}

// not is the ! operator.
type not struct {
	pos int
	x   node
}

// binary is a comparison or a logical operator.
type binary struct {
	pos  int
	op   string
	l, r node
}

// call is a function call; fn is resolved at parse time so an unknown
// function is a syntax error, as on GitHub.
type call struct {
	pos  int
	fn   *function
	args []node
}

func (n *literal) position() int    { return n.pos }
func (n *namedValue) position() int { return n.pos }
func (n *index) position() int      { return n.pos }
func (n *not) position() int        { return n.pos }
func (n *binary) position() int     { return n.pos }
func (n *call) position() int       { return n.pos }

// walk calls visit on n and every node below it, stopping early when visit
// returns false.
func walk(n node, visit func(node) bool) bool {
	if !visit(n) {
		return false
	}
	switch n := n.(type) {
	case *index:
		if !walk(n.target, visit) {
			return false
		}
		if n.key != nil {
			return walk(n.key, visit)
		}
	case *not:
		return walk(n.x, visit)
	case *binary:
		return walk(n.l, visit) && walk(n.r, visit)
	case *call:
		for _, a := range n.args {
			if !walk(a, visit) {
				return false
			}
		}
	}
	return true
}
