package template

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// shortTags maps CloudFormation's YAML short-form tags to their long names.
var shortTags = map[string]string{
	"!Ref":         "Ref",
	"!Condition":   "Condition",
	"!GetAtt":      "Fn::GetAtt",
	"!Sub":         "Fn::Sub",
	"!Join":        "Fn::Join",
	"!If":          "Fn::If",
	"!Select":      "Fn::Select",
	"!Split":       "Fn::Split",
	"!FindInMap":   "Fn::FindInMap",
	"!Equals":      "Fn::Equals",
	"!And":         "Fn::And",
	"!Or":          "Fn::Or",
	"!Not":         "Fn::Not",
	"!Base64":      "Fn::Base64",
	"!GetAZs":      "Fn::GetAZs",
	"!ImportValue": "Fn::ImportValue",
	"!Cidr":        "Fn::Cidr",
	"!Transform":   "Fn::Transform",
}

// converter turns a YAML node tree into plain values, recording the position
// of every value by JSON pointer and the key order of top-level sections.
type converter struct {
	format Format
	pos    map[string]Pos
	order  map[string][]string
}

func (c *converter) document(n *yaml.Node) (any, error) {
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil, nil
		}
		n = n.Content[0]
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil
	}
	return c.value(n, "")
}

func (c *converter) value(n *yaml.Node, path string) (any, error) {
	c.pos[path] = Pos{Line: n.Line, Column: n.Column}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return nil, notWellFormed(c.format, n, "YAML aliases and anchors are not allowed in CloudFormation templates")
	}
	if name, ok := shortTags[n.Tag]; ok {
		return c.shortForm(n, path, name)
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return nil, notWellFormed(c.format, n, "unknown tag "+n.Tag)
	}
	switch n.Kind {
	case yaml.MappingNode:
		return c.mapping(n, path)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for i, item := range n.Content {
			v, err := c.value(item, pointer(path, strconv.Itoa(i)))
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.ScalarNode:
		return c.scalar(n, path)
	}
	return nil, notWellFormed(c.format, n, "unexpected node")
}

func (c *converter) mapping(n *yaml.Node, path string) (any, error) {
	out := make(map[string]any, len(n.Content)/2)
	var keys []string
	record := strings.Count(path, "/") <= 1
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if kn.Kind != yaml.ScalarNode {
			return nil, notWellFormed(c.format, kn, "mapping keys must be strings")
		}
		if kn.Tag == "!!merge" {
			return nil, notWellFormed(c.format, kn, "YAML merge keys are not allowed in CloudFormation templates")
		}
		key := kn.Value
		if _, dup := out[key]; dup {
			return nil, notWellFormed(c.format, kn, "duplicate key "+strconv.Quote(key))
		}
		child := pointer(path, key)
		v, err := c.value(vn, child)
		if err != nil {
			return nil, err
		}
		c.pos[child] = Pos{Line: kn.Line, Column: kn.Column}
		out[key] = v
		if record {
			keys = append(keys, key)
		}
	}
	if record {
		c.order[path] = keys
	}
	return out, nil
}

var jsonNumberRe = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

func (c *converter) scalar(n *yaml.Node, path string) (any, error) {
	switch n.Tag {
	case "!!null":
		e := formatErr("[%s] 'null' values are not allowed in templates", path)
		e.Path, e.Line, e.Column = path, n.Line, n.Column
		return nil, e
	case "!!bool":
		return strings.EqualFold(n.Value, "true"), nil
	case "!!int":
		if jsonNumberRe.MatchString(n.Value) {
			return json.Number(n.Value), nil
		}
		if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
			return json.Number(strconv.FormatInt(i, 10)), nil
		}
		return n.Value, nil
	case "!!float":
		if jsonNumberRe.MatchString(n.Value) {
			return json.Number(n.Value), nil
		}
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil && !isInfOrNaN(f) {
			return json.Number(strconv.FormatFloat(f, 'f', -1, 64)), nil
		}
		return n.Value, nil
	}
	// !!str, !!timestamp (AWSTemplateFormatVersion: 2010-09-09), !!binary.
	return n.Value, nil
}

func isInfOrNaN(f float64) bool { return f != f || f > 1e308 || f < -1e308 }

// shortForm converts a tagged node into the long form of the function.
func (c *converter) shortForm(n *yaml.Node, path, name string) (any, error) {
	inner := pointer(path, name)
	c.pos[inner] = Pos{Line: n.Line, Column: n.Column}
	if n.Kind == yaml.ScalarNode {
		if name == "Fn::GetAtt" {
			res, attr, _ := strings.Cut(n.Value, ".")
			args := []any{res}
			if attr != "" {
				args = append(args, attr)
			}
			return map[string]any{name: args}, nil
		}
		return map[string]any{name: n.Value}, nil
	}
	cp := *n
	cp.Tag = ""
	v, err := c.value(&cp, inner)
	if err != nil {
		return nil, err
	}
	return map[string]any{name: v}, nil
}
