package workflow

import (
	"fmt"
	"strings"
)

// validate checks cross-job rules once every job parsed: needs must name
// existing jobs (not itself) and the needs graph must be acyclic.
func (p *parser) validate(w *Workflow) {
	byID := map[string]*Job{}
	for _, j := range w.Jobs {
		byID[j.ID] = j
	}
	for _, j := range w.Jobs {
		seen := map[string]bool{}
		for _, n := range j.Needs {
			switch {
			case byID[n] == nil:
				p.errs = append(p.errs, &Error{File: p.file, Line: j.needsLine, Msg: fmt.Sprintf("jobs.%s.needs: unknown job %q", j.ID, n)})
			case seen[n]:
				p.errs = append(p.errs, &Error{File: p.file, Line: j.needsLine, Msg: fmt.Sprintf("jobs.%s.needs: duplicate job %q", j.ID, n)})
			}
			seen[n] = true
		}
	}
	if cycle := findCycle(w.Jobs, byID); cycle != nil {
		p.errs = append(p.errs, &Error{File: p.file, Line: byID[cycle[0]].Line,
			Msg: "jobs: dependency cycle in needs: " + strings.Join(cycle, " -> ")})
	}
}

// findCycle returns one cycle as a path of job ids that starts and ends with
// the same job, or nil.
func findCycle(jobs []*Job, byID map[string]*Job) []string {
	const (
		unvisited = iota
		active
		done
	)
	state := map[string]int{}
	var stack []string
	var visit func(id string) []string
	visit = func(id string) []string {
		state[id] = active
		stack = append(stack, id)
		for _, n := range byID[id].Needs {
			if byID[n] == nil {
				continue // reported as an unknown job
			}
			switch state[n] {
			case active:
				for i, s := range stack {
					if s == n {
						return append(append([]string{}, stack[i:]...), n)
					}
				}
			case unvisited:
				if c := visit(n); c != nil {
					return c
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[id] = done
		return nil
	}
	for _, j := range jobs {
		if state[j.ID] == unvisited {
			if c := visit(j.ID); c != nil {
				return c
			}
		}
	}
	return nil
}

// JobOrder returns the jobs so that every job comes after the jobs it needs;
// among jobs that are ready at the same time, declaration order is kept.
// Parse guarantees the graph is acyclic.
func (w *Workflow) JobOrder() []*Job {
	var out []*Job
	for _, stage := range w.JobStages() {
		out = append(out, stage...)
	}
	return out
}

// JobStages groups jobs into waves: every job of a stage needs only jobs of
// earlier stages, so a stage's jobs may run in parallel.
func (w *Workflow) JobStages() [][]*Job {
	stageOf := map[string]int{}
	remaining := append([]*Job{}, w.Jobs...)
	var stages [][]*Job
	for len(remaining) > 0 {
		var stage, rest []*Job
		for _, j := range remaining {
			ready := true
			for _, n := range j.Needs {
				if _, ok := stageOf[n]; !ok {
					ready = false
					break
				}
			}
			if ready {
				stage = append(stage, j)
			} else {
				rest = append(rest, j)
			}
		}
		if len(stage) == 0 { // a cycle: only possible for a hand-built Workflow
			return append(stages, rest)
		}
		for _, j := range stage {
			stageOf[j.ID] = len(stages)
		}
		stages = append(stages, stage)
		remaining = rest
	}
	return stages
}
