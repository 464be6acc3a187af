package expr

import (
	"fmt"
	"strings"
)

// Limits GitHub enforces on expressions; berth enforces the same so a
// workflow that works here works there, and so hostile input cannot exhaust
// the stack.
const (
	MaxLength = 21000 // characters in one expression
	MaxDepth  = 50    // nesting of groups, calls, indexes and ! operators
)

// contextNames are the named values an expression may reference. GitHub
// rejects any other top-level name at parse time.
var contextNames = map[string]bool{
	"github": true, "env": true, "secrets": true, "vars": true, "steps": true,
	"job": true, "jobs": true, "runner": true, "needs": true, "inputs": true,
	"matrix": true, "strategy": true,
}

// Expr is a parsed expression, safe for concurrent evaluation.
type Expr struct {
	src  string
	root node
}

// String returns the expression's source text.
func (e *Expr) String() string { return e.src }

// Parse parses an expression written without the surrounding ${{ }}.
// Errors are *SyntaxError (wrapping ErrSyntax) or wrap ErrTooLong/ErrTooDeep.
func Parse(src string) (*Expr, error) {
	if len(src) > MaxLength {
		return nil, fmt.Errorf("expr: parse: %w: %d characters, max %d", ErrTooLong, len(src), MaxLength)
	}
	p := &parser{lex: lexer{src: src}}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tkEOF {
		return nil, p.errorf("Expected an expression")
	}
	root, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tkEOF {
		return nil, p.unexpected()
	}
	return &Expr{src: src, root: root}, nil
}

// parser is a recursive-descent parser over GitHub's precedence levels,
// lowest first: ||, &&, == !=, < <= > >=, !, then . and [ ].
type parser struct {
	lex   lexer
	tok   token
	depth int
}

func (p *parser) advance() error {
	t, err := p.lex.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func (p *parser) errorf(format string, args ...any) error {
	return &SyntaxError{Expr: p.lex.src, Pos: p.tok.pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) unexpected() error {
	if p.tok.kind == tkEOF {
		return p.errorf("Unexpected end of expression")
	}
	return p.errorf("Unexpected symbol: '%s'", p.tok.text)
}

// enter guards nesting depth; every call is paired with a deferred leave.
func (p *parser) enter() error {
	p.depth++
	if p.depth > MaxDepth {
		return fmt.Errorf("expr: parse at position %d: %w: max %d", p.tok.pos, ErrTooDeep, MaxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// parseBinary parses a left-associative chain of the given operators.
func (p *parser) parseBinary(ops []string, operand func() (node, error)) (node, error) {
	l, err := operand()
	if err != nil {
		return nil, err
	}
	for p.tok.kind == tkOp && contains(ops, p.tok.text) {
		op, pos := p.tok.text, p.tok.pos
		if err := p.advance(); err != nil {
			return nil, err
		}
		r, err := operand()
		if err != nil {
			return nil, err
		}
		l = &binary{pos: pos, op: op, l: l, r: r}
	}
	return l, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (p *parser) parseOr() (node, error) {
	return p.parseBinary([]string{"||"}, p.parseAnd)
}

func (p *parser) parseAnd() (node, error) {
	return p.parseBinary([]string{"&&"}, p.parseEquality)
}

func (p *parser) parseEquality() (node, error) {
	return p.parseBinary([]string{"==", "!="}, p.parseComparison)
}

func (p *parser) parseComparison() (node, error) {
	return p.parseBinary([]string{"<", "<=", ">", ">="}, p.parseUnary)
}

func (p *parser) parseUnary() (node, error) {
	if p.tok.kind != tkNot {
		return p.parsePostfix()
	}
	pos := p.tok.pos
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	if err := p.advance(); err != nil {
		return nil, err
	}
	x, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	return &not{pos: pos, x: x}, nil
}

// parsePostfix parses a primary and any property accesses after it. As on
// GitHub, a bare literal cannot be indexed ('abc'[0] is a syntax error).
func (p *parser) parsePostfix() (node, error) {
	isLiteral := p.tok.kind == tkNull || p.tok.kind == tkBool || p.tok.kind == tkNumber || p.tok.kind == tkString
	n, err := p.parsePrimary()
	if err != nil || isLiteral {
		return n, err
	}
	for {
		switch p.tok.kind {
		case tkDot:
			n, err = p.parseDot(n)
		case tkLBracket:
			n, err = p.parseBracket(n)
		default:
			return n, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

func (p *parser) parseDot(target node) (node, error) {
	pos := p.tok.pos
	if err := p.advance(); err != nil {
		return nil, err
	}
	switch p.tok.kind {
	case tkStar:
		return &index{pos: pos, target: target}, p.advance()
	case tkIdent:
		key := &literal{pos: p.tok.pos, val: p.tok.text}
		return &index{pos: pos, target: target, key: key}, p.advance()
	}
	return nil, p.unexpected()
}

func (p *parser) parseBracket(target node) (node, error) {
	pos := p.tok.pos
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	if err := p.advance(); err != nil {
		return nil, err
	}
	var key node
	if p.tok.kind == tkStar {
		if err := p.advance(); err != nil {
			return nil, err
		}
	} else {
		k, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		key = k
	}
	if p.tok.kind != tkRBracket {
		return nil, p.unexpected()
	}
	return &index{pos: pos, target: target, key: key}, p.advance()
}

func (p *parser) parsePrimary() (node, error) {
	t := p.tok
	switch t.kind {
	case tkNull, tkBool, tkNumber, tkString:
		return &literal{pos: t.pos, val: t.val}, p.advance()
	case tkLParen:
		return p.parseGroup()
	case tkIdent:
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind == tkLParen {
			return p.parseCall(t)
		}
		name := strings.ToLower(t.text)
		if !contextNames[name] {
			return nil, &SyntaxError{Expr: p.lex.src, Pos: t.pos, Msg: fmt.Sprintf("Unrecognized named-value: '%s'", t.text)}
		}
		return &namedValue{pos: t.pos, name: name}, nil
	}
	return nil, p.unexpected()
}

func (p *parser) parseGroup() (node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	if err := p.advance(); err != nil {
		return nil, err
	}
	n, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tkRParen {
		return nil, p.unexpected()
	}
	return n, p.advance()
}

func (p *parser) parseCall(name token) (node, error) {
	fn := functions[strings.ToLower(name.text)]
	if fn == nil {
		return nil, &SyntaxError{Expr: p.lex.src, Pos: name.pos, Msg: fmt.Sprintf("Unrecognized function: '%s'", name.text)}
	}
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	if err := p.advance(); err != nil { // past "("
		return nil, err
	}
	var args []node
	for p.tok.kind != tkRParen {
		if len(args) > 0 {
			if p.tok.kind != tkComma {
				return nil, p.unexpected()
			}
			if err := p.advance(); err != nil {
				return nil, err
			}
		}
		a, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		args = append(args, a)
	}
	switch {
	case len(args) < fn.min:
		return nil, &SyntaxError{Expr: p.lex.src, Pos: name.pos, Msg: fmt.Sprintf("Too few parameters supplied: '%s'", name.text)}
	case len(args) > fn.max:
		return nil, &SyntaxError{Expr: p.lex.src, Pos: name.pos, Msg: fmt.Sprintf("Too many parameters supplied: '%s'", name.text)}
	}
	return &call{pos: name.pos, fn: fn, args: args}, p.advance()
}
