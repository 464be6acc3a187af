package workflow

import (
	"gopkg.in/yaml.v3"
)

// jobs reads `jobs:` in declaration order.
func (p *parser) jobs(n *yaml.Node) []*Job {
	var out []*Job
	p.each(n, "jobs", func(id string, k, v *yaml.Node) {
		if !isIdentifier(id) {
			p.errorf(k, "job id %q must start with a letter or _ and contain only letters, digits, - and _", id)
		}
		out = append(out, p.job(id, k, v))
	})
	if r := p.resolve(n); r != nil && len(out) == 0 && len(p.errs) == 0 {
		p.errorf(r, "jobs: at least one job is required")
	}
	return out
}

// job reads one job. Keys of constructs berth cannot run are reported as
// unsupported rather than unknown, so the message says why.
func (p *parser) job(id string, k, n *yaml.Node) *Job {
	j := &Job{ID: id, Line: k.Line}
	what := "jobs." + id
	sawSteps := false
	p.each(n, what, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			j.Name = p.text(v, what+".name")
		case "needs":
			j.Needs, j.needsLine = p.list(v, what+".needs", p.literal), k.Line
		case "if":
			j.If = p.condition(v, what+".if")
		case "runs-on":
			j.RunsOn = p.runsOn(v, what+".runs-on")
		case "environment":
			j.Environment = p.environment(v, what+".environment")
		case "outputs":
			j.Outputs = p.stringMap(v, what+".outputs")
		case "env":
			j.Env = p.stringMap(v, what+".env")
		case "defaults":
			j.Defaults = p.defaults(v, what+".defaults")
		case "permissions":
			j.Permissions = p.permissions(v, what+".permissions")
		case "concurrency":
			j.Concurrency = p.concurrency(v, what+".concurrency")
		case "timeout-minutes":
			j.TimeoutMinutes = p.numberOrExpr(v, what+".timeout-minutes")
		case "continue-on-error":
			j.ContinueOnError = p.boolOrExpr(v, what+".continue-on-error")
		case "strategy":
			j.Strategy = p.strategy(v, what+".strategy")
		case "steps":
			sawSteps = true
			j.Steps = p.steps(v, what)
		case "services":
			p.unsupported(k, what+".services (service containers)")
		case "container":
			p.unsupported(k, what+".container (job containers)")
		case "uses":
			p.unsupported(k, what+".uses (reusable workflows)")
		case "with", "secrets":
			p.unsupported(k, what+"."+key+" (reusable workflow inputs)")
		default:
			p.unknown(k, what)
		}
	})
	if !sawSteps && !p.hasErrorAt(k.Line) {
		p.errorf(k, "%s has no steps", what)
	}
	return j
}

// hasErrorAt reports whether an error was already filed for a line, to
// avoid a second, less precise message about the same construct.
func (p *parser) hasErrorAt(line int) bool {
	for _, e := range p.errs {
		if e.Line >= line {
			return true
		}
	}
	return false
}

// runsOn keeps the labels for display: a label, a list, or {group, labels}.
func (p *parser) runsOn(n *yaml.Node, what string) []string {
	r := p.resolve(n)
	if r == nil || r.Kind != yaml.MappingNode {
		return p.list(n, what, p.text)
	}
	var out []string
	p.each(r, what, func(key string, k, v *yaml.Node) {
		switch key {
		case "group":
			out = append(out, "group:"+p.text(v, what+".group"))
		case "labels":
			out = append(out, p.list(v, what+".labels", p.text)...)
		default:
			p.unknown(k, what)
		}
	})
	return out
}

// environment reads a name or {name, url}.
func (p *parser) environment(n *yaml.Node, what string) *Environment {
	r := p.resolve(n)
	if r == nil {
		return nil
	}
	if r.Kind == yaml.ScalarNode {
		return &Environment{Name: p.text(r, what)}
	}
	env := &Environment{}
	p.each(r, what, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			env.Name = p.text(v, what+".name")
		case "url":
			env.URL = p.text(v, what+".url")
		case "deployment":
			p.boolOrExpr(v, what+".deployment")
		default:
			p.unknown(k, what)
		}
	})
	if env.Name == "" {
		p.errorf(r, "%s.name is required", what)
	}
	return env
}

// isIdentifier is GitHub's rule for job and step ids.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '-'):
		default:
			return false
		}
	}
	return true
}
