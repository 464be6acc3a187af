package filter

import (
	"encoding/json"
	"strings"
)

// cond is a node of a JSON pattern's boolean expression.
type cond interface {
	eval(doc any) bool
}

type andCond struct{ l, r cond }

func (c andCond) eval(doc any) bool { return c.l.eval(doc) && c.r.eval(doc) }

type orCond struct{ l, r cond }

func (c orCond) eval(doc any) bool { return c.l.eval(doc) || c.r.eval(doc) }

// cmpCond is `selector op value`; with [*] it holds if any element does.
type cmpCond struct {
	sel selector
	op  string
	val value
}

func (c cmpCond) eval(doc any) bool {
	for _, f := range c.sel.resolve(doc) {
		if compareJSON(c.op, c.val, f) {
			return true
		}
	}
	return false
}

// isCond is `selector IS NULL|TRUE|FALSE`.
type isCond struct {
	sel  selector
	want any // nil, true or false
}

func (c isCond) eval(doc any) bool {
	for _, f := range c.sel.resolve(doc) {
		if f == c.want {
			return true
		}
	}
	return false
}

// notExistsCond is `selector NOT EXISTS`.
type notExistsCond struct{ sel selector }

func (c notExistsCond) eval(doc any) bool { return len(c.sel.resolve(doc)) == 0 }

// jsonPattern matches messages that are JSON documents satisfying expr.
type jsonPattern struct{ expr cond }

func (p *jsonPattern) match(msg string) bool {
	s := strings.TrimSpace(msg)
	if s == "" || (s[0] != '{' && s[0] != '[') {
		return false
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return false
	}
	return p.expr.eval(doc)
}

// parseJSONPattern parses `{ expr }`.
func parseJSONPattern(src string) (matcher, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	if err := p.punct("{"); err != nil {
		return nil, err
	}
	expr, err := p.jsonOr()
	if err != nil {
		return nil, err
	}
	if err := p.punct("}"); err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, syntaxErr(t.pos, "unexpected %s after '}'", describe(t))
	}
	return &jsonPattern{expr: expr}, nil
}

func (p *parser) jsonOr() (cond, error) {
	l, err := p.jsonAnd()
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tokOr {
		p.next()
		r, err := p.jsonAnd()
		if err != nil {
			return nil, err
		}
		l = orCond{l, r}
	}
	return l, nil
}

func (p *parser) jsonAnd() (cond, error) {
	l, err := p.jsonUnary()
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tokAnd {
		p.next()
		r, err := p.jsonUnary()
		if err != nil {
			return nil, err
		}
		l = andCond{l, r}
	}
	return l, nil
}

func (p *parser) jsonUnary() (cond, error) {
	if p.isPunct("(") {
		p.next()
		c, err := p.jsonOr()
		if err != nil {
			return nil, err
		}
		if err := p.punct(")"); err != nil {
			return nil, err
		}
		return c, nil
	}
	t := p.next()
	if t.kind != tokSelector {
		return nil, syntaxErr(t.pos, "expected a $. selector, found %s", describe(t))
	}
	sel, err := parseSelector(t)
	if err != nil {
		return nil, err
	}
	return p.jsonPredicate(sel)
}

// jsonPredicate parses what follows a selector.
func (p *parser) jsonPredicate(sel selector) (cond, error) {
	t := p.next()
	switch {
	case t.kind == tokOp:
		vt := p.next()
		v, err := parseValue(vt)
		if err != nil {
			return nil, err
		}
		if err := checkOp(t.text, v, t.pos); err != nil {
			return nil, err
		}
		return cmpCond{sel: sel, op: t.text, val: v}, nil
	case isKeyword(t, "IS"):
		k := p.next()
		switch {
		case isKeyword(k, "NULL"):
			return isCond{sel: sel, want: nil}, nil
		case isKeyword(k, "TRUE"):
			return isCond{sel: sel, want: true}, nil
		case isKeyword(k, "FALSE"):
			return isCond{sel: sel, want: false}, nil
		}
		return nil, syntaxErr(k.pos, "expected NULL, TRUE or FALSE after IS, found %s", describe(k))
	case isKeyword(t, "NOT"):
		if k := p.next(); !isKeyword(k, "EXISTS") {
			return nil, syntaxErr(k.pos, "expected EXISTS after NOT, found %s", describe(k))
		}
		return notExistsCond{sel: sel}, nil
	}
	return nil, syntaxErr(t.pos, "expected an operator, IS or NOT EXISTS, found %s", describe(t))
}
