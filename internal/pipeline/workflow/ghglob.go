package workflow

import (
	"fmt"
	"regexp"
	"strings"
)

// compileGitHubGlob compiles one pattern of GitHub's "filter pattern cheat
// sheet" (branches, tags, paths) into an anchored regexp:
//
//   - any characters except /
//     **   any characters, / included; a "**/" segment may also match nothing
//     ?    zero or one of the preceding character
//   - one or more of the preceding character
//     []   one character of a set or a-z, A-Z, 0-9 range
//     \    escapes the next character
//
// A leading ! (negation) must be stripped by the caller.
func compileGitHubGlob(pat string) (*regexp.Regexp, error) {
	if pat == "" {
		return nil, fmt.Errorf("%w: empty pattern", ErrInvalidPattern)
	}
	var b strings.Builder
	b.WriteString("^")
	repeatable := false // whether the last atom may take ? or +
	for i := 0; i < len(pat); i++ {
		c := pat[i]
		switch c {
		case '\\':
			if i+1 >= len(pat) {
				return nil, fmt.Errorf("%w: %q ends with \\", ErrInvalidPattern, pat)
			}
			i++
			b.WriteString(regexp.QuoteMeta(pat[i : i+1]))
			repeatable = true
		case '*':
			switch {
			case i+1 < len(pat) && pat[i+1] == '*':
				i++
				if i+1 < len(pat) && pat[i+1] == '/' && (i == 1 || pat[i-2] == '/') {
					i++
					b.WriteString("(?:.*/)?")
				} else {
					b.WriteString(".*")
				}
			default:
				b.WriteString("[^/]*")
			}
			repeatable = false
		case '?', '+':
			if repeatable {
				b.WriteByte(c)
				repeatable = false
			} else if i == 0 {
				b.WriteString(regexp.QuoteMeta(string(c)))
				repeatable = true
			}
		case '[':
			end := strings.IndexByte(pat[i+1:], ']')
			if end < 1 {
				return nil, fmt.Errorf("%w: %q has an unclosed [", ErrInvalidPattern, pat)
			}
			set := pat[i+1 : i+1+end]
			if err := checkSet(set); err != nil {
				return nil, fmt.Errorf("%w: %q: %v", ErrInvalidPattern, pat, err)
			}
			b.WriteString("[" + regexp.QuoteMeta(set) + "]")
			i += end + 1
			repeatable = true
		default:
			b.WriteString(regexp.QuoteMeta(pat[i : i+1]))
			repeatable = true
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %v", ErrInvalidPattern, pat, err)
	}
	return re, nil
}

// checkSet validates a [] set: ranges only within a-z, A-Z or 0-9.
func checkSet(set string) error {
	for i := 0; i < len(set); i++ {
		if i+2 < len(set) && set[i+1] == '-' {
			lo, hi := set[i], set[i+2]
			if lo > hi || !sameClass(lo, hi) {
				return fmt.Errorf("range %c-%c must stay within a-z, A-Z or 0-9", lo, hi)
			}
			i += 2
		}
	}
	return nil
}

func sameClass(a, b byte) bool {
	in := func(c, lo, hi byte) bool { return c >= lo && c <= hi }
	return (in(a, 'a', 'z') && in(b, 'a', 'z')) || (in(a, 'A', 'Z') && in(b, 'A', 'Z')) || (in(a, '0', '9') && in(b, '0', '9'))
}

// matchGitHubList applies GitHub's ordered filter semantics: patterns are
// tried in order, a matching pattern includes the value, a matching
// !pattern excludes it again, and the last match wins. Invalid patterns
// (rejected by Parse) never match.
func matchGitHubList(patterns []string, value string) bool {
	matched := false
	for _, pat := range patterns {
		neg := strings.HasPrefix(pat, "!")
		re, err := compileGitHubGlob(strings.TrimPrefix(pat, "!"))
		if err != nil {
			continue
		}
		if re.MatchString(value) {
			matched = !neg
		}
	}
	return matched
}

// MatchGitHubPattern reports whether value matches a list of GitHub filter
// patterns (see compileGitHubGlob for the syntax, and matchGitHubList for
// negation order). Exposed for tools that preview triggers.
func MatchGitHubPattern(patterns []string, value string) bool {
	return matchGitHubList(patterns, value)
}
