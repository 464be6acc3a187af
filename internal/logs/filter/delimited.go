package filter

// fieldCmp is `name op value`, one comparison on a delimited field.
type fieldCmp struct {
	op  string
	val value
}

// fieldExpr is a field's condition in disjunctive normal form: it holds
// when every comparison of at least one group holds (&& binds tighter
// than ||). An empty fieldExpr always holds.
type fieldExpr [][]fieldCmp

func (e fieldExpr) eval(f string) bool {
	if len(e) == 0 {
		return true
	}
	for _, group := range e {
		ok := true
		for _, c := range group {
			if !compareText(c.op, c.val, f) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// delimField is one entry of a space-delimited pattern.
type delimField struct {
	ellipsis bool
	name     string
	expr     fieldExpr
}

// delimPattern matches messages split into space-delimited fields.
type delimPattern struct{ fields []delimField }

// parseDelimited parses `[name, ..., name op value && name op value, ...]`.
// A field's conditions may only name that field, so that matching stays
// a linear-time alignment of pattern fields to message fields.
func parseDelimited(src string) (matcher, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	if err := p.punct("["); err != nil {
		return nil, err
	}
	var out delimPattern
	for {
		f, err := p.delimField()
		if err != nil {
			return nil, err
		}
		out.fields = append(out.fields, f)
		if p.isPunct(",") {
			p.next()
			continue
		}
		if err := p.punct("]"); err != nil {
			return nil, err
		}
		break
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, syntaxErr(t.pos, "unexpected %s after ']'", describe(t))
	}
	return &out, nil
}

func (p *parser) delimField() (delimField, error) {
	t := p.next()
	if t.kind != tokWord {
		return delimField{}, syntaxErr(t.pos, "expected a field name or ..., found %s", describe(t))
	}
	if t.text == "..." {
		return delimField{ellipsis: true}, nil
	}
	f := delimField{name: t.text}
	if p.peek().kind != tokOp {
		return f, nil
	}
	var group []fieldCmp
	first := true
	for {
		if !first {
			nt := p.next()
			if nt.kind != tokWord || nt.text != f.name {
				return delimField{}, syntaxErr(nt.pos, "a condition on field %s must name %s, found %s", f.name, f.name, describe(nt))
			}
		}
		first = false
		op := p.next()
		if op.kind != tokOp {
			return delimField{}, syntaxErr(op.pos, "expected an operator, found %s", describe(op))
		}
		v, err := parseValue(p.next())
		if err != nil {
			return delimField{}, err
		}
		if err := checkOp(op.text, v, op.pos); err != nil {
			return delimField{}, err
		}
		group = append(group, fieldCmp{op: op.text, val: v})
		switch p.peek().kind {
		case tokAnd:
			p.next()
			continue
		case tokOr:
			p.next()
			f.expr = append(f.expr, group)
			group = nil
			continue
		}
		f.expr = append(f.expr, group)
		return f, nil
	}
}

func (p *delimPattern) match(msg string) bool {
	fields := splitFields(msg)
	// ok[i][j]: pattern fields i.. can match message fields j..
	// Computed backwards; ellipsis absorbs any number of fields.
	n, m := len(p.fields), len(fields)
	next := make([]bool, m+1)
	next[m] = true
	cur := make([]bool, m+1)
	for i := n - 1; i >= 0; i-- {
		pf := p.fields[i]
		for j := m; j >= 0; j-- {
			switch {
			case pf.ellipsis:
				cur[j] = next[j] || (j < m && cur[j+1])
			case j < m:
				cur[j] = next[j+1] && pf.expr.eval(fields[j])
			default:
				cur[j] = false
			}
		}
		next, cur = cur, next
	}
	return next[0]
}

// splitFields splits a message on spaces; a field in "double quotes" or
// [brackets] is one field, without its delimiters.
func splitFields(msg string) []string {
	var out []string
	i := 0
	for i < len(msg) {
		if isSpace(msg[i]) {
			i++
			continue
		}
		var end byte
		switch msg[i] {
		case '"':
			end = '"'
		case '[':
			end = ']'
		}
		if end != 0 {
			j := i + 1
			for j < len(msg) && msg[j] != end {
				j++
			}
			out = append(out, msg[i+1:j])
			i = j + 1
			continue
		}
		j := i
		for j < len(msg) && !isSpace(msg[j]) {
			j++
		}
		out = append(out, msg[i:j])
		i = j
	}
	return out
}
