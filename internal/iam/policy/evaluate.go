package policy

// Request is one authorization question: may Principal perform Action on
// Resource, given Context?
type Request struct {
	// Action is the IAM action, "service:Operation" (matched
	// case-insensitively).
	Action string
	// Resource is the resource ARN, or "*" (also assumed when empty) for
	// actions without resource-level permissions.
	Resource string
	// Principal is the caller, matched against Principal/NotPrincipal in
	// trust and resource policies; nil means anonymous. Statements without a
	// principal element (identity policies) ignore it.
	Principal *Principal
	// Context holds the request's condition keys, including the global ones
	// (aws:CurrentTime, aws:SourceIp, aws:PrincipalArn, ...), which the
	// caller must supply: this package never reads a clock.
	Context Context
}

// Decision is the outcome of an evaluation.
type Decision int

// The zero Decision is ImplicitDeny, so an unset Decision never allows.
const (
	ImplicitDeny Decision = iota
	Allowed
	ExplicitDeny
)

// String returns the EvalDecision wording of IAM's policy simulator.
func (d Decision) String() string {
	switch d {
	case Allowed:
		return "allowed"
	case ExplicitDeny:
		return "explicitDeny"
	}
	return "implicitDeny"
}

// Match identifies a statement that took part in a decision.
type Match struct {
	Policy    *Policy
	Statement *Statement
}

// Result is a decision and the statements behind it: every matching Deny
// statement when explicitly denied, every matching Allow statement when
// allowed, none for an implicit deny.
type Result struct {
	Decision Decision
	Matched  []Match
}

// Allowed reports whether the request may proceed.
func (r Result) Allowed() bool { return r.Decision == Allowed }

// Evaluate decides req against the given policies together, following IAM's
// evaluation logic for a single set of policies: an explicit Deny in any
// statement wins; otherwise any Allow allows; otherwise the request is
// implicitly denied. Nil policies are skipped. Combining policy types
// (permissions boundaries, trust plus identity policies, cross-account
// rules) is the caller's job: call Evaluate per set and combine decisions.
func Evaluate(req *Request, policies ...*Policy) Result {
	var res Result
	if req == nil {
		return res
	}
	var allows []Match
	for _, p := range policies {
		if p == nil {
			continue
		}
		for _, st := range p.Statements {
			if !st.applies(req) {
				continue
			}
			m := Match{Policy: p, Statement: st}
			if st.Effect == Deny {
				res.Matched = append(res.Matched, m)
			} else {
				allows = append(allows, m)
			}
		}
	}
	switch {
	case len(res.Matched) > 0:
		res.Decision = ExplicitDeny
	case len(allows) > 0:
		res.Decision, res.Matched = Allowed, allows
	}
	return res
}

// applies reports whether the statement matches the request: principal,
// action, resource and every condition.
func (st *Statement) applies(req *Request) bool {
	if st.Principal != nil && !st.Principal.Matches(req.Principal) {
		return false
	}
	if st.NotPrincipal != nil && st.NotPrincipal.Matches(req.Principal) {
		return false
	}
	if !st.matchesAction(req.Action) || !st.matchesResource(req) {
		return false
	}
	for _, c := range st.Conditions {
		if !c.holds(&req.Context) {
			return false
		}
	}
	return true
}

// matchesAction applies Action (any entry matches) or NotAction (no entry
// matches). Actions compare case-insensitively (IAM User Guide, Action).
func (st *Statement) matchesAction(action string) bool {
	hit := false
	for _, a := range st.actions {
		if matchTokens(a, action, true) {
			hit = true
			break
		}
	}
	return hit != st.notAction
}

// matchesResource applies Resource or NotResource; a statement with neither
// (trust policies) applies to any resource. A Resource entry whose policy
// variable cannot be resolved matches nothing; such an entry in NotResource
// makes the whole statement inapplicable, because "if AWS cannot resolve a
// variable, this might cause the entire statement to be invalid" and an
// unresolvable exclusion must never widen an Allow.
func (st *Statement) matchesResource(req *Request) bool {
	if st.anyResource {
		return true
	}
	resource := req.Resource
	if resource == "" {
		resource = "*"
	}
	for i := range st.resources {
		hit, resolved := st.resources[i].matches(resource, &req.Context)
		if !resolved && st.notResource {
			return false
		}
		if hit {
			return !st.notResource
		}
	}
	return st.notResource
}

// matches compares one Resource entry, case-sensitively and segment-aware.
// resolved is false when a policy variable has no value.
func (rp *resourcePattern) matches(resource string, ctx *Context) (hit, resolved bool) {
	toks, restricted := rp.toks, rp.restricted
	if rp.tmpl.hasVars {
		var ok bool
		if toks, ok = rp.tmpl.tokens(ctx); !ok {
			return false, false
		}
		restricted = segmentRestrict(toks)
	}
	switch {
	case isStarOnly(toks):
		return true, true
	case restricted:
		return matchTokensExhaustive(toks, resource), true
	}
	return matchTokens(toks, resource, false), true
}
