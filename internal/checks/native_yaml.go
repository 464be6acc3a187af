package checks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

var checkYAMLSpec = argSpec{
	flags: map[string]string{"-m": "multi", "--multi": "multi", "--allow-multiple-documents": "multi", "--unsafe": "unsafe"},
}

// safeTags are the tags a YAML safe loader constructs. Anything else — a
// CloudFormation short form like !Ref or !Sub included — makes check-yaml
// fail, exactly as pre-commit-hooks' ruamel safe loader does; that is why
// configs exclude CloudFormation templates from check-yaml.
var safeTags = map[string]bool{
	"": true, "!": true, "!!null": true, "!!bool": true, "!!int": true, "!!float": true,
	"!!str": true, "!!seq": true, "!!map": true, "!!binary": true, "!!timestamp": true,
	"!!omap": true, "!!pairs": true, "!!set": true, "!!merge": true,
}

// runCheckYAML checks that files load as YAML: one document unless
// --allow-multiple-documents, only standard tags and no duplicate keys
// unless --unsafe (syntax only).
func runCheckYAML(_ context.Context, rc *runContext, h *Hook, files []string) outcome {
	a, bad := parseHookArgs(h, checkYAMLSpec)
	if bad != nil {
		return *bad
	}
	var o outcome
	var out strings.Builder
	for _, name := range append(files, a.rest...) {
		b, err := os.ReadFile(rc.path(name))
		if err == nil {
			err = CheckYAML(name, b, a.set["multi"] || a.set["unsafe"], a.set["unsafe"])
		}
		if err != nil {
			out.WriteString(err.Error() + "\n")
			o.code = 1
		}
	}
	o.out = out.String()
	return o
}

// CheckYAML validates YAML the way pre-commit-hooks' check-yaml does; the
// error text follows ruamel's ("...\n  in "file", line L, column C").
func CheckYAML(name string, b []byte, multi, unsafe bool) error {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	for count := 0; ; count++ {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return syntaxError(name, err)
		}
		if count == 1 && !multi {
			return fmt.Errorf("expected a single document in the stream\n%s\nbut found another document\n%s",
				mark(name, 1, 1), mark(name, doc.Line, doc.Column))
		}
		if unsafe {
			continue
		}
		if err := checkSafeNode(name, &doc); err != nil {
			return err
		}
		var v any
		if err := doc.Decode(&v); err != nil {
			return syntaxError(name, err)
		}
	}
}

func mark(name string, line, col int) string {
	return fmt.Sprintf("  in %q, line %d, column %d", name, line, col)
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// yamlErrLine extracts the line number of a yaml.v3 error (0 if none).
func yamlErrLine(err error) int {
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

func syntaxError(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if line := yamlErrLine(err); line > 0 {
		msg = yamlLineRE.ReplaceAllString(msg, "")
		msg = strings.TrimLeft(msg, ": ")
		return fmt.Errorf("%s\n  in %q, line %d", msg, name, line)
	}
	return fmt.Errorf("%s\n  in %q", msg, name)
}

// checkSafeNode refuses tags a safe loader cannot construct and duplicate
// mapping keys.
func checkSafeNode(name string, n *yaml.Node) error {
	if !safeTags[n.Tag] && n.Kind != yaml.AliasNode {
		return fmt.Errorf("could not determine a constructor for the tag '%s'\n%s", n.Tag, mark(name, n.Line, n.Column))
	}
	if n.Kind == yaml.MappingNode {
		seen := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode || k.Value == "<<" {
				continue
			}
			key := k.Tag + "\x00" + k.Value
			if first, dup := seen[key]; dup {
				return fmt.Errorf("while constructing a mapping\n%s\nfound duplicate key %q (first defined at line %d)\n%s",
					mark(name, n.Line, n.Column), k.Value, first.Line, mark(name, k.Line, k.Column))
			}
			seen[key] = k
		}
	}
	for _, c := range n.Content {
		if err := checkSafeNode(name, c); err != nil {
			return err
		}
	}
	return nil
}
