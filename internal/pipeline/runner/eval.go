package runner

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/berth-dev/berth/internal/pipeline/expr"
	"github.com/berth-dev/berth/internal/pipeline/workflow"
)

// scope is what expressions see at one point of a run.
type scope struct {
	values map[string]any
	status expr.JobStatus
	hash   func([]string) (string, error)
}

func (s *scope) ctx() *expr.Context {
	return &expr.Context{Values: s.values, Status: s.status, HashFiles: s.hash}
}

// with returns a copy of the scope with one context replaced.
func (s *scope) with(name string, v any) *scope {
	vals := make(map[string]any, len(s.values)+1)
	for k, x := range s.values {
		vals[k] = x
	}
	vals[name] = v
	return &scope{values: vals, status: s.status, hash: s.hash}
}

// interpolate evaluates a string with ${{ }} expressions; what names the
// value in errors.
func (s *scope) interpolate(v, what string) (string, error) {
	if !expr.HasExpression(v) {
		return v, nil
	}
	out, err := expr.Interpolate(v, s.ctx())
	if err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// envMap evaluates an env: mapping in key order, so a failure is reported
// deterministically.
func (s *scope) envMap(m map[string]string, what string) (map[string]string, error) {
	out := make(map[string]string, len(m))
	for _, k := range sortedKeys(m) {
		v, err := s.interpolate(m[k], what+"."+k)
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}

// boolValue evaluates continue-on-error and similar.
func (s *scope) boolValue(b workflow.BoolOrExpr, what string) (bool, error) {
	if b.Expr == "" {
		return b.Value, nil
	}
	v, err := expr.InterpolateValue(b.Expr, s.ctx())
	if err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	if str, ok := v.(string); ok {
		return strings.EqualFold(str, "true"), nil
	}
	return expr.Truthy(v), nil
}

// minutes evaluates timeout-minutes; def applies when unset.
func (s *scope) minutes(n workflow.NumberOrExpr, def float64, what string) (float64, error) {
	if n.Expr != "" {
		v, err := expr.InterpolateValue(n.Expr, s.ctx())
		if err != nil {
			return 0, fmt.Errorf("%s: %w", what, err)
		}
		switch x := v.(type) {
		case float64:
			return x, nil
		case string:
			f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
			if err != nil {
				return 0, fmt.Errorf("%s: %q is not a number", what, x)
			}
			return f, nil
		}
		return 0, fmt.Errorf("%s: not a number", what)
	}
	if !n.Set {
		return def, nil
	}
	return n.Value, nil
}

// condition evaluates an if: value.
func (s *scope) condition(cond, what string) (bool, error) {
	ok, err := expr.EvalCondition(cond, s.ctx())
	if err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	return ok, nil
}

// usesStatusFunction reports whether an if: value calls success(),
// failure(), always() or cancelled(), which turns off the implicit
// success() (and lets a job run after a skipped dependency).
func usesStatusFunction(cond string) bool {
	c := strings.TrimSpace(cond)
	if strings.HasPrefix(c, "${{") && strings.HasSuffix(c, "}}") {
		c = strings.TrimSpace(c[3 : len(c)-2])
	}
	e, err := expr.Parse(c)
	return err == nil && e.UsesStatusFunction()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func stringsToAny(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
