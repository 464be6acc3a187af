package policy

import (
	"strings"
)

// Principal names who a statement is about (the Principal or NotPrincipal
// element of a trust or resource policy) or who is calling (Request.Principal).
//
// In a policy: Wildcard is `"Principal": "*"`; the lists hold the values of
// the "AWS", "Federated", "Service" and "CanonicalUser" members.
//
// For a caller, list every identifier the caller is known by: an
// assumed-role session as its session ARN (its role and account are derived
// from it), an IAM user by its ARN, a web-identity caller by its provider in
// Federated, a service by its service principal name. A nil caller is
// anonymous.
type Principal struct {
	Wildcard      bool
	AWS           []string
	Federated     []string
	Service       []string
	CanonicalUser []string
}

// Matches reports whether caller is one of the principals p names (IAM User
// Guide, "AWS JSON policy elements: Principal"):
//   - "*" names everyone, anonymous callers included, and so does
//     {"AWS": "*"} except that it does not name federated or service callers;
//   - an account ("123456789012" or "arn:aws:iam::123456789012:root")
//     delegates to the whole account: any caller in it matches;
//   - a role ARN also names that role's sessions;
//   - other ARNs, providers and service names match exactly (no partial
//     wildcards: "You cannot use a wildcard to match part of a principal").
func (p *Principal) Matches(caller *Principal) bool {
	if p == nil {
		return false
	}
	if p.Wildcard {
		return true
	}
	if caller == nil {
		for _, v := range p.AWS {
			if v == "*" {
				return true
			}
		}
		return false
	}
	for _, pv := range p.AWS {
		if pv == "*" {
			if len(caller.AWS) > 0 {
				return true
			}
			continue
		}
		for _, cv := range caller.AWS {
			if awsPrincipalMatches(pv, cv) {
				return true
			}
		}
	}
	return listMatches(p.Federated, caller.Federated, false) ||
		listMatches(p.Service, caller.Service, true) ||
		listMatches(p.CanonicalUser, caller.CanonicalUser, false)
}

// listMatches reports whether some caller value equals some policy value; a
// policy "*" names any caller that has a value of this type.
func listMatches(policy, caller []string, fold bool) bool {
	for _, pv := range policy {
		for _, cv := range caller {
			if pv == "*" || pv == cv || (fold && strings.EqualFold(pv, cv)) {
				return true
			}
		}
	}
	return false
}

// awsPrincipalMatches compares one policy "AWS" value with one caller
// identifier.
func awsPrincipalMatches(pv, cv string) bool {
	if cv == "" || cv == "*" {
		return false // a caller is never a wildcard
	}
	if pv == cv {
		return true
	}
	if partition, account, ok := accountPrincipal(pv); ok {
		cp, ca, ok := callerAccount(cv)
		return ok && ca == account && (partition == "" || cp == "" || cp == partition)
	}
	// arn:P:iam::A:role[/path]/Name names the sessions arn:P:sts::A:assumed-role/Name/*.
	pc, ok1 := splitARN(pv)
	cc, ok2 := splitARN(cv)
	if !ok1 || !ok2 || pc[2] != "iam" || cc[2] != "sts" || pc[1] != cc[1] || pc[4] != cc[4] {
		return false
	}
	roleRes, ok := strings.CutPrefix(pc[5], "role/")
	if !ok {
		return false
	}
	roleName := roleRes[strings.LastIndexByte(roleRes, '/')+1:]
	session, ok := strings.CutPrefix(cc[5], "assumed-role/")
	if !ok {
		return false
	}
	name, _, ok := strings.Cut(session, "/")
	return ok && name == roleName && roleName != ""
}

// accountPrincipal recognises the two spellings of an account principal.
func accountPrincipal(v string) (partition, account string, ok bool) {
	if isAccountID(v) {
		return "", v, true
	}
	c, ok := splitARN(v)
	if ok && c[0] == "arn" && c[2] == "iam" && c[3] == "" && c[5] == "root" && isAccountID(c[4]) {
		return c[1], c[4], true
	}
	return "", "", false
}

// callerAccount returns the account a caller identifier belongs to.
func callerAccount(v string) (partition, account string, ok bool) {
	if isAccountID(v) {
		return "", v, true
	}
	c, ok := splitARN(v)
	if ok && c[0] == "arn" && isAccountID(c[4]) {
		return c[1], c[4], true
	}
	return "", "", false
}

func isAccountID(s string) bool {
	return len(s) == 12 && digitRun(s) == 12
}
