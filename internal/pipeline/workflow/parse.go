package workflow

import (
	"gopkg.in/yaml.v3"
)

// Parse reads one workflow file. name is used in error positions (typically
// ".github/workflows/x.yaml"). On failure the error is an Errors listing
// every problem found, each an *Error with File, Line and Msg.
func Parse(name string, data []byte) (*Workflow, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Errors{yamlError(name, err)}
	}
	p := &parser{file: name}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, Errors{{File: name, Line: 1, Msg: "empty workflow file"}}
	}
	w := p.workflow(doc.Content[0])
	p.validate(w)
	if len(p.errs) > 0 {
		return nil, p.errs.sorted()
	}
	return w, nil
}

// workflow reads the top-level mapping.
func (p *parser) workflow(root *yaml.Node) *Workflow {
	w := &Workflow{File: p.file}
	var sawOn, sawJobs bool
	if r := p.resolve(root); r == nil || r.Kind != yaml.MappingNode {
		p.errorf(root, "a workflow must be a mapping with `on` and `jobs`")
		return w
	}
	p.each(root, "workflow", func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			w.Name = p.scalar(v, "name")
		case "run-name":
			w.RunName = p.text(v, "run-name")
		case "on":
			sawOn = true
			w.On = p.triggers(k, v)
		case "env":
			w.Env = p.stringMap(v, "env")
		case "defaults":
			w.Defaults = p.defaults(v, "defaults")
		case "permissions":
			w.Permissions = p.permissions(v, "permissions")
		case "concurrency":
			w.Concurrency = p.concurrency(v, "concurrency")
		case "jobs":
			sawJobs = true
			w.Jobs = p.jobs(v)
		default:
			p.unknown(k, "workflow")
		}
	})
	if !sawOn {
		p.errorf(root, "workflow has no `on` section")
	}
	if !sawJobs {
		p.errorf(root, "workflow has no `jobs` section")
	}
	return w
}

// defaults reads `defaults: {run: {shell, working-directory}}`.
func (p *parser) defaults(n *yaml.Node, what string) RunDefaults {
	var d RunDefaults
	p.each(n, what, func(key string, k, v *yaml.Node) {
		if key != "run" {
			p.unknown(k, what)
			return
		}
		p.each(v, what+".run", func(key string, k, v *yaml.Node) {
			switch key {
			case "shell":
				d.Shell = p.literal(v, what+".run.shell")
			case "working-directory":
				d.WorkingDirectory = p.literal(v, what+".run.working-directory")
			default:
				p.unknown(k, what+".run")
			}
		})
	})
	return d
}

// permissionScopes are the scopes GitHub accepts in a permissions block.
var permissionScopes = map[string]bool{
	"actions": true, "attestations": true, "checks": true, "contents": true,
	"deployments": true, "discussions": true, "id-token": true, "issues": true,
	"models": true, "packages": true, "pages": true, "pull-requests": true,
	"repository-projects": true, "security-events": true, "statuses": true,
}

// permissions reads the shorthand string form or the per-scope mapping.
func (p *parser) permissions(n *yaml.Node, what string) *Permissions {
	r := p.resolve(n)
	if r == nil {
		return nil
	}
	perms := &Permissions{Line: r.Line}
	if r.Kind == yaml.ScalarNode && !isNull(r) {
		switch r.Value {
		case "read-all", "write-all":
			perms.All = r.Value
		default:
			p.errorf(r, "%s must be read-all, write-all or a mapping, got %q", what, r.Value)
		}
		return perms
	}
	perms.Scopes = map[string]string{}
	p.each(r, what, func(key string, k, v *yaml.Node) {
		if !permissionScopes[key] {
			p.errorf(k, "unknown permission scope %q in %s", key, what)
			return
		}
		level := p.literal(v, what+"."+key)
		switch level {
		case "read", "write", "none":
		default:
			p.errorf(v, "%s.%s must be read, write or none, got %q", what, key, level)
		}
		perms.Scopes[key] = level
	})
	return perms
}

// concurrency reads the string form (the group) or {group, cancel-in-progress}.
func (p *parser) concurrency(n *yaml.Node, what string) *Concurrency {
	r := p.resolve(n)
	if r == nil {
		return nil
	}
	c := &Concurrency{Line: r.Line}
	if r.Kind == yaml.ScalarNode {
		c.Group = p.text(r, what)
		return c
	}
	p.each(r, what, func(key string, k, v *yaml.Node) {
		switch key {
		case "group":
			c.Group = p.text(v, what+".group")
		case "cancel-in-progress":
			c.CancelInProgress = p.boolOrExpr(v, what+".cancel-in-progress")
		default:
			p.unknown(k, what)
		}
	})
	if c.Group == "" {
		p.errorf(r, "%s.group is required", what)
	}
	return c
}
