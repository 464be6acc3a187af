package workflow

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// ParseFilters reads the `filters:` input of dorny/paths-filter: a YAML
// mapping from filter name to a pattern or a list of patterns (nested lists,
// as produced by YAML anchors, are flattened). Change-type rules such as
// `- added: 'src/**'` are rejected with ErrInvalidFilter, since the result
// type cannot carry them; a filters value naming a file must be read by the
// caller first.
func ParseFilters(yamlText string) (map[string][]string, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(yamlText), &doc); err != nil {
		return nil, fmt.Errorf("workflow: parse filters: %w: %w", ErrInvalidFilter, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("workflow: parse filters: %w: expected a mapping of filter names to patterns", ErrInvalidFilter)
	}
	p := &parser{file: "filters"}
	out := map[string][]string{}
	var bad error
	p.each(doc.Content[0], "filters", func(name string, _, v *yaml.Node) {
		var patterns []string
		if err := p.flattenPatterns(v, &patterns); err != nil && bad == nil {
			bad = fmt.Errorf("workflow: parse filters: %w: filter %q: %v", ErrInvalidFilter, name, err)
		}
		out[name] = patterns
	})
	if bad != nil {
		return nil, bad
	}
	if len(p.errs) > 0 {
		return nil, fmt.Errorf("workflow: parse filters: %w: %v", ErrInvalidFilter, p.errs)
	}
	return out, nil
}

func (p *parser) flattenPatterns(n *yaml.Node, out *[]string) error {
	if n = p.resolve(n); n == nil {
		return fmt.Errorf("too large")
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if isNull(n) || n.Value == "" {
			return fmt.Errorf("line %d: empty pattern", n.Line)
		}
		if _, err := compilePicomatch(n.Value); err != nil {
			return fmt.Errorf("line %d: %v", n.Line, err)
		}
		*out = append(*out, n.Value)
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if err := p.flattenPatterns(c, out); err != nil {
				return err
			}
		}
	case yaml.MappingNode:
		return fmt.Errorf("line %d: change-type rules (added/modified/deleted) are not supported", n.Line)
	}
	return nil
}

// MatchFilter reports whether any file matches any pattern, with picomatch
// semantics ({dot: true}) exactly as dorny/paths-filter v2 applies them:
// each pattern is an independent rule and the filter matches when ANY rule
// matches. A !pattern therefore matches every file the pattern does not, so
// ['src/**', '!src/docs/**'] matches nearly everything; that is
// dorny/paths-filter's documented behaviour, reproduced deliberately.
// Patterns that do not compile never match.
func MatchFilter(patterns []string, files []string) bool {
	compiled := make([]picoPattern, 0, len(patterns))
	for _, pat := range patterns {
		if c, err := compilePicomatch(pat); err == nil {
			compiled = append(compiled, c)
		}
	}
	for _, f := range files {
		for _, c := range compiled {
			if c.match(f) {
				return true
			}
		}
	}
	return false
}
