package checks

import (
	"context"
	"fmt"
	"regexp"
	"strings"
)

// allFilesClassifier classifies every tracked file with the config's
// top-level filters, as the meta hooks do whatever files the run checks.
func (rc *runContext) allFilesClassifier(ctx context.Context, exclude *regexp.Regexp) (*classifier, error) {
	tracked, err := rc.trackedFiles(ctx)
	if err != nil {
		return nil, err
	}
	return newClassifier(rc.dir, tracked, rc.cfg.filesRE, exclude), nil
}

// runCheckHooksApply fails for hooks that match no file of the repository.
func runCheckHooksApply(ctx context.Context, rc *runContext, _ *Hook, _ []string) outcome {
	cls, err := rc.allFilesClassifier(ctx, rc.cfg.excludeRE)
	if err != nil {
		return outcome{code: 1, out: err.Error() + "\n"}
	}
	var o outcome
	var out strings.Builder
	for _, repo := range rc.cfg.Repos {
		for i := range repo.Hooks {
			h := &repo.Hooks[i]
			if h.AlwaysRun || (h.Repo == RepoLocal && h.Language == "fail") {
				continue
			}
			if len(cls.forHook(h)) == 0 {
				fmt.Fprintf(&out, "%s does not apply to this repository\n", h.ID)
				o.code = 1
			}
		}
	}
	o.out = out.String()
	return o
}

// runCheckUselessExcludes fails for exclude patterns that exclude nothing,
// judging the keys the config sets (not manifest defaults), as pre-commit.
func runCheckUselessExcludes(ctx context.Context, rc *runContext, _ *Hook, _ []string) outcome {
	tracked, err := rc.trackedFiles(ctx)
	if err != nil {
		return outcome{code: 1, out: err.Error() + "\n"}
	}
	var o outcome
	var out strings.Builder
	if !excludeMatchesAny(tracked, rc.cfg.filesRE, rc.cfg.excludeRE, rc.cfg.Exclude) {
		fmt.Fprintf(&out, "The global exclude pattern %s does not match any files\n", pyRepr(rc.cfg.Exclude))
		o.code = 1
	}
	cls := newClassifier(rc.dir, tracked, rc.cfg.filesRE, nil)
	for _, repo := range rc.cfg.Repos {
		for i := range repo.Hooks {
			h := &repo.Hooks[i]
			var types, typesOr, excludeTypes []string
			var include *regexp.Regexp
			if h.configured["types"] {
				types = h.Types
			}
			if h.configured["types_or"] {
				typesOr = h.TypesOr
			}
			if h.configured["exclude_types"] {
				excludeTypes = h.ExcludeTypes
			}
			if h.configured["files"] {
				include = h.filesRE
			}
			names := cls.byTypes(cls.files, types, typesOr, excludeTypes)
			if !excludeMatchesAny(names, include, h.excludeRE, h.Exclude) {
				fmt.Fprintf(&out, "The exclude pattern %s for %s does not match any files\n", pyRepr(h.Exclude), h.ID)
				o.code = 1
			}
		}
	}
	o.out = out.String()
	return o
}

func excludeMatchesAny(names []string, include, exclude *regexp.Regexp, pattern string) bool {
	if pattern == "^$" || exclude == nil {
		return true
	}
	for _, n := range names {
		if (include == nil || include.MatchString(n)) && exclude.MatchString(n) {
			return true
		}
	}
	return false
}

// runIdentity prints the files it was given (a debugging aid).
func runIdentity(_ context.Context, _ *runContext, _ *Hook, files []string) outcome {
	if len(files) == 0 {
		return outcome{}
	}
	return outcome{out: strings.Join(files, "\n") + "\n"}
}

// pyRepr quotes a string as Python's repr does for simple strings.
func pyRepr(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
}
