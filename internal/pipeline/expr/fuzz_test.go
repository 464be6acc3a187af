package expr

import (
	"path/filepath"
	"strings"
	"testing"
)

// seedCases adds every golden input as a fuzz seed.
func seedCases(f *testing.F, prefix string) {
	files, _ := filepath.Glob("testdata/cases/" + prefix + "*.txt")
	for _, file := range files {
		cases, err := parseCaseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, c := range cases {
			f.Add(c.input)
		}
	}
}

// FuzzParse checks that no input panics the parser or the evaluator, and
// that a parsed expression evaluates deterministically.
func FuzzParse(f *testing.F) {
	seedCases(f, "eval_")
	ctx := testContext(f)
	f.Fuzz(func(t *testing.T, src string) {
		e, err := Parse(src)
		if err != nil {
			if e != nil {
				t.Fatal("non-nil Expr with error")
			}
			return
		}
		v1, err1 := e.Eval(ctx)
		v2, err2 := e.Eval(ctx)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("non-deterministic error: %v / %v", err1, err2)
		}
		if err1 == nil && ToString(v1) != ToString(v2) {
			t.Fatalf("non-deterministic result: %v / %v", v1, v2)
		}
		if err1 == nil {
			_, _ = ToJSON(v1)
		}
	})
}

// FuzzInterpolate checks templates and conditions never panic and that text
// without ${{ is returned unchanged.
func FuzzInterpolate(f *testing.F) {
	seedCases(f, "interp_")
	seedCases(f, "cond_")
	ctx := testContext(f)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Interpolate(s, ctx)
		if !strings.Contains(s, "${{") && (err != nil || got != s) {
			t.Fatalf("literal text changed: %q -> %q, %v", s, got, err)
		}
		_, _ = InterpolateValue(s, ctx)
		_, _ = EvalCondition(s, ctx)
	})
}
