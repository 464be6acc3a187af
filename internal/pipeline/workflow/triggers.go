package workflow

import (
	"gopkg.in/yaml.v3"
)

// knownEvents are the events GitHub accepts in `on:`. berth fires push and
// workflow_dispatch; the others parse but are flagged as unsupported.
var knownEvents = map[string]bool{
	"branch_protection_rule": true, "check_run": true, "check_suite": true,
	"create": true, "delete": true, "deployment": true, "deployment_status": true,
	"discussion": true, "discussion_comment": true, "fork": true, "gollum": true,
	"issue_comment": true, "issues": true, "label": true, "merge_group": true,
	"milestone": true, "page_build": true, "project": true, "project_card": true,
	"project_column": true, "public": true, "pull_request": true,
	"pull_request_review": true, "pull_request_review_comment": true,
	"pull_request_target": true, "push": true, "registry_package": true,
	"release": true, "repository_dispatch": true, "schedule": true, "status": true,
	"watch": true, "workflow_call": true, "workflow_dispatch": true,
	"workflow_run": true, "image_version": true,
}

// triggers reads `on:` in any of its three forms: one event name, a list of
// names, or a mapping of event to configuration.
func (p *parser) triggers(k, n *yaml.Node) Triggers {
	t := Triggers{Line: k.Line}
	r := p.resolve(n)
	if r == nil {
		return t
	}
	switch r.Kind {
	case yaml.ScalarNode:
		p.event(&t, r, nil)
	case yaml.SequenceNode:
		seen := map[string]bool{}
		for _, item := range r.Content {
			item = p.resolve(item)
			if item == nil {
				return t
			}
			if item.Kind == yaml.ScalarNode && seen[item.Value] {
				p.errorf(item, "on: duplicate event %q", item.Value)
				continue
			}
			seen[item.Value] = true
			p.event(&t, item, nil)
		}
	case yaml.MappingNode:
		p.each(r, "on", func(_ string, k, v *yaml.Node) { p.event(&t, k, v) })
	default:
		p.errorf(r, "on must be an event name, a list or a mapping")
	}
	if t.Push == nil && t.Dispatch == nil && len(t.Unsupported) == 0 && len(p.errs) == 0 {
		p.errorf(r, "on: no events declared")
	}
	return t
}

// event records one event; cfg is nil for the string and list forms.
func (p *parser) event(t *Triggers, name, cfg *yaml.Node) {
	ev := p.scalar(name, "on")
	if !knownEvents[ev] {
		p.errorf(name, "on: unknown event %q", ev)
		return
	}
	switch ev {
	case "push":
		t.Push = p.refFilters(ev, name, cfg)
	case "workflow_dispatch":
		t.Dispatch = p.dispatch(name, cfg)
	case "schedule":
		t.Unsupported = append(t.Unsupported, Event{Name: ev, Cron: p.schedule(name, cfg), Line: name.Line})
	case "pull_request", "pull_request_target":
		t.Unsupported = append(t.Unsupported, Event{Name: ev, Filters: p.refFilters(ev, name, cfg), Line: name.Line})
	default:
		// Other events' configuration (types, inputs, workflows...) is not
		// validated: berth never fires them.
		t.Unsupported = append(t.Unsupported, Event{Name: ev, Line: name.Line})
	}
}

// refFilters reads push/pull_request filters, rejecting the combinations
// GitHub rejects and patterns that do not compile.
func (p *parser) refFilters(ev string, name, cfg *yaml.Node) *RefFilters {
	f := &RefFilters{Line: name.Line}
	if cfg == nil {
		return f
	}
	what := "on." + ev
	patterns := func(v *yaml.Node, key string) []string {
		list := p.list(v, what+"."+key, p.literal)
		for _, pat := range list {
			if _, err := compileGitHubGlob(pat); err != nil {
				p.errorf(v, "%s.%s: %v", what, key, err)
			}
		}
		return list
	}
	p.each(cfg, what, func(key string, k, v *yaml.Node) {
		switch key {
		case "branches":
			f.Branches = patterns(v, key)
		case "branches-ignore":
			f.BranchesIgnore = patterns(v, key)
		case "tags":
			f.Tags = patterns(v, key)
		case "tags-ignore":
			f.TagsIgnore = patterns(v, key)
		case "paths":
			f.Paths = patterns(v, key)
		case "paths-ignore":
			f.PathsIgnore = patterns(v, key)
		case "types":
			if ev == "push" {
				p.unknown(k, what)
			}
		default:
			p.unknown(k, what)
		}
	})
	both := func(a, b []string, x, y string) {
		if a != nil && b != nil {
			p.errorf(cfg, "%s: %s and %s cannot both be used", what, x, y)
		}
	}
	both(f.Branches, f.BranchesIgnore, "branches", "branches-ignore")
	both(f.Tags, f.TagsIgnore, "tags", "tags-ignore")
	both(f.Paths, f.PathsIgnore, "paths", "paths-ignore")
	return f
}

// dispatch reads workflow_dispatch and its inputs.
func (p *parser) dispatch(name, cfg *yaml.Node) *Dispatch {
	d := &Dispatch{Line: name.Line}
	if cfg == nil {
		return d
	}
	p.each(cfg, "on.workflow_dispatch", func(key string, k, v *yaml.Node) {
		if key != "inputs" {
			p.unknown(k, "on.workflow_dispatch")
			return
		}
		p.each(v, "on.workflow_dispatch.inputs", func(key string, k, v *yaml.Node) {
			d.Inputs = append(d.Inputs, p.input(key, k, v))
		})
	})
	return d
}

func (p *parser) input(name string, k, n *yaml.Node) Input {
	in := Input{Name: name, Type: "string", Line: k.Line}
	what := "on.workflow_dispatch.inputs." + name
	p.each(n, what, func(key string, k, v *yaml.Node) {
		switch key {
		case "description":
			in.Description = p.scalar(v, what+".description")
		case "required":
			in.Required = p.boolOrExpr(v, what+".required").Value
		case "default":
			in.Default = p.scalar(v, what+".default")
		case "type":
			in.Type = p.literal(v, what+".type")
			switch in.Type {
			case "string", "boolean", "choice", "number", "environment":
			default:
				p.errorf(v, "%s.type must be string, boolean, choice, number or environment, got %q", what, in.Type)
			}
		case "options":
			in.Options = p.list(v, what+".options", p.scalar)
		case "deprecationMessage":
		default:
			p.unknown(k, what)
		}
	})
	if in.Type == "choice" && len(in.Options) == 0 {
		p.errorf(k, "%s: a choice input needs options", what)
	}
	return in
}

// schedule reads `schedule: [{cron: ...}]`.
func (p *parser) schedule(name, cfg *yaml.Node) []string {
	r := p.resolve(cfg)
	if r == nil || r.Kind != yaml.SequenceNode {
		p.errorf(name, "on.schedule must be a list of {cron: ...}")
		return nil
	}
	var out []string
	for _, item := range r.Content {
		p.each(item, "on.schedule", func(key string, k, v *yaml.Node) {
			if key != "cron" {
				p.unknown(k, "on.schedule")
				return
			}
			out = append(out, p.literal(v, "on.schedule.cron"))
		})
	}
	return out
}
