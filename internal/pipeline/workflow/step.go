package workflow

import (
	"strconv"

	"gopkg.in/yaml.v3"
)

// steps reads a job's step list and checks step ids are unique.
func (p *parser) steps(n *yaml.Node, job string) []*Step {
	r := p.resolve(n)
	if r == nil {
		return nil
	}
	if r.Kind != yaml.SequenceNode || len(r.Content) == 0 {
		p.errorf(r, "%s.steps must be a non-empty list", job)
		return nil
	}
	ids := map[string]bool{}
	out := make([]*Step, 0, len(r.Content))
	for i, item := range r.Content {
		s := p.step(item, job, i)
		if s.ID != "" {
			if ids[s.ID] {
				p.errorf(item, "%s: duplicate step id %q", job, s.ID)
			}
			ids[s.ID] = true
		}
		out = append(out, s)
	}
	return out
}

// step reads one step; run steps and uses steps accept different keys, as
// on GitHub.
func (p *parser) step(n *yaml.Node, job string, i int) *Step {
	s := &Step{Line: n.Line}
	what := job + ".steps[" + strconv.Itoa(i) + "]"
	var runOnly, usesOnly []*yaml.Node
	p.each(n, what, func(key string, k, v *yaml.Node) {
		switch key {
		case "id":
			s.ID = p.literal(v, what+".id")
			if !isIdentifier(s.ID) {
				p.errorf(v, "%s.id %q must start with a letter or _ and contain only letters, digits, - and _", what, s.ID)
			}
		case "name":
			s.Name = p.text(v, what+".name")
		case "if":
			s.If = p.condition(v, what+".if")
		case "run":
			s.Run = p.text(v, what+".run")
			if s.Run == "" {
				p.errorf(v, "%s.run must not be empty", what)
			}
		case "shell":
			s.Shell = p.literal(v, what+".shell")
			runOnly = append(runOnly, k)
		case "working-directory":
			s.WorkingDirectory = p.text(v, what+".working-directory")
			runOnly = append(runOnly, k)
		case "uses":
			s.Uses = p.literal(v, what+".uses")
			if _, err := ParseUses(s.Uses); err != nil {
				p.errorf(v, "%s.uses: %v", what, err)
			}
		case "with":
			s.With = p.stringMap(v, what+".with")
			usesOnly = append(usesOnly, k)
		case "env":
			s.Env = p.stringMap(v, what+".env")
		case "continue-on-error":
			s.ContinueOnError = p.boolOrExpr(v, what+".continue-on-error")
		case "timeout-minutes":
			s.TimeoutMinutes = p.numberOrExpr(v, what+".timeout-minutes")
		default:
			p.unknown(k, what)
		}
	})
	switch {
	case s.Run != "" && s.Uses != "":
		p.errorf(n, "%s has both run and uses; a step is either a script or an action", what)
	case s.Run == "" && s.Uses == "" && !p.hasErrorAt(n.Line):
		p.errorf(n, "%s needs either run or uses", what)
	case s.Uses != "":
		for _, k := range runOnly {
			p.errorf(k, "%s.%s is only valid on run steps", what, k.Value)
		}
	case s.Run != "":
		for _, k := range usesOnly {
			p.errorf(k, "%s.%s is only valid on uses steps", what, k.Value)
		}
	}
	return s
}
