package filter

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGolden runs every testdata/cases/*.txt file: the pattern, a line
// "---", then one line per message: "+ msg" must match, "- msg" must not,
// "! error" says the pattern must not compile.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/cases/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			body, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			pattern, rest, ok := strings.Cut(string(body), "\n---\n")
			if !ok {
				t.Fatalf("%s: no --- separator", file)
			}
			p, cerr := Compile(pattern)
			for _, line := range strings.Split(strings.TrimSuffix(rest, "\n"), "\n") {
				if len(line) < 1 {
					continue
				}
				want, msg := line[0], strings.TrimPrefix(line[1:], " ")
				switch want {
				case '!':
					if cerr == nil {
						t.Fatalf("Compile(%q) succeeded, want an error", pattern)
					}
					if !errors.Is(cerr, ErrSyntax) {
						t.Fatalf("Compile(%q) error %v does not wrap ErrSyntax", pattern, cerr)
					}
				case '+', '-':
					if cerr != nil {
						t.Fatalf("Compile(%q): %v", pattern, cerr)
					}
					if got := p.Match(msg); got != (want == '+') {
						t.Errorf("pattern %q on %q: match = %v, want %v", pattern, msg, got, want == '+')
					}
				default:
					t.Fatalf("%s: bad line %q", file, line)
				}
			}
		})
	}
}

func TestWildcardMatch(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{"abc", "abc", true},
		{"abc", "abd", false},
		{"a*", "a", true},
		{"a*c", "abbbc", true},
		{"a*c", "abbbd", false},
		{"*", "", true},
		{"**a**", "xxaxx", true},
		{"a*b*c", "acb", false},
		{"", "", true},
		{"", "x", false},
	}
	for _, c := range cases {
		if got := wildcardMatch(c.pattern, c.s); got != c.want {
			t.Errorf("wildcardMatch(%q, %q) = %v, want %v", c.pattern, c.s, got, c.want)
		}
	}
}

func TestSplitFields(t *testing.T) {
	cases := []struct {
		msg  string
		want []string
	}{
		{"a b  c", []string{"a", "b", "c"}},
		{`ip "GET / HTTP/1.0" [date here] 200`, []string{"ip", "GET / HTTP/1.0", "date here", "200"}},
		{`unterminated "quote here`, []string{"unterminated", "quote here"}},
		{"", nil},
	}
	for _, c := range cases {
		got := splitFields(c.msg)
		if strings.Join(got, "|") != strings.Join(c.want, "|") || len(got) != len(c.want) {
			t.Errorf("splitFields(%q) = %q, want %q", c.msg, got, c.want)
		}
	}
}

func TestTooLong(t *testing.T) {
	if _, err := Compile(strings.Repeat("a", maxPatternLen+1)); !errors.Is(err, ErrSyntax) {
		t.Fatalf("Compile(long) = %v, want ErrSyntax", err)
	}
}

func TestNilPatternMatchesAll(t *testing.T) {
	var p *Pattern
	if !p.Match("x") {
		t.Fatal("nil pattern must match")
	}
}

// FuzzCompile checks the parser never panics and compiled patterns can
// be matched against arbitrary messages.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		"", "ERROR", `"a b" -c ?d ?e`, "%re[gx]%", `{ $.a = "x*" }`, `{ ($.a > 1 || $.b IS NULL) && $.c NOT EXISTS }`,
		`{ $.a[*].b = %^x% }`, `[a, ..., b = 4* || b = 5*, c > 10]`, `[...]`, `{ $[0] IS TRUE }`, `{`, `[`, `"`, `-`, `?`,
	} {
		f.Add(s, `{"a":"x1","b":null,"c":[1,2]}`)
		f.Add(s, `1.2.3.4 - - [date] "GET / HTTP/1.1" 404 12`)
	}
	f.Fuzz(func(t *testing.T, pattern, msg string) {
		p, err := Compile(pattern)
		if err != nil {
			if !errors.Is(err, ErrSyntax) {
				t.Fatalf("Compile(%q) error %v does not wrap ErrSyntax", pattern, err)
			}
			return
		}
		p.Match(msg)
		p.Match(pattern)
	})
}

func BenchmarkMatchTerms(b *testing.B) {
	p, _ := Compile(`ERROR ?timeout ?refused -health`)
	msg := "2024-05-01T10:00:00Z ERROR upstream connection refused while proxying /api/users"
	for b.Loop() {
		p.Match(msg)
	}
}

func BenchmarkMatchJSON(b *testing.B) {
	p, _ := Compile(`{ $.level = "error" && $.latency > 100 }`)
	msg := `{"level":"error","latency":250,"path":"/api/users","user":{"id":42}}`
	for b.Loop() {
		p.Match(msg)
	}
}
