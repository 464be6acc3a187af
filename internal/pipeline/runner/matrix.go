package runner

import (
	"fmt"
	"sort"
	"strings"

	"github.com/berth-dev/berth/internal/pipeline/expr"
	"github.com/berth-dev/berth/internal/pipeline/workflow"
)

// combinations expands a job's matrix; a job without one has a single nil
// combination. Expression matrices are evaluated with the job's scope
// (needs outputs, typically).
func (rs *runState) combinations(job *workflow.Job, sc *scope) ([]map[string]any, error) {
	if job.Strategy == nil || job.Strategy.Matrix == nil {
		return []map[string]any{nil}, nil
	}
	m := *job.Strategy.Matrix
	what := "jobs." + job.ID + ".strategy.matrix"
	if m.Expr != "" {
		v, err := expr.InterpolateValue(m.Expr, sc.ctx())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: the expression must give an object, not %s", what, expr.KindOf(v))
		}
		m = workflow.Matrix{Values: map[string][]any{}}
		for _, k := range sortedKeys(obj) {
			if err := setMatrixKey(&m, k, obj[k], what); err != nil {
				return nil, err
			}
		}
	} else if len(m.Dynamic) > 0 {
		vals := make(map[string][]any, len(m.Values))
		for k, v := range m.Values {
			vals[k] = v
		}
		m.Values = vals
		for _, k := range sortedKeys(m.Dynamic) {
			v, err := expr.InterpolateValue(m.Dynamic[k], sc.ctx())
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", what, k, err)
			}
			if err := setMatrixKey(&m, k, v, what); err != nil {
				return nil, err
			}
		}
		m.Dynamic = nil
	}
	combos, err := m.Combinations()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if len(combos) == 0 {
		return nil, fmt.Errorf("%s: the matrix has no combinations", what)
	}
	return combos, nil
}

// setMatrixKey stores an evaluated matrix entry.
func setMatrixKey(m *workflow.Matrix, k string, v any, what string) error {
	switch k {
	case "include", "exclude":
		list, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s.%s must be a list", what, k)
		}
		var objs []map[string]any
		for _, x := range list {
			o, ok := x.(map[string]any)
			if !ok {
				return fmt.Errorf("%s.%s entries must be objects", what, k)
			}
			objs = append(objs, o)
		}
		if k == "include" {
			m.Include = objs
		} else {
			m.Exclude = objs
		}
	default:
		list, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s.%s must be a list", what, k)
		}
		if _, seen := m.Values[k]; !seen {
			m.Keys = append(m.Keys, k)
		}
		m.Values[k] = list
	}
	return nil
}

// combinationName is the job's display name: its interpolated name, or
// "id (v1, v2)" for a matrix combination as GitHub shows it.
func (rs *runState) combinationName(job *workflow.Job, combo map[string]any, sc *scope) string {
	if job.Name != "" {
		if n, err := sc.interpolate(job.Name, "name"); err == nil {
			return n
		}
		return job.Name
	}
	if combo == nil {
		return job.ID
	}
	keys := make([]string, 0, len(combo))
	for k := range combo {
		keys = append(keys, k)
	}
	if m := job.Strategy.Matrix; m != nil && len(m.Keys) > 0 {
		order := map[string]int{}
		for i, k := range m.Keys {
			order[k] = i
		}
		sort.SliceStable(keys, func(a, b int) bool {
			oa, okA := order[keys[a]]
			ob, okB := order[keys[b]]
			switch {
			case okA && okB:
				return oa < ob
			case okA != okB:
				return okA
			}
			return keys[a] < keys[b]
		})
	} else {
		sort.Strings(keys)
	}
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, expr.ToString(combo[k]))
	}
	return job.ID + " (" + strings.Join(parts, ", ") + ")"
}
