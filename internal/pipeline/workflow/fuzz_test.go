package workflow

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that no input panics the workflow parser, that failures
// are always Errors with positions, and that accepted workflows can be
// ordered and matched.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/workflows/*.yaml")
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		src, _, _ := bytes.Cut(raw, []byte(separator))
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := Parse("fuzz.yaml", data)
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 || w != nil {
				t.Fatalf("bad error shape: %T %v", err, err)
			}
			return
		}
		if len(w.JobOrder()) != len(w.Jobs) {
			t.Fatal("JobOrder lost jobs")
		}
		w.MatchesPush("main", []string{"a/b"})
		w.MatchesTagPush("v1")
		for _, j := range w.Jobs {
			if j.Strategy != nil && j.Strategy.Matrix != nil {
				_, _ = j.Strategy.Matrix.Combinations()
			}
		}
	})
}

// FuzzParseFilters checks the paths-filter reader and matcher never panic.
func FuzzParseFilters(f *testing.F) {
	f.Add("src:\n  - 'app/**'\n", "app/main.py")
	f.Add("a: &x ['*.md', '!README.md']\nb: [*x, '{a,b}/**']\n", "docs/x.md")
	f.Add("c: 'v{1..3}/[!a-c]?.txt'\n", "v2/d1.txt")
	f.Fuzz(func(t *testing.T, text, file string) {
		filters, err := ParseFilters(text)
		if err != nil {
			if !errors.Is(err, ErrInvalidFilter) {
				t.Fatalf("error does not wrap ErrInvalidFilter: %v", err)
			}
			return
		}
		for _, patterns := range filters {
			MatchFilter(patterns, []string{file})
		}
	})
}

// FuzzGlobs checks both glob dialects compile or fail cleanly on any input.
func FuzzGlobs(f *testing.F) {
	for _, s := range []string{"**/*.go", "v[12].[0-9]+", "!a/**", "{a,{b,c}}/x?", `\*[`, "a**b", "feature/**"} {
		f.Add(s, "feature/a/b.go")
	}
	f.Fuzz(func(t *testing.T, pattern, value string) {
		MatchGitHubPattern([]string{pattern}, value)
		MatchFilter([]string{pattern}, []string{value})
	})
}
