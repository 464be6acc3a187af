package workflow

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// maxBraceExpansions bounds {a,b} expansion so a hostile pattern cannot
// explode.
const maxBraceExpansions = 1024

// picoPattern is one compiled picomatch pattern.
type picoPattern struct {
	negated bool
	res     []*regexp.Regexp // one per brace expansion; any may match
}

func (p picoPattern) match(file string) bool {
	hit := false
	for _, re := range p.res {
		if re.MatchString(file) {
			hit = true
			break
		}
	}
	return hit != p.negated
}

// compilePicomatch compiles a glob with picomatch's semantics under
// dorny/paths-filter's options ({dot: true}):
//
//   - any characters within one path segment, dotfiles included
//     **       as a whole segment: any number of segments (also none)
//     ?        one character other than /
//     [...]    a character set; [!...] or [^...] negates it
//     {a,b}    alternatives; {1..3} and {a..c} ranges
//     \x       the literal x
//     !pat     (leading) matches what pat does not match
//
// Extglobs such as @(a|b) are not supported and match literally.
func compilePicomatch(pat string) (picoPattern, error) {
	var p picoPattern
	for strings.HasPrefix(pat, "!") && !strings.HasPrefix(pat, "!(") {
		p.negated = !p.negated
		pat = pat[1:]
	}
	pat = strings.TrimPrefix(pat, "./")
	if pat == "" {
		return p, fmt.Errorf("%w: empty pattern", ErrInvalidPattern)
	}
	var expanded []string
	if err := expandBraces(pat, 0, &expanded); err != nil {
		return p, err
	}
	for _, e := range expanded {
		re, err := regexp.Compile(picoRegexp(e))
		if err != nil {
			return p, fmt.Errorf("%w: %q: %v", ErrInvalidPattern, pat, err)
		}
		p.res = append(p.res, re)
	}
	return p, nil
}

// picoRegexp translates one brace-free pattern, segment by segment.
func picoRegexp(pat string) string {
	var segs []string
	for _, s := range strings.Split(pat, "/") {
		if s == "**" && len(segs) > 0 && segs[len(segs)-1] == "**" {
			continue // a/**/**/b is a/**/b
		}
		segs = append(segs, s)
	}
	var b strings.Builder
	b.WriteString("^")
	slash := false // whether a / must precede the next segment
	for i, seg := range segs {
		if seg == "**" {
			switch {
			case len(segs) == 1:
				b.WriteString(".*")
			case i == 0:
				b.WriteString("(?:.*/)?")
			case i == len(segs)-1:
				b.WriteString("(?:/.*)?")
			default:
				b.WriteString("/(?:.*/)?")
			}
			slash = false
			continue
		}
		if slash {
			b.WriteString("/")
		}
		b.WriteString(picoSegment(seg))
		slash = true
	}
	b.WriteString("$")
	return b.String()
}

// picoSegment translates the wildcards of one path segment.
func picoSegment(seg string) string {
	if seg == "*" {
		return "[^/]+" // a lone * never matches an empty segment
	}
	var b strings.Builder
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		switch c {
		case '\\':
			if i+1 < len(seg) {
				i++
			}
			b.WriteString(regexp.QuoteMeta(seg[i : i+1]))
		case '*':
			for i+1 < len(seg) && seg[i+1] == '*' {
				i++
			}
			b.WriteString("[^/]*")
		case '?':
			b.WriteString("[^/]")
		case '[':
			set, n := picoSet(seg[i:])
			if n == 0 {
				b.WriteString(`\[`)
				continue
			}
			b.WriteString(set)
			i += n - 1
		default:
			b.WriteString(regexp.QuoteMeta(seg[i : i+1]))
		}
	}
	return b.String()
}

// picoSet translates a [...] set at the start of s, returning the regexp and
// the bytes consumed (0 when the set is not closed).
func picoSet(s string) (string, int) {
	i := 1
	neg := false
	if i < len(s) && (s[i] == '!' || s[i] == '^') {
		neg = true
		i++
	}
	start := i
	if i < len(s) && s[i] == ']' {
		i++ // a leading ] is literal
	}
	for i < len(s) && s[i] != ']' {
		i++
	}
	if i >= len(s) || i == start {
		return "", 0
	}
	var b strings.Builder
	b.WriteString("[")
	if neg {
		b.WriteString("^/")
	}
	for _, c := range s[start:i] {
		if c == '-' {
			b.WriteRune(c)
			continue
		}
		b.WriteString(regexp.QuoteMeta(string(c)))
	}
	b.WriteString("]")
	return b.String(), i + 1
}

// expandBraces appends every expansion of pat's {a,b} and {x..y} groups to
// out, scanning from offset from. Braces without a comma or range are
// literal.
func expandBraces(pat string, from int, out *[]string) error {
	if len(*out) >= maxBraceExpansions {
		return fmt.Errorf("%w: %q expands to more than %d patterns", ErrInvalidPattern, pat, maxBraceExpansions)
	}
	open := -1
	for i := from; i < len(pat); i++ {
		if pat[i] == '\\' {
			i++
			continue
		}
		if pat[i] == '{' {
			open = i
			break
		}
	}
	if open < 0 {
		*out = append(*out, pat)
		return nil
	}
	end, alts := splitBrace(pat, open)
	if end < 0 {
		*out = append(*out, pat)
		return nil
	}
	if len(alts) == 1 {
		r, ok := braceRange(alts[0])
		if !ok {
			return expandBraces(pat, open+1, out)
		}
		alts = r
	}
	for _, alt := range alts {
		if err := expandBraces(pat[:open]+alt+pat[end+1:], open, out); err != nil {
			return err
		}
	}
	return nil
}

// splitBrace finds the } closing the { at open and splits the inside at
// top-level commas; end is -1 when unclosed.
func splitBrace(pat string, open int) (int, []string) {
	depth := 0
	last := open + 1
	var alts []string
	for i := open; i < len(pat); i++ {
		switch pat[i] {
		case '\\':
			i++
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i, append(alts, pat[last:i])
			}
		case ',':
			if depth == 1 {
				alts = append(alts, pat[last:i])
				last = i + 1
			}
		}
	}
	return -1, nil
}

// braceRange expands "1..3" or "a..c".
func braceRange(s string) ([]string, bool) {
	lo, hi, ok := strings.Cut(s, "..")
	if !ok {
		return nil, false
	}
	if a, err1 := strconv.Atoi(lo); err1 == nil {
		b, err2 := strconv.Atoi(hi)
		if err2 != nil || abs(b-a) >= maxBraceExpansions {
			return nil, false
		}
		var out []string
		for i, step := a, sign(b-a); ; i += step {
			out = append(out, strconv.Itoa(i))
			if i == b {
				return out, true
			}
		}
	}
	if len(lo) == 1 && len(hi) == 1 {
		var out []string
		for c, step := lo[0], sign(int(hi[0])-int(lo[0])); ; c = byte(int(c) + step) {
			out = append(out, string(c))
			if c == hi[0] {
				return out, true
			}
		}
	}
	return nil, false
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

func sign(i int) int {
	if i < 0 {
		return -1
	}
	return 1
}
