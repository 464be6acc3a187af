package iam

import (
	"github.com/berth-dev/berth/internal/wildcard"

	"strings"

	"github.com/berth-dev/berth/internal/iam/policy"
)

// simulation is one policy-simulator run: the policies in play and the
// request context every (action, resource) pair is evaluated with.
type simulation struct {
	identity []*policy.Policy
	boundary []*policy.Policy // nil when no permissions boundary applies
	resource *policy.Policy   // the ResourcePolicy, if given
	caller   *policy.Principal
	context  policy.Context
}

// evalResult is the EvaluationResult shape.
type evalResult struct {
	EvalActionName                    string
	EvalResourceName                  string
	EvalDecision                      string
	MatchedStatements                 list[matchedStatement]
	MissingContextValues              list[string]
	PermissionsBoundaryDecisionDetail *boundaryDetail `xml:",omitempty"`
}

// matchedStatement is the Statement shape: which statement of which
// policy took part in a decision, and where it is in the document.
type matchedStatement struct {
	SourcePolicyId   string
	SourcePolicyType string
	StartPosition    position
	EndPosition      position
}

type position struct {
	Line   int
	Column int
}

type boundaryDetail struct {
	AllowedByPermissionsBoundary bool
}

// evaluate decides one (action, resource) pair with IAM's logic for one
// account: an explicit Deny anywhere wins; a resource policy's Allow
// allows; otherwise the identity policies must allow and, when a
// permissions boundary applies, so must the boundary.
func (s *simulation) evaluate(action, resource string) evalResult {
	req := &policy.Request{Action: action, Resource: resource, Principal: s.caller, Context: s.context}
	id := policy.Evaluate(req, s.identity...)
	var rp, bd policy.Result
	if s.resource != nil {
		rp = policy.Evaluate(req, s.resource)
	}
	if s.boundary != nil {
		bd = policy.Evaluate(req, s.boundary...)
	}
	decision := policy.ImplicitDeny
	var matched []policy.Match
	switch {
	case id.Decision == policy.ExplicitDeny || rp.Decision == policy.ExplicitDeny || bd.Decision == policy.ExplicitDeny:
		decision = policy.ExplicitDeny
		for _, r := range []policy.Result{id, rp, bd} {
			if r.Decision == policy.ExplicitDeny {
				matched = append(matched, r.Matched...)
			}
		}
	case rp.Allowed():
		decision, matched = policy.Allowed, rp.Matched
		if id.Allowed() {
			matched = append(id.Matched, matched...)
		}
	case id.Allowed() && (s.boundary == nil || bd.Allowed()):
		decision, matched = policy.Allowed, id.Matched
	}
	out := evalResult{EvalActionName: action, EvalResourceName: resource, EvalDecision: decision.String()}
	for _, m := range matched {
		out.MatchedStatements.Member = append(out.MatchedStatements.Member, matchedStatement{
			SourcePolicyId: m.Policy.ID, SourcePolicyType: m.Policy.Type,
			StartPosition: position(m.Statement.Start), EndPosition: position(m.Statement.End),
		})
	}
	out.MissingContextValues.Member = s.missingKeys(action)
	if s.boundary != nil {
		out.PermissionsBoundaryDecisionDetail = &boundaryDetail{AllowedByPermissionsBoundary: bd.Allowed()}
	}
	return out
}

// missingKeys lists the condition keys that statements about action test
// but the simulation's context does not supply: with them, the decision
// could differ. Keys keep the case the policy wrote them in.
func (s *simulation) missingKeys(action string) []string {
	var keys []string
	seen := map[string]bool{}
	all := append(append([]*policy.Policy{}, s.identity...), s.boundary...)
	if s.resource != nil {
		all = append(all, s.resource)
	}
	for _, p := range all {
		for _, st := range p.Statements {
			if !statementNamesAction(st, action) {
				continue
			}
			for _, c := range st.Conditions {
				k := strings.ToLower(c.Key)
				if _, ok := s.context.Get(k); ok || seen[k] {
					continue
				}
				seen[k] = true
				keys = append(keys, c.Key)
			}
		}
	}
	return keys
}

// statementNamesAction applies a statement's Action or NotAction to an
// action name, case-insensitively.
func statementNamesAction(st *policy.Statement, action string) bool {
	patterns, negated := st.Action, false
	if st.NotAction != nil {
		patterns, negated = st.NotAction, true
	}
	hit := false
	for _, p := range patterns {
		if wildcard.Match(strings.ToLower(p), strings.ToLower(action)) {
			hit = true
			break
		}
	}
	return hit != negated
}
