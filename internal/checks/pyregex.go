package checks

import (
	"fmt"
	"regexp"
	"strings"
)

// CompilePython compiles a regular expression written for Python's re
// module (the dialect of pre-commit's files/exclude keys and of pygrep hooks)
// into a Go regexp with the same meaning, as far as RE2 allows.
//
// Translated: verbose mode (?x) (whitespace and # comments dropped, the form
// pre-commit's docs recommend for long excludes), (?#...) comments, \Z, \uXXXX
// and \UXXXXXXXX escapes, {,n} quantifiers, Unicode-aware \d \w \s (Python 3
// str patterns are Unicode; (?a) keeps them ASCII), a literal '[' inside a
// character class. Refused with ErrUnsupportedRegex and the construct's name,
// because RE2 cannot express them: lookahead, lookbehind, backreferences,
// conditionals, atomic groups and possessive quantifiers.
func CompilePython(pattern string) (*regexp.Regexp, error) {
	goPattern, err := translatePython(pattern)
	if err != nil {
		return nil, err
	}
	re, err := regexp.Compile(goPattern)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %v", ErrInvalidRegex, pattern, err)
	}
	return re, nil
}

// pyTranslator holds the scanning state of one translation.
type pyTranslator struct {
	src     []rune
	i       int
	out     strings.Builder
	verbose bool
	ascii   bool
	inClass bool
	// classStart is the index in src just after '[' (and '^'), where a ']'
	// is still a literal.
	classStart int
}

func translatePython(pattern string) (string, error) {
	t := &pyTranslator{src: []rune(pattern)}
	t.scanGlobalFlags()
	for t.i < len(t.src) {
		if err := t.step(); err != nil {
			return "", err
		}
	}
	return t.out.String(), nil
}

func unsupported(pattern, construct string) error {
	return fmt.Errorf("%w: %q uses %s, which RE2 (Go's regexp) cannot express; rewrite the pattern without it",
		ErrUnsupportedRegex, pattern, construct)
}

// scanGlobalFlags finds inline global flag groups such as (?x) or (?ai) so
// that verbose and ASCII modes apply to the whole pattern, as in Python.
func (t *pyTranslator) scanGlobalFlags() {
	s := string(t.src)
	for i := 0; i+2 < len(s); i++ {
		if s[i] != '(' || s[i+1] != '?' || (i > 0 && s[i-1] == '\\') {
			continue
		}
		j := i + 2
		for j < len(s) && strings.IndexByte("aiLmsux", s[j]) >= 0 {
			j++
		}
		if j > i+2 && j < len(s) && s[j] == ')' {
			flags := s[i+2 : j]
			t.verbose = t.verbose || strings.Contains(flags, "x")
			t.ascii = t.ascii || strings.Contains(flags, "a")
		}
	}
}

func (t *pyTranslator) peek(k int) rune {
	if t.i+k < len(t.src) {
		return t.src[t.i+k]
	}
	return 0
}

func (t *pyTranslator) rest() string { return string(t.src[t.i:]) }

func (t *pyTranslator) step() error {
	c := t.src[t.i]
	if t.inClass {
		return t.stepClass(c)
	}
	switch {
	case t.verbose && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'):
		t.i++
		return nil
	case t.verbose && c == '#':
		for t.i < len(t.src) && t.src[t.i] != '\n' {
			t.i++
		}
		return nil
	case c == '\\':
		return t.escape()
	case c == '(':
		return t.group()
	case c == '[':
		t.out.WriteRune('[')
		t.i++
		if t.peek(0) == '^' {
			t.out.WriteRune('^')
			t.i++
		}
		t.inClass = true
		t.classStart = t.i
		return nil
	case c == '{':
		return t.brace()
	case c == '}':
		t.out.WriteString(`\}`)
		t.i++
		return nil
	case c == '*' || c == '+' || c == '?':
		t.out.WriteRune(c)
		t.i++
		if t.peek(0) == '+' {
			return unsupported(string(t.src), "a possessive quantifier ("+string(c)+"+)")
		}
		return nil
	}
	t.out.WriteRune(c)
	t.i++
	return nil
}

func (t *pyTranslator) stepClass(c rune) error {
	switch {
	case c == ']' && t.i > t.classStart:
		t.inClass = false
		t.out.WriteRune(']')
	case c == ']':
		t.out.WriteString(`\]`)
	case c == '[':
		// Python reads '[' in a class as a literal; Go would start a
		// POSIX class like [:alpha:].
		t.out.WriteString(`\[`)
	case c == '\\':
		return t.escape()
	default:
		t.out.WriteRune(c)
	}
	t.i++
	return nil
}

// escape translates the escape sequence at t.i.
func (t *pyTranslator) escape() error {
	if t.i+1 >= len(t.src) {
		return fmt.Errorf("%w: %q: trailing backslash", ErrInvalidRegex, string(t.src))
	}
	c := t.src[t.i+1]
	t.i += 2
	switch c {
	case 'Z':
		t.out.WriteString(`\z`)
	case 'u', 'U':
		n := 4
		if c == 'U' {
			n = 8
		}
		if t.i+n > len(t.src) {
			return fmt.Errorf("%w: %q: incomplete \\%c escape", ErrInvalidRegex, string(t.src), c)
		}
		hex := string(t.src[t.i : t.i+n])
		t.i += n
		fmt.Fprintf(&t.out, `\x{%s}`, hex)
	case 'N':
		return unsupported(string(t.src), `a named character escape (\N{...})`)
	case 'd', 'D', 'w', 'W', 's', 'S':
		t.out.WriteString(t.charClass(c))
	case '1', '2', '3', '4', '5', '6', '7', '8', '9':
		if t.inClass {
			t.out.WriteRune('\\')
			t.out.WriteRune(c)
			return nil
		}
		return unsupported(string(t.src), `a backreference (\`+string(c)+`)`)
	default:
		t.out.WriteRune('\\')
		t.out.WriteRune(c)
	}
	return nil
}

// charClass returns the Go form of a Python shorthand class, Unicode-aware
// unless the pattern is in ASCII mode.
func (t *pyTranslator) charClass(c rune) string {
	if t.ascii {
		if c == 's' {
			return map[bool]string{true: `\s\v`, false: `[\s\v]`}[t.inClass]
		}
		return `\` + string(c)
	}
	const word = `\p{L}\p{N}_`
	const space = `\s\v\p{Z}\x{85}\x{1c}-\x{1f}`
	switch c {
	case 'd':
		return `\p{Nd}`
	case 'D':
		return `\P{Nd}`
	case 'w':
		if t.inClass {
			return word
		}
		return "[" + word + "]"
	case 's':
		if t.inClass {
			return space
		}
		return "[" + space + "]"
	case 'W':
		if t.inClass {
			return `\W`
		}
		return "[^" + word + "]"
	default: // 'S'
		if t.inClass {
			return `\S`
		}
		return "[^" + space + "]"
	}
}

// group translates the '(' at t.i and any extension syntax after it.
func (t *pyTranslator) group() error {
	r := t.rest()
	p := string(t.src)
	switch {
	case strings.HasPrefix(r, "(?="):
		return unsupported(p, "a lookahead (?=...)")
	case strings.HasPrefix(r, "(?!"):
		return unsupported(p, "a negative lookahead (?!...)")
	case strings.HasPrefix(r, "(?<="):
		return unsupported(p, "a lookbehind (?<=...)")
	case strings.HasPrefix(r, "(?<!"):
		return unsupported(p, "a negative lookbehind (?<!...)")
	case strings.HasPrefix(r, "(?P="):
		return unsupported(p, "a named backreference (?P=...)")
	case strings.HasPrefix(r, "(?>"):
		return unsupported(p, "an atomic group (?>...)")
	case strings.HasPrefix(r, "(?("):
		return unsupported(p, "a conditional group (?(...)...)")
	case strings.HasPrefix(r, "(?#"):
		end := strings.IndexByte(r, ')')
		if end < 0 {
			return fmt.Errorf("%w: %q: unterminated comment", ErrInvalidRegex, p)
		}
		t.i += len([]rune(r[:end+1]))
		return nil
	case strings.HasPrefix(r, "(?"):
		return t.flagGroup(r)
	}
	t.out.WriteRune('(')
	t.i++
	return nil
}

// flagGroup handles (?flags), (?flags:...) and (?flags-flags:...).
func (t *pyTranslator) flagGroup(r string) error {
	j := 2
	for j < len(r) && strings.IndexByte("aiLmsux-", r[j]) >= 0 {
		j++
	}
	if j == 2 || j >= len(r) || (r[j] != ')' && r[j] != ':') {
		// Named groups (?P<name>...) and (?<name>...) pass through.
		t.out.WriteString("(?")
		t.i += 2
		return nil
	}
	flags := r[2:j]
	if strings.Contains(flags, "L") {
		return unsupported(string(t.src), "the locale flag (?L)")
	}
	if r[j] == ':' && strings.Contains(flags, "x") {
		return unsupported(string(t.src), "a scoped verbose flag (?x:...)")
	}
	kept := strings.Map(func(c rune) rune {
		if c == 'a' || c == 'u' || c == 'x' {
			return -1
		}
		return c
	}, flags)
	t.i += j + 1
	kept = strings.TrimSuffix(kept, "-")
	switch {
	case r[j] == ':' && kept == "":
		t.out.WriteString("(?:")
	case r[j] == ':':
		t.out.WriteString("(?" + kept + ":")
	case kept != "":
		t.out.WriteString("(?" + kept + ")")
	}
	return nil
}

// brace translates a '{' outside a class. A valid Python quantifier
// ({m}, {m,}, {m,n}, {,n}, {,}) is written in Go's form ({0,n} for {,n},
// which Go would read as literal text); anything else is a literal '{'.
func (t *pyTranslator) brace() error {
	r := t.rest()
	end := strings.IndexByte(r, '}')
	if end < 0 {
		t.out.WriteString(`\{`)
		t.i++
		return nil
	}
	body := r[1:end]
	lo, hi, comma := strings.Cut(body, ",")
	if body == "" || (lo != "" && !isDigits(lo)) || (comma && hi != "" && !isDigits(hi)) {
		t.out.WriteString(`\{`)
		t.i++
		return nil
	}
	if lo == "" {
		lo = "0"
	}
	if comma {
		t.out.WriteString("{" + lo + "," + hi + "}")
	} else {
		t.out.WriteString("{" + lo + "}")
	}
	t.i += len([]rune(r[:end+1]))
	if t.peek(0) == '+' {
		return unsupported(string(t.src), "a possessive quantifier ({...}+)")
	}
	return nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
