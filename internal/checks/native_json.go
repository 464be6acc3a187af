package checks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// runCheckJSON checks that files parse as JSON without duplicate keys
// (pre-commit-hooks' check-json).
func runCheckJSON(_ context.Context, rc *runContext, h *Hook, files []string) outcome {
	a, bad := parseHookArgs(h, argSpec{})
	if bad != nil {
		return *bad
	}
	var o outcome
	var out strings.Builder
	for _, name := range append(files, a.rest...) {
		b, err := os.ReadFile(rc.path(name))
		if err == nil {
			err = CheckJSON(b)
		}
		if err != nil {
			fmt.Fprintf(&out, "%s: Failed to json decode (%v)\n", name, err)
			o.code = 1
		}
	}
	o.out = out.String()
	return o
}

// errDuplicateKey reports a key defined twice in one object.
type errDuplicateKey string

func (e errDuplicateKey) Error() string { return "Duplicate key: " + string(e) }

// pyJSONError carries one of Python's json messages verbatim, so the hook
// prints what pre-commit-hooks' check-json prints.
type pyJSONError string

func (e pyJSONError) Error() string { return string(e) }

// CheckJSON reports whether b holds exactly one JSON value with no
// duplicate object keys; errors carry the line and column.
func CheckJSON(b []byte) error {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := walkJSON(dec); err != nil {
		return locate(b, dec, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return locate(b, dec, pyJSONError("Extra data"))
	}
	return nil
}

// walkJSON consumes one value, checking objects for duplicate keys.
func walkJSON(dec *json.Decoder) error {
	tok, err := dec.Token()
	if errors.Is(err, io.EOF) {
		return pyJSONError("Expecting value")
	}
	if err != nil {
		return err
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	switch delim {
	case '{':
		seen := map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return err
			}
			key, _ := kt.(string)
			if seen[key] {
				return errDuplicateKey(key)
			}
			seen[key] = true
			if err := walkJSON(dec); err != nil {
				return err
			}
		}
	case '[':
		for dec.More() {
			if err := walkJSON(dec); err != nil {
				return err
			}
		}
	}
	_, err = dec.Token() // the closing delimiter
	if errors.Is(err, io.EOF) {
		return errors.New("unexpected end of JSON input")
	}
	return err
}

// locate appends Python's "line L column C (char N)" to a decode error.
func locate(b []byte, dec *json.Decoder, err error) error {
	var dup errDuplicateKey
	if errors.As(err, &dup) {
		return err
	}
	off := int(dec.InputOffset())
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		off = int(syn.Offset)
	}
	off = min(max(off, 0), len(b))
	line := 1 + bytes.Count(b[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(b[:off], '\n')
	return fmt.Errorf("%v: line %d column %d (char %d)", err, line, col, off)
}
