package cfnnag

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Sentinel errors of parsing.
var (
	// ErrSyntax marks text that is neither YAML nor JSON.
	ErrSyntax = errors.New("template syntax error")
	// ErrNotTemplate marks a document that is not a CloudFormation
	// template (not a mapping, or no Resources).
	ErrNotTemplate = errors.New("not a CloudFormation template")
)

// maxDepth bounds nesting, so hostile input cannot exhaust the stack.
const maxDepth = 512

// shortForms maps the YAML short-form tags to the long-form keys.
var shortForms = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition",
	"!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr", "!FindInMap": "Fn::FindInMap",
	"!GetAtt": "Fn::GetAtt", "!GetAZs": "Fn::GetAZs", "!ImportValue": "Fn::ImportValue",
	"!Join": "Fn::Join", "!Select": "Fn::Select", "!Split": "Fn::Split", "!Sub": "Fn::Sub",
	"!Transform": "Fn::Transform", "!And": "Fn::And", "!Equals": "Fn::Equals",
	"!If": "Fn::If", "!Not": "Fn::Not", "!Or": "Fn::Or", "!Length": "Fn::Length",
	"!ToJsonString": "Fn::ToJsonString", "!ForEach": "Fn::ForEach",
}

// ParseValue parses template text (YAML with CloudFormation short tags, or
// JSON) into a Value tree. It never panics on bad input.
func ParseValue(body []byte) (*Value, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(body, &doc); err != nil {
		if t := bytes.TrimSpace(body); len(t) > 0 && t[0] == '{' {
			// JSON that YAML rejects (tab indentation): read it as JSON.
			return parseJSON(body)
		}
		return nil, fmt.Errorf("%w: %s", ErrSyntax, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return &Value{Kind: Null}, nil
	}
	c := &converter{budget: maxNodes}
	return c.convert(doc.Content[0], 0)
}

// maxNodes bounds the nodes one template expands to, so aliases cannot
// multiply a small document into an exponential one.
const maxNodes = 1 << 18

// converter turns yaml.v3 nodes into Values within a node budget.
type converter struct{ budget int }

func (c *converter) convert(n *yaml.Node, depth int) (*Value, error) {
	c.budget--
	if c.budget < 0 {
		return nil, fmt.Errorf("%w: template expands to more than %d nodes", ErrSyntax, maxNodes)
	}
	if depth > maxDepth {
		return nil, fmt.Errorf("%w: line %d: nesting deeper than %d", ErrSyntax, n.Line, maxDepth)
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return nil, fmt.Errorf("%w: line %d: unknown alias", ErrSyntax, n.Line)
		}
		return c.convert(n.Alias, depth+1)
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return c.convertShortForm(n, depth)
	}
	return c.convertPlain(n, depth)
}

func (c *converter) convertPlain(n *yaml.Node, depth int) (*Value, error) {
	v := &Value{Line: n.Line}
	switch n.Kind {
	case yaml.ScalarNode:
		v.Kind, v.Str, v.Tag = Scalar, n.Value, n.Tag
		if n.Tag == "!!null" {
			v.Kind = Null
		}
	case yaml.SequenceNode:
		v.Kind = List
		for _, child := range n.Content {
			item, err := c.convert(child, depth+1)
			if err != nil {
				return nil, err
			}
			v.Items = append(v.Items, item)
		}
	case yaml.MappingNode:
		v.Kind, v.Fields = Map, map[string]*Value{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("%w: line %d: mapping keys must be strings", ErrSyntax, k.Line)
			}
			if _, dup := v.Fields[k.Value]; dup {
				return nil, fmt.Errorf("%w: line %d: duplicate key %q", ErrSyntax, k.Line, k.Value)
			}
			val, err := c.convert(n.Content[i+1], depth+1)
			if err != nil {
				return nil, err
			}
			val = withKeyLine(val, k.Line)
			v.Keys = append(v.Keys, k.Value)
			v.Fields[k.Value] = val
		}
	default:
		v.Kind = Null
	}
	return v, nil
}

// convertShortForm turns "!Sub x" into {"Fn::Sub": x}. !GetAtt's dotted
// scalar form becomes the two-element list of the long form.
func (c *converter) convertShortForm(n *yaml.Node, depth int) (*Value, error) {
	key, ok := shortForms[n.Tag]
	if !ok {
		return nil, fmt.Errorf("%w: line %d: unknown tag %s", ErrSyntax, n.Line, n.Tag)
	}
	plain := *n
	plain.Tag = ""
	if n.Kind == yaml.ScalarNode {
		plain.Tag = "!!str"
	}
	arg, err := c.convertPlain(&plain, depth+1)
	if err != nil {
		return nil, err
	}
	if key == "Fn::GetAtt" && arg.Kind == Scalar {
		res, attr, _ := strings.Cut(arg.Str, ".")
		arg = &Value{Kind: List, Line: n.Line, Items: []*Value{
			{Kind: Scalar, Tag: "!!str", Str: res, Line: n.Line},
			{Kind: Scalar, Tag: "!!str", Str: attr, Line: n.Line},
		}}
	}
	return &Value{Kind: Map, Line: n.Line, Keys: []string{key}, Fields: map[string]*Value{key: arg}}, nil
}

// withKeyLine sets the key line on a copy when the value is shared through
// an alias, so one alias target does not get several key lines.
func withKeyLine(v *Value, line int) *Value {
	if v.KeyLine != 0 && v.KeyLine != line {
		c := *v
		v = &c
	}
	v.KeyLine = line
	return v
}
