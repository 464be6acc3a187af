package engine

import (
	"errors"
	"fmt"
	"sort"

	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// publish evaluates the outputs, checks that exports other stacks import
// keep their values, and records outputs, exports and imports. A returned
// error (other than errInterrupted) is the stack failure reason.
func (r *run) publish(ev *template.Evaluator, before []Output) error {
	vals, err := ev.Outputs()
	if err != nil {
		return errors.New(reasonOf(err))
	}
	outs := make([]Output, 0, len(vals))
	now := map[string]string{}
	for _, v := range vals {
		outs = append(outs, Output{Key: v.Name, Value: v.Value, Description: v.Description, ExportName: v.ExportName})
		if v.ExportName != "" {
			now[v.ExportName] = v.Value
		}
	}
	for _, o := range before {
		if o.ExportName == "" {
			continue
		}
		if v, kept := now[o.ExportName]; kept && v == o.Value {
			continue
		}
		users, err := r.e.db.importers(r.ctx, o.ExportName, r.s.ID)
		if err != nil {
			return r.check(err)
		}
		if len(users) > 0 {
			verb := "updated"
			if _, kept := now[o.ExportName]; !kept {
				verb = "deleted"
			}
			return fmt.Errorf("Export %s cannot be %s as it is in use by %s", o.ExportName, verb, users[0])
		}
	}
	imports := r.importList()
	if err := r.e.db.replaceExports(r.ctx, r.s.ID, outs, imports); err != nil {
		var taken *exportTakenError
		if errors.As(err, &taken) {
			return taken
		}
		return r.check(err)
	}
	r.s.Outputs, r.s.Imports = outs, imports
	return nil
}

// exportsInUse returns a reason when another stack imports one of the
// stack's exports (which then cannot be deleted), "" otherwise.
func (r *run) exportsInUse() (string, error) {
	for _, o := range r.s.Outputs {
		if o.ExportName == "" {
			continue
		}
		users, err := r.e.db.importers(r.ctx, o.ExportName, r.s.ID)
		if err != nil {
			return "", r.check(err)
		}
		if len(users) > 0 {
			return fmt.Sprintf("Export %s cannot be deleted as it is in use by %s", o.ExportName, users[0]), nil
		}
	}
	return "", nil
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
