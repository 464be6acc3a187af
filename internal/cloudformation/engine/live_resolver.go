package engine

import (
	"fmt"

	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// resolver is the live template.Resolver of the run: created resources'
// physical ids and attributes, other stacks' exports.
func (r *run) resolver() template.Resolver { return liveResolver{r} }

// liveResolver reads the run's resource records; it is safe for
// concurrent use (records are read under the run's lock).
type liveResolver struct{ r *run }

func (l liveResolver) PhysicalID(id string) (string, error) {
	rec := l.r.get(id)
	if rec == nil || rec.Live == nil {
		return "", fmt.Errorf("engine: %s not created: %w", id, template.ErrNotFound)
	}
	return rec.Live.ID, nil
}

func (l liveResolver) Attribute(id, name string) (any, error) {
	rec := l.r.get(id)
	if rec == nil || rec.Live == nil {
		return nil, fmt.Errorf("engine: %s not created: %w", id, template.ErrNotFound)
	}
	v, ok := rec.Live.Attributes[name]
	if !ok {
		return nil, fmt.Errorf("engine: %s.%s: %w", id, name, template.ErrNotFound)
	}
	return v, nil
}

func (l liveResolver) ImportValue(name string) (string, error) {
	x, err := l.r.e.db.export(l.r.ctx, name)
	if err != nil {
		return "", err
	}
	if x == nil || x.StackID == l.r.s.ID {
		return "", fmt.Errorf("engine: export %s: %w", name, template.ErrNotFound)
	}
	l.r.mu.Lock()
	l.r.imports[name] = true
	l.r.mu.Unlock()
	return x.Value, nil
}

func (l liveResolver) AZs(region string) ([]string, error) { return template.DefaultAZs(region), nil }

func (l liveResolver) SSMParameter(name string) (string, error) {
	if v, ok := l.r.s.Config.SSMValues[name]; ok {
		return v, nil
	}
	var p = l.r.s.Op
	if p == nil {
		return "", fmt.Errorf("engine: SSM parameter %s: %w", name, template.ErrNotFound)
	}
	return l.r.e.ssmValue(l.r.ctx, p.Principal, name)
}
