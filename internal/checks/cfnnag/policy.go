package cfnnag

import (
	"github.com/berth-dev/berth/internal/wildcard"

	"regexp"
	"strings"
)

// Statement is the part of an IAM policy statement the rules read. Values
// given by intrinsic functions are unknown and left out.
type Statement struct {
	Effect                  string
	Actions, NotActions     []string
	Resources, NotResources []string
	HasNotAction            bool
	HasNotResource          bool
	HasNotPrincipal         bool
}

// Allows reports whether the statement grants (Effect: Allow).
func (s Statement) Allows() bool { return s.Effect == "Allow" }

// Statements reads a PolicyDocument, given as a map or as a JSON string.
func Statements(doc *Value) []Statement {
	if s, ok := doc.Literal(); ok {
		parsed, err := ParseValue([]byte(s))
		if err != nil {
			return nil
		}
		doc = parsed
	}
	st := doc.Get("Statement")
	if st == nil {
		return nil
	}
	items := []*Value{st}
	if st.Kind == List {
		items = st.Items
	}
	var out []Statement
	for _, it := range items {
		if it.Kind != Map {
			continue
		}
		effect, _ := it.Get("Effect").Literal()
		out = append(out, Statement{
			Effect:          effect,
			Actions:         it.Get("Action").Strings(),
			NotActions:      it.Get("NotAction").Strings(),
			Resources:       it.Get("Resource").Strings(),
			NotResources:    it.Get("NotResource").Strings(),
			HasNotAction:    it.Get("NotAction") != nil,
			HasNotResource:  it.Get("NotResource") != nil,
			HasNotPrincipal: it.Get("NotPrincipal") != nil,
		})
	}
	return out
}

// WildcardActions returns the actions that grant a whole service or
// everything: "*" or "service:*" (cfn-model's wildcard_actions).
func (s Statement) WildcardActions() []string {
	var out []string
	for _, a := range s.Actions {
		if a == "*" || (strings.HasSuffix(a, ":*") && len(a) > 2) {
			out = append(out, a)
		}
	}
	return out
}

// HasWildcardResource reports Resource "*".
func (s Statement) HasWildcardResource() bool {
	for _, r := range s.Resources {
		if r == "*" {
			return true
		}
	}
	return false
}

// readOnlyAction matches actions that only list or describe: granting them
// on "*" is normal, since most of them support no resource-level scoping.
var readOnlyAction = regexp.MustCompile(`^[a-zA-Z0-9-]+:(Describe|List)[A-Za-z0-9]*\*?$|^sts:GetCallerIdentity$`)

// GrantsSensitiveOnAnyResource reports an Allow on Resource "*" for at
// least one action that is not a read-only List*/Describe* call (a
// NotAction statement counts: it grants unknown actions).
func (s Statement) GrantsSensitiveOnAnyResource() bool {
	if !s.Allows() || !s.HasWildcardResource() {
		return false
	}
	if s.HasNotAction || len(s.Actions) == 0 {
		return true
	}
	for _, a := range s.Actions {
		if !readOnlyAction.MatchString(a) {
			return true
		}
	}
	return false
}

// Grants reports whether some action of the statement matches the given
// action, IAM wildcards (* and ?) and case-insensitivity included.
func (s Statement) Grants(action string) bool {
	for _, a := range s.Actions {
		if wildcard.Match(strings.ToLower(a), strings.ToLower(action)) {
			return true
		}
	}
	return false
}
