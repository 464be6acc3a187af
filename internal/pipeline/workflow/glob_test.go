package workflow

import (
	"bufio"
	"errors"
	"os"
	"strings"
	"testing"
)

// globCase is one `patterns | values => bool` line.
type globCase struct {
	line     int
	patterns []string
	values   []string
	want     bool
}

func readGlobCases(t *testing.T, path string) []globCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []globCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		lhs, want, ok1 := strings.Cut(line, " => ")
		pats, vals, ok2 := strings.Cut(lhs, " | ")
		if !ok1 || !ok2 || (want != "true" && want != "false") {
			t.Fatalf("%s:%d: want `patterns | values => bool`", path, n)
		}
		out = append(out, globCase{line: n, patterns: strings.Fields(pats), values: strings.Fields(vals), want: want == "true"})
	}
	return out
}

func TestGitHubPatterns(t *testing.T) {
	cases := readGlobCases(t, "testdata/globs/github.txt")
	for _, c := range cases {
		if got := MatchGitHubPattern(c.patterns, c.values[0]); got != c.want {
			t.Errorf("github.txt:%d: %v matching %q = %v, want %v", c.line, c.patterns, c.values[0], got, c.want)
		}
	}
	t.Logf("%d GitHub pattern cases", len(cases))
}

func TestPicomatchPatterns(t *testing.T) {
	cases := readGlobCases(t, "testdata/globs/picomatch.txt")
	for _, c := range cases {
		if got := MatchFilter(c.patterns, c.values); got != c.want {
			t.Errorf("picomatch.txt:%d: %v matching %v = %v, want %v", c.line, c.patterns, c.values, got, c.want)
		}
	}
	t.Logf("%d picomatch cases", len(cases))
}

func TestInvalidGitHubPatterns(t *testing.T) {
	for _, p := range []string{"", "a[", "a[]", `trailing\`, "[z-a]", "[a-Z]"} {
		if _, err := compileGitHubGlob(p); !errors.Is(err, ErrInvalidPattern) {
			t.Errorf("%q: got %v, want ErrInvalidPattern", p, err)
		}
	}
}

func TestMatchFilterEdges(t *testing.T) {
	if MatchFilter(nil, []string{"a"}) {
		t.Error("no patterns must match nothing")
	}
	if MatchFilter([]string{"**"}, nil) {
		t.Error("no files must match nothing")
	}
	if MatchFilter([]string{"[z-a]"}, []string{"x"}) {
		t.Error("an invalid pattern must not match")
	}
	if _, err := compilePicomatch("{" + strings.Repeat("a,", 2000) + "b}"); !errors.Is(err, ErrInvalidPattern) {
		t.Errorf("huge brace expansion: %v", err)
	}
}

func TestParseFilters(t *testing.T) {
	got, err := ParseFilters("src:\n  - 'app/**'\n")
	if err != nil || len(got["src"]) != 1 || got["src"][0] != "app/**" {
		t.Fatalf("seed filter: %v, %v", got, err)
	}
	got, err = ParseFilters(`
shared: &shared
  - 'go.mod'
  - 'go.sum'
backend:
  - *shared
  - 'cmd/**'
single: 'docs/**'
`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "go.mod go.sum cmd/**"; strings.Join(got["backend"], " ") != want {
		t.Errorf("anchors not flattened: %v", got["backend"])
	}
	if len(got["single"]) != 1 || len(got["shared"]) != 2 {
		t.Errorf("got %v", got)
	}
	for _, bad := range []string{"", "- a", "src:\n  - added: 'x/**'", "src: [", "src:\n  - ''"} {
		if _, err := ParseFilters(bad); !errors.Is(err, ErrInvalidFilter) {
			t.Errorf("%q: got %v, want ErrInvalidFilter", bad, err)
		}
	}
}
