package checks

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// DefaultConfigName is the config file pre-commit reads at a repo's root.
const DefaultConfigName = ".pre-commit-config.yaml"

// LoadConfig reads and resolves a .pre-commit-config.yaml. Errors wrap a
// *ConfigError naming file:line, and ErrInvalidConfig.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("checks: load config %s: %w", path, err)
	}
	cfg, err := ParseConfig(filepath.ToSlash(path), data)
	if err != nil {
		return nil, fmt.Errorf("checks: load config: %w", err)
	}
	return cfg, nil
}

// ParseConfig parses config text; name is used in messages only. It never
// panics on bad input.
func ParseConfig(name string, data []byte) (*Config, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := yamlLineRE.ReplaceAllString(strings.TrimPrefix(err.Error(), "yaml: "), "")
		return nil, &ConfigError{File: name, Line: yamlErrLine(err), Msg: strings.TrimLeft(msg, ": ")}
	}
	d := &decoder{file: name}
	cfg := &Config{Path: name, Exclude: "^$"}
	if len(doc.Content) == 0 {
		return nil, d.errf(&doc, "empty config: expected a mapping with a repos list")
	}
	root := doc.Content[0]
	switch root.Kind {
	case yaml.SequenceNode:
		// The pre-1.0 format: the file is the repos list itself.
		cfg.Warnings = append(cfg.Warnings, name+": the top-level list format is deprecated; put the list under `repos:`")
		if err := d.repos(cfg, root); err != nil {
			return nil, err
		}
	case yaml.MappingNode:
		if err := d.root(cfg, root); err != nil {
			return nil, err
		}
	default:
		return nil, d.errf(root, "expected a mapping with a repos list")
	}
	cfg.Warnings = append(cfg.Warnings, d.warnings...)
	return cfg, nil
}

// decoder walks the YAML node tree, so that every error has a line.
type decoder struct {
	file     string
	warnings []string
}

func (d *decoder) errf(n *yaml.Node, format string, args ...any) error {
	return &ConfigError{File: d.file, Line: n.Line, Msg: fmt.Sprintf(format, args...)}
}

func (d *decoder) warnf(n *yaml.Node, format string, args ...any) {
	d.warnings = append(d.warnings, fmt.Sprintf("%s:%d: ", d.file, n.Line)+fmt.Sprintf(format, args...))
}

// pairs returns the key/value nodes of a mapping, refusing duplicates.
func (d *decoder) pairs(n *yaml.Node) ([][2]*yaml.Node, error) {
	if n.Kind != yaml.MappingNode {
		return nil, d.errf(n, "expected a mapping")
	}
	var out [][2]*yaml.Node
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, d.errf(k, "expected a string key")
		}
		if seen[k.Value] {
			return nil, d.errf(k, "duplicate key %q", k.Value)
		}
		seen[k.Value] = true
		out = append(out, [2]*yaml.Node{k, v})
	}
	return out, nil
}

func (d *decoder) str(key, v *yaml.Node) (string, error) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		return "", d.errf(v, "%s: expected a string", key.Value)
	}
	return v.Value, nil
}

func (d *decoder) boolean(key, v *yaml.Node) (bool, error) {
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
		return false, d.errf(v, "%s: expected true or false", key.Value)
	}
	var b bool
	if err := v.Decode(&b); err != nil {
		return false, d.errf(v, "%s: expected true or false", key.Value)
	}
	return b, nil
}

func (d *decoder) strList(key, v *yaml.Node) ([]string, error) {
	if v.Kind != yaml.SequenceNode {
		return nil, d.errf(v, "%s: expected a list of strings", key.Value)
	}
	out := make([]string, 0, len(v.Content))
	for _, item := range v.Content {
		if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
			return nil, d.errf(item, "%s: expected a list of strings", key.Value)
		}
		out = append(out, item.Value)
	}
	return out, nil
}

func (d *decoder) regex(key, v *yaml.Node) (string, *regexp.Regexp, error) {
	s, err := d.str(key, v)
	if err != nil {
		return "", nil, err
	}
	re, err := CompilePython(s)
	if err != nil {
		return "", nil, d.errf(v, "%s: %v", key.Value, err)
	}
	return s, re, nil
}

var rootKeys = []string{"repos", "files", "exclude", "fail_fast", "default_stages",
	"default_language_version", "default_install_hook_types", "minimum_pre_commit_version", "ci"}

func (d *decoder) root(cfg *Config, n *yaml.Node) error {
	pairs, err := d.pairs(n)
	if err != nil {
		return err
	}
	var repos *yaml.Node
	for _, p := range pairs {
		k, v := p[0], p[1]
		switch k.Value {
		case "repos":
			repos = v
		case "files":
			cfg.Files, cfg.filesRE, err = d.regex(k, v)
		case "exclude":
			cfg.Exclude, cfg.excludeRE, err = d.regex(k, v)
		case "fail_fast":
			cfg.FailFast, err = d.boolean(k, v)
		case "default_stages":
			cfg.DefaultStages, err = d.strList(k, v)
			cfg.DefaultStages = normalizeStages(cfg.DefaultStages)
		default:
			if !slices.Contains(rootKeys, k.Value) {
				d.warnf(k, "unexpected key %q at the root of the config", k.Value)
			}
		}
		if err != nil {
			return err
		}
	}
	if repos == nil {
		return d.errf(n, "missing required key: repos")
	}
	return d.repos(cfg, repos)
}

func (d *decoder) repos(cfg *Config, n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode {
		return d.errf(n, "repos: expected a list")
	}
	for _, item := range n.Content {
		repo, err := d.repo(cfg, item)
		if err != nil {
			return err
		}
		cfg.Repos = append(cfg.Repos, repo)
	}
	return nil
}

func (d *decoder) repo(cfg *Config, n *yaml.Node) (Repo, error) {
	pairs, err := d.pairs(n)
	if err != nil {
		return Repo{}, err
	}
	r := Repo{Line: n.Line}
	var hooks *yaml.Node
	for _, p := range pairs {
		k, v := p[0], p[1]
		switch k.Value {
		case "repo":
			r.URL, err = d.str(k, v)
		case "rev", "sha":
			r.Rev, err = d.str(k, v)
		case "hooks":
			hooks = v
		default:
			d.warnf(k, "unexpected key %q in repo entry", k.Value)
		}
		if err != nil {
			return Repo{}, err
		}
	}
	switch {
	case r.URL == "":
		return Repo{}, d.errf(n, "missing required key: repo")
	case hooks == nil:
		return Repo{}, d.errf(n, "missing required key: hooks (repo %s)", r.URL)
	case r.URL != RepoLocal && r.URL != RepoMeta && r.Rev == "":
		return Repo{}, d.errf(n, "missing required key: rev (repo %s)", r.URL)
	case hooks.Kind != yaml.SequenceNode:
		return Repo{}, d.errf(hooks, "hooks: expected a list")
	}
	for _, hn := range hooks.Content {
		h, err := d.hook(cfg, r, hn)
		if err != nil {
			return Repo{}, err
		}
		r.Hooks = append(r.Hooks, h)
	}
	return r, nil
}
