package policy

import (
	"strings"
)

// principalTypes are the members a Principal object may have.
var principalTypes = map[string]bool{"AWS": true, "Federated": true, "Service": true, "CanonicalUser": true}

// checkPrincipalValues validates every Principal/NotPrincipal of a trust or
// resource policy: "*" or an object of known principal types whose values
// are well-formed identifiers. IAM names the offending entry in its message.
func checkPrincipalValues(d *document) error {
	for _, s := range d.statements {
		for _, node := range s.principal {
			if node.kind == jsonString {
				if node.str != "*" {
					return malformed(msgSyntax)
				}
				continue
			}
			for _, m := range node.members {
				values, ok := principalList(m.value)
				if !ok {
					return malformed(msgSyntax)
				}
				for _, v := range values {
					if !principalTypes[m.key] || !validPrincipal(m.key, v) {
						return malformed(msgInvalidPrincipal, `"`+m.key+`":"`+v+`"`)
					}
				}
			}
		}
	}
	return nil
}

// principalList reads a principal value: a string or a non-empty array of
// strings.
func principalList(v *jsonValue) ([]string, bool) {
	list, ok := stringList(v)
	if !ok || len(list) == 0 || (v.kind == jsonArray && len(list) != len(v.items)) {
		return nil, false
	}
	return list, true
}

// validPrincipal checks one identifier. Only "AWS" accepts "*", and no
// principal accepts a partial wildcard ("You cannot use a wildcard to match
// part of a principal name or ARN").
func validPrincipal(typ, v string) bool {
	if v == "" {
		return false
	}
	if typ == "AWS" && v == "*" {
		return true
	}
	if strings.ContainsAny(v, "*?") {
		return false
	}
	if typ != "AWS" {
		return true
	}
	if isAccountID(v) || isUniqueID(v) {
		return true
	}
	c, ok := splitARN(v)
	return ok && c[0] == "arn" && partitions[c[1]] && (c[2] == "iam" || c[2] == "sts") &&
		c[3] == "" && isAccountID(c[4]) && c[5] != ""
}

// isUniqueID recognises IAM unique ids (AIDA..., AROA...), which IAM shows in
// place of the ARN of a deleted user or role.
func isUniqueID(v string) bool {
	if len(v) < 16 || v[0] != 'A' {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// buildPrincipal converts a validated Principal node.
func buildPrincipal(node *jsonValue) *Principal {
	p := &Principal{}
	if node.kind == jsonString {
		p.Wildcard = node.str == "*"
		return p
	}
	for _, m := range node.members {
		values, _ := stringList(m.value)
		switch m.key {
		case "AWS":
			p.AWS = append(p.AWS, values...)
		case "Federated":
			p.Federated = append(p.Federated, values...)
		case "Service":
			p.Service = append(p.Service, values...)
		case "CanonicalUser":
			p.CanonicalUser = append(p.CanonicalUser, values...)
		}
	}
	return p
}
