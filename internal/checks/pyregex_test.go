package checks

import (
	"errors"
	"testing"
)

func TestCompilePythonMatches(t *testing.T) {
	tests := []struct {
		pattern string
		match   []string
		noMatch []string
	}{
		{`aws/.*`, []string{"aws/app-template.yaml", "x/aws/y"}, []string{"app/main.py"}},
		{`app/.*.py`, []string{"app/main.py", "app/x/apy"}, []string{"main.py"}},
		{`aws/.*\.(json|yml|yaml)$`, []string{"aws/t.yaml", "aws/a/b.json"}, []string{"aws/t.yaml.bak", "aws/t.txt"}},
		{`^$`, []string{""}, []string{"a"}},
		{"(?x)^(\n    path/one\\.py|   # first\n    path/two\\.py\n)$", []string{"path/one.py", "path/two.py"}, []string{"path/three.py", "path/one.pyx"}},
		{`(?x) a\ b  [ #]`, []string{"a b ", "a b#"}, []string{"ab "}},
		{`foo(?#a comment)bar`, []string{"foobar"}, []string{"foo bar"}},
		{`end\Z`, []string{"the end"}, []string{"end\n"}},
		{`caf\u00e9`, []string{"café"}, []string{"cafe"}},
		{`x{,2}y$`, []string{"y", "xxy"}, nil},
		{`^x{,2}y$`, []string{"y", "xxy"}, []string{"xxxy"}},
		{`^a{2}$`, []string{"aa"}, []string{"a"}},
		{`^a{,}$`, []string{"", "aaaa"}, []string{"b"}},
		{`^a{x}$`, []string{"a{x}"}, []string{"ax"}},
		{`^[]a]+$`, []string{"]a]"}, []string{"b"}},
		{`^[[:alpha:]]+$`, []string{"a]", "[]]"}, []string{"[:a]"}},
		{`^\d+$`, []string{"123", "١٢٣"}, []string{"12a"}},
		{`(?a)^\d+$`, []string{"123"}, []string{"١٢٣"}},
		{`^\w+$`, []string{"héllo_1"}, []string{"a-b"}},
		{`^\s$`, []string{"\v", "\u00a0"}, []string{"a"}},
		{`(?i)^readme`, []string{"README.md"}, []string{"docs/README"}},
		{`(?P<name>a)b`, []string{"ab"}, []string{"b"}},
		{`^a}$`, []string{"a}"}, nil},
		{`a*?b`, []string{"aab"}, nil},
	}
	for _, tc := range tests {
		re, err := CompilePython(tc.pattern)
		if err != nil {
			t.Errorf("CompilePython(%q): %v", tc.pattern, err)
			continue
		}
		for _, s := range tc.match {
			if !re.MatchString(s) {
				t.Errorf("%q (go %q) should match %q", tc.pattern, re.String(), s)
			}
		}
		for _, s := range tc.noMatch {
			if re.MatchString(s) {
				t.Errorf("%q (go %q) should not match %q", tc.pattern, re.String(), s)
			}
		}
	}
}

func TestCompilePythonUnsupported(t *testing.T) {
	for _, p := range []string{
		`foo(?=bar)`, `foo(?!bar)`, `(?<=a)b`, `(?<!a)b`, `(a)\1`, `(?P<x>a)(?P=x)`,
		`(?>a)`, `(a)?(?(1)b|c)`, `a*+`, `a++`, `a{2}+`, `\N{DASH}`, `(?L)a`,
	} {
		_, err := CompilePython(p)
		if !errors.Is(err, ErrUnsupportedRegex) {
			t.Errorf("CompilePython(%q) = %v, want ErrUnsupportedRegex", p, err)
		}
	}
	for _, p := range []string{`(`, `[a`, `a\`, `\u12`} {
		if _, err := CompilePython(p); !errors.Is(err, ErrInvalidRegex) {
			t.Errorf("CompilePython(%q) = %v, want ErrInvalidRegex", p, err)
		}
	}
}

func FuzzCompilePython(f *testing.F) {
	for _, s := range []string{`aws/.*`, "(?x)^(\n a| # c\n b)$", `x{,2}`, `[]a]`, `\u00e9\Z`, `(?#c)`, `(?i:a)`, `a{`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		re, err := CompilePython(pattern)
		if err == nil && re == nil {
			t.Fatal("nil regexp without error")
		}
	})
}
