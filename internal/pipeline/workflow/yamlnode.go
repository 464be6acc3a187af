package workflow

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/berth-dev/berth/internal/pipeline/expr"
)

// maxNodes bounds how many YAML nodes one file may expand to, so a file of
// nested aliases (a "billion laughs") cannot exhaust memory or time.
const maxNodes = 100000

// parser accumulates errors while walking one file's YAML tree.
type parser struct {
	file  string
	errs  Errors
	nodes int
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	p.errs = append(p.errs, &Error{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// resolve follows aliases and charges the node budget; nil means the budget
// is spent (already reported).
func (p *parser) resolve(n *yaml.Node) *yaml.Node {
	for depth := 0; n != nil && n.Kind == yaml.AliasNode; depth++ {
		if depth > 100 {
			p.errorf(n, "alias chain too long")
			return nil
		}
		n = n.Alias
	}
	p.nodes++
	if p.nodes == maxNodes {
		p.errorf(n, "workflow too large: more than %d YAML nodes after expanding aliases", maxNodes)
	}
	if p.nodes >= maxNodes {
		return nil
	}
	return n
}

// each walks a mapping's pairs in order, reporting a non-mapping value and
// duplicate keys. A null value counts as an empty mapping.
func (p *parser) each(n *yaml.Node, what string, fn func(key string, k, v *yaml.Node)) {
	if n = p.resolve(n); n == nil || isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping", what)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := p.resolve(n.Content[i]), p.resolve(n.Content[i+1])
		if k == nil || v == nil {
			return
		}
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, "%s: keys must be strings", what)
			continue
		}
		if seen[k.Value] {
			p.errorf(k, "%s: duplicate key %q", what, k.Value)
			continue
		}
		seen[k.Value] = true
		fn(k.Value, k, v)
	}
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func (p *parser) unknown(k *yaml.Node, what string) {
	p.errorf(k, "unknown key %q in %s", k.Value, what)
}

func (p *parser) unsupported(k *yaml.Node, construct string) {
	p.errorf(k, "%s is not supported by berth", construct)
}

// scalar reads a scalar as text (null is ""); what names the field in errors.
func (p *parser) scalar(n *yaml.Node, what string) string {
	if n = p.resolve(n); n == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, "%s must be a string", what)
		return ""
	}
	if isNull(n) {
		return ""
	}
	return n.Value
}

// text reads a scalar that may contain ${{ }} and checks its expressions.
func (p *parser) text(n *yaml.Node, what string) string {
	s := p.scalar(n, what)
	p.checkTemplate(n, what, s)
	return s
}

// literal reads a scalar in which GitHub allows no expressions.
func (p *parser) literal(n *yaml.Node, what string) string {
	s := p.scalar(n, what)
	if expr.HasExpression(s) {
		p.errorf(n, "%s: expressions are not allowed here", what)
	}
	return s
}

func (p *parser) checkTemplate(n *yaml.Node, what, s string) {
	if !expr.HasExpression(s) {
		return
	}
	if _, err := expr.ParseTemplate(s); err != nil {
		p.errorf(n, "%s: %v", what, err)
	}
}

// condition reads an `if:` and checks it parses as GitHub reads it.
func (p *parser) condition(n *yaml.Node, what string) string {
	s := p.scalar(n, what)
	if _, err := expr.ParseCondition(s); err != nil {
		p.errorf(n, "%s: %v", what, err)
	}
	return s
}

// list reads a string or a sequence of strings.
func (p *parser) list(n *yaml.Node, what string, read func(*yaml.Node, string) string) []string {
	if n = p.resolve(n); n == nil || isNull(n) {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		return []string{read(n, what)}
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s must be a string or a list of strings", what)
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, item := range n.Content {
		out = append(out, read(item, what))
	}
	return out
}

// stringMap reads a mapping of scalars (env, with, outputs), checking the
// expressions in its values.
func (p *parser) stringMap(n *yaml.Node, what string) map[string]string {
	out := map[string]string{}
	p.each(n, what, func(key string, _, v *yaml.Node) {
		out[key] = p.text(v, what+"."+key)
	})
	if len(out) == 0 {
		return nil
	}
	return out
}

// boolOrExpr reads true/false or a ${{ }} expression.
func (p *parser) boolOrExpr(n *yaml.Node, what string) BoolOrExpr {
	s := p.scalar(n, what)
	if expr.HasExpression(s) {
		p.checkTemplate(n, what, s)
		return BoolOrExpr{Expr: s}
	}
	switch s {
	case "true":
		return BoolOrExpr{Value: true}
	case "false", "":
		return BoolOrExpr{}
	}
	p.errorf(n, "%s must be true, false or an expression, got %q", what, s)
	return BoolOrExpr{}
}

// numberOrExpr reads a non-negative number or a ${{ }} expression.
func (p *parser) numberOrExpr(n *yaml.Node, what string) NumberOrExpr {
	s := p.scalar(n, what)
	if expr.HasExpression(s) {
		p.checkTemplate(n, what, s)
		return NumberOrExpr{Expr: s, Set: true}
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		p.errorf(n, "%s must be a non-negative number or an expression, got %q", what, s)
		return NumberOrExpr{}
	}
	return NumberOrExpr{Value: f, Set: true}
}

// value converts any YAML node to the expression value model (for matrix
// entries): strings, float64, bool, nil, []any, map[string]any.
func (p *parser) value(n *yaml.Node) any {
	if n = p.resolve(n); n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			out = append(out, p.value(c))
		}
		return out
	case yaml.MappingNode:
		out := map[string]any{}
		p.each(n, "matrix value", func(key string, _, v *yaml.Node) { out[key] = p.value(v) })
		return out
	}
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		return n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
	case "!!int", "!!float":
		if f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64); err == nil {
			return f
		}
	}
	return n.Value
}
