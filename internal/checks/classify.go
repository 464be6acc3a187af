package checks

import (
	"os"
	"path/filepath"
	"regexp"
)

// classifier picks each hook's files from the run's candidates, as
// pre-commit's Classifier does: top-level files/exclude first (and files that
// no longer exist dropped), then the hook's files/exclude, then its types.
type classifier struct {
	dir   string
	files []string
	tags  map[string]map[string]bool
}

func newClassifier(dir string, names []string, files, exclude *regexp.Regexp) *classifier {
	c := &classifier{dir: dir, tags: map[string]map[string]bool{}}
	for _, name := range filterIncludeExclude(names, files, exclude) {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			c.files = append(c.files, name)
		}
	}
	return c
}

// filterIncludeExclude keeps the names include matches (re.search) and
// exclude does not. Nil patterns match everything / nothing.
func filterIncludeExclude(names []string, include, exclude *regexp.Regexp) []string {
	var out []string
	for _, n := range names {
		if include != nil && !include.MatchString(n) {
			continue
		}
		if exclude != nil && exclude.MatchString(n) {
			continue
		}
		out = append(out, n)
	}
	return out
}

// tagsOf returns the identify tags of a candidate, computed once.
func (c *classifier) tagsOf(name string) map[string]bool {
	if t, ok := c.tags[name]; ok {
		return t
	}
	t := FileTags(filepath.Join(c.dir, name))
	c.tags[name] = t
	return t
}

// byTypes keeps the names that have every tag of types, at least one of
// typesOr (when given) and none of excludeTypes.
func (c *classifier) byTypes(names, types, typesOr, excludeTypes []string) []string {
	var out []string
	for _, n := range names {
		if c.matchesTypes(c.tagsOf(n), types, typesOr, excludeTypes) {
			out = append(out, n)
		}
	}
	return out
}

func (c *classifier) matchesTypes(tags map[string]bool, types, typesOr, excludeTypes []string) bool {
	for _, t := range types {
		if !tags[t] {
			return false
		}
	}
	if len(typesOr) > 0 {
		found := false
		for _, t := range typesOr {
			found = found || tags[t]
		}
		if !found {
			return false
		}
	}
	for _, t := range excludeTypes {
		if tags[t] {
			return false
		}
	}
	return true
}

// forHook returns the files a hook runs on.
func (c *classifier) forHook(h *Hook) []string {
	return c.byTypes(filterIncludeExclude(c.files, h.filesRE, h.excludeRE), h.Types, h.TypesOr, h.ExcludeTypes)
}
