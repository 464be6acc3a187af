package cfnnag

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// parseJSON reads a JSON template into Values, with line numbers taken
// from the decoder's offsets.
func parseJSON(body []byte) (*Value, error) {
	p := &jsonParser{body: body, dec: json.NewDecoder(bytes.NewReader(body))}
	p.dec.UseNumber()
	v, err := p.value(0)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSyntax, err)
	}
	if _, err := p.dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: line %d: extra data after the template", ErrSyntax, p.line())
	}
	return v, nil
}

type jsonParser struct {
	body []byte
	dec  *json.Decoder
}

// line is the line of the next token: the decoder's offset is the end of
// the previous one, so separators and whitespace are skipped first.
func (p *jsonParser) line() int {
	off := min(int(p.dec.InputOffset()), len(p.body))
	for off < len(p.body) && bytes.IndexByte([]byte(" \t\r\n,:"), p.body[off]) >= 0 {
		off++
	}
	return 1 + bytes.Count(p.body[:off], []byte("\n"))
}

func (p *jsonParser) value(depth int) (*Value, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("line %d: nesting deeper than %d", p.line(), maxDepth)
	}
	line := p.line()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, fmt.Errorf("line %d: %v", line, err)
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			return p.list(line, depth)
		}
		return p.object(line, depth)
	case string:
		return &Value{Kind: Scalar, Tag: "!!str", Str: t, Line: line}, nil
	case json.Number:
		return &Value{Kind: Scalar, Tag: "!!int", Str: t.String(), Line: line}, nil
	case bool:
		return &Value{Kind: Scalar, Tag: "!!bool", Str: fmt.Sprint(t), Line: line}, nil
	default:
		return &Value{Kind: Null, Line: line}, nil
	}
}

func (p *jsonParser) list(line, depth int) (*Value, error) {
	v := &Value{Kind: List, Line: line}
	for p.dec.More() {
		item, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		v.Items = append(v.Items, item)
	}
	_, err := p.dec.Token()
	return v, err
}

func (p *jsonParser) object(line, depth int) (*Value, error) {
	v := &Value{Kind: Map, Line: line, Fields: map[string]*Value{}}
	for p.dec.More() {
		keyLine := p.line()
		tok, err := p.dec.Token()
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", keyLine, err)
		}
		key, _ := tok.(string)
		if _, dup := v.Fields[key]; dup {
			return nil, fmt.Errorf("line %d: duplicate key %q", keyLine, key)
		}
		val, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		val.KeyLine = keyLine
		v.Keys = append(v.Keys, key)
		v.Fields[key] = val
	}
	_, err := p.dec.Token()
	return v, err
}
