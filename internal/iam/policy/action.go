package policy

import (
	"fmt"
	"strings"
)

// actionError returns IAM's message for a malformed Action/NotAction entry:
// it must be "*" or "vendor:name" with exactly one colon and a vendor made of
// letters, digits, '-' and '.'. The name part is free text (IAM accepts
// unknown actions).
func actionError(a string) string {
	if a == "*" {
		return ""
	}
	parts := strings.Split(a, ":")
	switch {
	case len(parts) == 1:
		return msgVendor
	case len(parts) > 2:
		return msgOneColon
	}
	vendor := parts[0]
	if vendor == "*" {
		return ""
	}
	for i := 0; i < len(vendor); i++ {
		c := vendor[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return fmt.Sprintf(msgVendorInvalid, vendor)
		}
	}
	return ""
}

// hasVendor reports whether a condition key is prefaced by a vendor
// ("aws:SourceIp", "token.actions.githubusercontent.com:sub").
func hasVendor(key string) bool {
	i := strings.IndexByte(key, ':')
	return i > 0
}

// isSTSAction reports whether a trust policy may name action a: trust
// policies only govern STS role assumption and session actions.
func isSTSAction(a string) bool {
	if a == "*" {
		return true
	}
	vendor, _, ok := strings.Cut(a, ":")
	return ok && strings.EqualFold(vendor, "sts")
}
