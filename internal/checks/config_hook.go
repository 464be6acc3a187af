package checks

import (
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// hookKeys are the keys pre-commit accepts on a hook entry; others warn.
var hookKeys = map[string]bool{
	"id": true, "alias": true, "name": true, "entry": true, "language": true,
	"language_version": true, "files": true, "exclude": true, "types": true,
	"types_or": true, "exclude_types": true, "args": true, "stages": true,
	"additional_dependencies": true, "always_run": true, "pass_filenames": true,
	"verbose": true, "log_file": true, "require_serial": true, "description": true,
	"minimum_pre_commit_version": true, "fail_fast": true,
}

// hookSet records which keys a config entry set, so manifest defaults
// apply only to the others.
type hookSet map[string]bool

func (d *decoder) hook(cfg *Config, r Repo, n *yaml.Node) (Hook, error) {
	pairs, err := d.pairs(n)
	if err != nil {
		return Hook{}, err
	}
	h := Hook{Repo: r.URL, Rev: r.Rev, Line: n.Line, PassFilenames: true}
	set := hookSet{}
	var filesN, excludeN *yaml.Node
	for _, p := range pairs {
		k, v := p[0], p[1]
		set[k.Value] = true
		err = d.hookKey(&h, k, v)
		switch k.Value {
		case "files":
			filesN = v
		case "exclude":
			excludeN = v
		}
		if err != nil {
			return Hook{}, err
		}
		if !hookKeys[k.Value] {
			d.warnf(k, "unexpected key %q on hook %s", k.Value, h.ID)
		}
	}
	if h.ID == "" {
		return Hook{}, d.errf(n, "missing required key: id (repo %s)", r.URL)
	}
	h.configured = set
	if err := d.resolve(&h, set, n); err != nil {
		return Hook{}, err
	}
	if !set["stages"] && len(h.Stages) == 0 {
		h.Stages = cfg.DefaultStages
	}
	if h.filesRE, err = d.hookRegex(h.Files, filesN, n, "files"); err != nil {
		return Hook{}, err
	}
	if h.excludeRE, err = d.hookRegex(h.Exclude, excludeN, n, "exclude"); err != nil {
		return Hook{}, err
	}
	for _, tags := range [][]string{h.Types, h.TypesOr, h.ExcludeTypes} {
		for _, tag := range tags {
			if !knownTag(tag) {
				d.warnf(n, "hook %s: type tag %q is not recognized by berth; no file will have it", h.ID, tag)
			}
		}
	}
	return h, nil
}

// hookRegex compiles a resolved pattern, blaming the config line that set
// it (or the hook's line for manifest defaults).
func (d *decoder) hookRegex(pattern string, set, hook *yaml.Node, key string) (*regexp.Regexp, error) {
	re, err := CompilePython(pattern)
	if err != nil {
		at := hook
		if set != nil {
			at = set
		}
		return nil, d.errf(at, "%s: %v", key, err)
	}
	return re, nil
}

func (d *decoder) hookKey(h *Hook, k, v *yaml.Node) error {
	var err error
	switch k.Value {
	case "id":
		h.ID, err = d.str(k, v)
	case "alias":
		h.Alias, err = d.str(k, v)
	case "name":
		h.Name, err = d.str(k, v)
	case "entry":
		h.Entry, err = d.str(k, v)
	case "language":
		h.Language, err = d.str(k, v)
	case "files":
		h.Files, err = d.str(k, v)
	case "exclude":
		h.Exclude, err = d.str(k, v)
	case "types":
		h.Types, err = d.strList(k, v)
	case "types_or":
		h.TypesOr, err = d.strList(k, v)
	case "exclude_types":
		h.ExcludeTypes, err = d.strList(k, v)
	case "args":
		h.Args, err = d.strList(k, v)
	case "stages":
		h.Stages, err = d.strList(k, v)
		h.Stages = normalizeStages(h.Stages)
	case "always_run":
		h.AlwaysRun, err = d.boolean(k, v)
	case "pass_filenames":
		h.PassFilenames, err = d.boolean(k, v)
	case "verbose":
		h.Verbose, err = d.boolean(k, v)
	case "fail_fast":
		h.FailFast, err = d.boolean(k, v)
	case "require_serial":
		_, err = d.boolean(k, v)
	case "additional_dependencies":
		_, err = d.strList(k, v)
	}
	return err
}

// resolve merges the manifest defaults of the hook's repository and picks
// the runner.
func (d *decoder) resolve(h *Hook, set hookSet, n *yaml.Node) error {
	switch h.Repo {
	case RepoLocal:
		for _, key := range []string{"name", "entry", "language"} {
			if !set[key] {
				return d.errf(n, "local hook %s: missing required key: %s", h.ID, key)
			}
		}
		if !set["types"] {
			h.Types = []string{"file"}
		}
		h.run, h.unsupported = localRunner(h)
		h.external = h.Language == "system" || h.Language == "script"
	case RepoMeta:
		m, ok := metaManifest[h.ID]
		if !ok {
			return d.errf(n, "meta hook %s does not exist; meta hooks: check-hooks-apply, check-useless-excludes, identity", h.ID)
		}
		m.apply(h, set, "")
	default:
		m, ok := manifest[h.ID]
		if !ok {
			if !set["types"] {
				h.Types = []string{"file"}
			}
			if h.Name == "" {
				h.Name = h.ID
			}
			h.unsupported = fmt.Sprintf("berth does not implement hook %s (from %s); supported: %s",
				h.ID, h.Repo, strings.Join(SupportedHooks(), ", "))
			break
		}
		m.apply(h, set, h.Rev)
	}
	if !set["exclude"] && h.Exclude == "" {
		h.Exclude = "^$"
	}
	return nil
}

// normalizeStages maps pre-commit's legacy stage names to the current ones.
func normalizeStages(stages []string) []string {
	out := make([]string, 0, len(stages))
	for _, s := range stages {
		switch s {
		case "commit":
			s = "pre-commit"
		case "push":
			s = "pre-push"
		case "merge-commit":
			s = "pre-merge-commit"
		}
		out = append(out, s)
	}
	return out
}
