package engine

import (
	"context"
	"fmt"

	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// previewResolver resolves references for a preview: resources that stay
// resolve to what they are; created or replaced ones to Placeholder.
type previewResolver struct {
	e      *Engine
	ctx    context.Context
	s      *Stack
	cfg    *Config
	live   map[string]*Resource
	newRef map[string]bool // Ref changes
	newAtt map[string]bool // attributes may change
	causes []string        // references to unknown values met by the current evaluation
}

func (p *previewResolver) PhysicalID(id string) (string, error) {
	rec := p.live[id]
	if rec == nil || p.newRef[id] {
		p.causes = append(p.causes, id)
		return Placeholder, nil
	}
	return rec.Live.ID, nil
}

func (p *previewResolver) Attribute(id, name string) (any, error) {
	rec := p.live[id]
	if rec == nil || p.newAtt[id] {
		p.causes = append(p.causes, id+"."+name)
		return Placeholder, nil
	}
	if v, ok := rec.Live.Attributes[name]; ok {
		return v, nil
	}
	return nil, fmt.Errorf("engine: %s.%s: %w", id, name, template.ErrNotFound)
}

func (p *previewResolver) ImportValue(name string) (string, error) {
	x, err := p.e.db.export(p.ctx, name)
	if err != nil {
		return "", err
	}
	if x == nil || x.StackID == p.s.ID {
		return "", fmt.Errorf("engine: export %s: %w", name, template.ErrNotFound)
	}
	return x.Value, nil
}

func (p *previewResolver) AZs(region string) ([]string, error) {
	return template.DefaultAZs(region), nil
}

func (p *previewResolver) SSMParameter(name string) (string, error) {
	if v, ok := p.cfg.SSMValues[name]; ok {
		return v, nil
	}
	return "", fmt.Errorf("engine: SSM parameter %s: %w", name, template.ErrNotFound)
}
