package expr

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestInterpolateValueKeepsType(t *testing.T) {
	ctx := testContext(t)
	tests := []struct {
		in   string
		want any
	}{
		{"${{ 1 == 1 }}", true},
		{"${{ github.run_number }}", 42.0},
		{"${{ fromJSON('[1,2]') }}", []any{1.0, 2.0}},
		{" ${{ true }}", " true"},
		{"${{ true }}${{ false }}", "truefalse"},
		{"no expression", "no expression"},
		{"${{ null }}", nil},
	}
	for _, tt := range tests {
		got, err := InterpolateValue(tt.in, ctx)
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: got %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

func TestSyntaxErrorCarriesPosition(t *testing.T) {
	_, err := Parse("github.ref == == 'x'")
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("want *SyntaxError, got %T %v", err, err)
	}
	if se.Pos != 15 || !errors.Is(err, ErrSyntax) {
		t.Fatalf("got pos %d (%v), want 15 and ErrSyntax", se.Pos, err)
	}
}

func TestLimits(t *testing.T) {
	if _, err := Parse(strings.Repeat("(", MaxDepth+1) + "1" + strings.Repeat(")", MaxDepth+1)); !errors.Is(err, ErrTooDeep) {
		t.Errorf("deep nesting: got %v, want ErrTooDeep", err)
	}
	if _, err := Parse(strings.Repeat("(", MaxDepth) + "1" + strings.Repeat(")", MaxDepth)); err != nil {
		t.Errorf("nesting at the limit: %v", err)
	}
	if _, err := Parse("'" + strings.Repeat("a", MaxLength) + "'"); !errors.Is(err, ErrTooLong) {
		t.Errorf("long expression: got %v, want ErrTooLong", err)
	}
}

func TestGoTypedContexts(t *testing.T) {
	type opaque struct{ X int }
	ctx := &Context{Values: map[string]any{
		"env":    map[string]string{"Name": "berth"},
		"matrix": map[string]any{"n": int64(3), "list": []string{"x", "y"}, "u": uint8(7)},
		"inputs": map[string]int{"count": 2},
		"job":    &opaque{X: 1},
		"runner": (*opaque)(nil),
	}}
	tests := map[string]any{
		"env.name":                       "berth",
		"matrix.n == 3":                  true,
		"join(matrix.list, '-')":         "x-y",
		"matrix.list[1]":                 "y",
		"inputs.count":                   2.0,
		"contains(matrix.list, 'Y')":     true,
		"job.X":                          nil,
		"runner":                         nil,
		"toJSON(env)":                    "{\n  \"Name\": \"berth\"\n}",
		"matrix.list.*":                  []any{"x", "y"},
		"format('{0}', matrix.u)":        "7",
		"job == job":                     true,
		"toJSON(matrix.list)":            "[\n  \"x\",\n  \"y\"\n]",
		"inputs.*":                       []any{2},
		"fromJSON(toJSON(inputs)).count": 2.0,
	}
	for src, want := range tests {
		got, err := Evaluate(src, ctx)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %#v, want %#v", src, got, want)
		}
	}
}

func TestNilContext(t *testing.T) {
	got, err := Evaluate("github.ref || 'none'", nil)
	if err != nil || got != "none" {
		t.Fatalf("got %v, %v", got, err)
	}
	ok, err := EvalCondition("", nil)
	if err != nil || !ok {
		t.Fatalf("empty condition: %v, %v", ok, err)
	}
	if _, err := Evaluate("hashFiles('x')", nil); !errors.Is(err, ErrHashFiles) {
		t.Fatalf("hashFiles without callback: %v", err)
	}
}

func TestNumberFormatting(t *testing.T) {
	tests := map[float64]string{
		0: "0", 1: "1", -1: "-1", 0.5: "0.5", 1e15: "1E+15", 1e14: "100000000000000",
		1.0 / 3: "0.333333333333333", 1e-5: "1E-05", math.Inf(1): "Infinity", math.NaN(): "NaN",
	}
	for f, want := range tests {
		if got := ToString(f); got != want {
			t.Errorf("ToString(%v) = %q, want %q", f, got, want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := map[string]float64{
		"": 0, "  ": 0, "12": 12, " -3.5 ": -3.5, "+1": 1, "1e3": 1000, ".5": 0.5, "5.": 5,
		"0x1A": 26, "0o10": 8, "Infinity": math.Inf(1), "-Infinity": math.Inf(-1),
	}
	for s, want := range tests {
		if got := parseNumber(s); got != want {
			t.Errorf("parseNumber(%q) = %v, want %v", s, got, want)
		}
	}
	for _, s := range []string{"abc", "1e", "0x", "0xZZ", "1,5", "0x100000000", "-0x1", "e5", "."} {
		if got := parseNumber(s); !math.IsNaN(got) {
			t.Errorf("parseNumber(%q) = %v, want NaN", s, got)
		}
	}
}

func TestUsesStatusFunction(t *testing.T) {
	for src, want := range map[string]bool{
		"always()":                                true,
		"!cancelled()":                            true,
		"github.ref == 'x' || failure()":          true,
		"contains(format('{0}', success()), 'x')": true,
		"github.ref == 'refs/heads/main'":         false,
	} {
		e, err := Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.UsesStatusFunction(); got != want {
			t.Errorf("%s: got %v, want %v", src, got, want)
		}
	}
}

func BenchmarkEvalCondition(b *testing.B) {
	ctx := testContext(b)
	c, err := ParseCondition("steps.app-changed.outputs.src == 'true' || steps.aws-changed.outputs.src == 'true'")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Eval(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	src := "contains(github.event.commits.*.message, 'skip') && startsWith(github.ref, 'refs/heads/') || format('{0}-{1}', env.A, matrix.os) == 'x'"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInterpolate(b *testing.B) {
	ctx := testContext(b)
	t, err := ParseTemplate("RepoUrl=${{ github.server_url }}/${{ github.repository }}, Stack=${{ env.AWS_STACK_NAME }}")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := t.Eval(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
