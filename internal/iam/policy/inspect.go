package policy

import (
	"strings"
)

// MatchesAction reports whether the statement's Action (or NotAction)
// element covers action, case-insensitively with wildcards, as Evaluate
// does. Simulators use it to tell which statements concern an action.
func (st *Statement) MatchesAction(action string) bool {
	return st.matchesAction(action)
}

// ContextKeys lists the context keys the policy reads: every Condition key
// and every key named by a policy variable, in document order, each once
// (compared case-insensitively, reported as first written). It backs IAM's
// GetContextKeysForCustomPolicy and the simulator's MissingContextValues.
func (p *Policy) ContextKeys() []string {
	var keys []string
	seen := map[string]bool{}
	add := func(k string) {
		if lk := strings.ToLower(k); !seen[lk] {
			seen[lk] = true
			keys = append(keys, k)
		}
	}
	vars := p.Version == Version2012
	for _, st := range p.Statements {
		for _, r := range append(append([]string(nil), st.Resource...), st.NotResource...) {
			for _, k := range variableKeys(r, vars) {
				add(k)
			}
		}
		for _, c := range st.Conditions {
			add(c.Key)
			if !c.op.takesVariables() {
				continue
			}
			for _, v := range c.Values {
				for _, k := range variableKeys(v, vars) {
					add(k)
				}
			}
		}
	}
	return keys
}

// variableKeys returns the context keys named by ${...} variables in s,
// as written.
func variableKeys(s string, vars bool) []string {
	var keys []string
	for _, part := range parseTemplate(s, vars).parts {
		if part.kind == partVar {
			keys = append(keys, part.raw)
		}
	}
	return keys
}
