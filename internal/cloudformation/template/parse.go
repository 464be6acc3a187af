package template

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Parse reads a template in JSON or YAML and checks the structure of its
// sections. It does not check references between sections, resource types
// or properties: that is Validate's job, so callers can parse templates they
// only want to summarize.
//
// Parse never panics on bad input: a panic inside the YAML decoder is turned
// into a "not well-formed" error.
func Parse(body []byte) (t *Template, err error) {
	format := detectFormat(body)
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, formatErr("%s not well-formed.", format)
		}
	}()
	root, perr := decode(body, format)
	if perr != nil {
		return nil, perr
	}
	c := &converter{format: format, pos: map[string]Pos{}, order: map[string][]string{}}
	v, cerr := c.document(root)
	if cerr != nil {
		return nil, cerr
	}
	top, ok := v.(map[string]any)
	if !ok {
		return nil, formatErr("unsupported structure.")
	}
	t = &Template{Format: format, pos: c.pos}
	if err := t.build(top, c.order); err != nil {
		return nil, err
	}
	return t, nil
}

// detectFormat reports JSON when the body starts with '{', as CloudFormation
// does; anything else is YAML.
func detectFormat(body []byte) Format {
	if b := bytes.TrimLeft(body, " \t\r\n\ufeff"); len(b) > 0 && b[0] == '{' {
		return FormatJSON
	}
	return FormatYAML
}

// decode parses the body into a YAML node tree. yaml.v3 reads JSON too and,
// unlike encoding/json, keeps line numbers; encoding/json is only used to word
// JSON syntax errors the way CloudFormation does.
func decode(body []byte, format Format) (*yaml.Node, error) {
	if format == FormatJSON && !json.Valid(body) {
		var n yaml.Node
		if err := yaml.Unmarshal(body, &n); err == nil {
			return &n, nil // flow-style YAML that merely starts with '{'
		}
		return nil, jsonSyntaxError(body)
	}
	var n yaml.Node
	if err := yaml.Unmarshal(body, &n); err != nil {
		return nil, yamlSyntaxError(err)
	}
	return &n, nil
}

func jsonSyntaxError(body []byte) error {
	var v any
	err := json.Unmarshal(body, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) && int(se.Offset) < len(body) {
		// Offset counts the offending byte; point at it.
		line, col := lineCol(body, int(se.Offset)-1)
		return formatErr("JSON not well-formed. (line %d, column %d)", line, col)
	}
	// Valid tokens but truncated: point at the end of the body.
	line, col := lineCol(body, len(body))
	return formatErr("JSON not well-formed. (line %d, column %d)", line, col)
}

var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func yamlSyntaxError(err error) error {
	msg := err.Error()
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		e := formatErr("YAML not well-formed. (line %d): %s", line, m[2])
		e.Line = line
		return e
	}
	return formatErr("YAML not well-formed. (%s)", trimYAMLPrefix(msg))
}

func trimYAMLPrefix(s string) string {
	if len(s) > 6 && s[:6] == "yaml: " {
		return s[6:]
	}
	return s
}

// lineCol converts a byte offset into a 1-based line and column.
func lineCol(body []byte, off int) (int, int) {
	if off > len(body) {
		off = len(body)
	}
	line := 1 + bytes.Count(body[:off], []byte{'\n'})
	col := off - bytes.LastIndexByte(body[:off], '\n')
	return line, col
}

// notWellFormed words a structural YAML/JSON problem found while converting
// nodes, with the node's position.
func notWellFormed(format Format, n *yaml.Node, detail string) *Error {
	e := formatErr("%s not well-formed. (line %d, column %d): %s", format, n.Line, n.Column, detail)
	e.Line, e.Column = n.Line, n.Column
	return e
}
