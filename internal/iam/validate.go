package iam

import (
	"fmt"
	"regexp"
	"unicode/utf8"
)

// Patterns of botocore's iam model, as AWS quotes them in ValidationError
// messages, and their compiled (anchored) forms.
const (
	patName       = `[\w+=,.@-]+`
	patRolePath   = `(\u002F)|(\u002F[\u0021-\u007E]+\u002F)`
	patPolicyPath = `((/[A-Za-z0-9\.,\+@=_-]+)*)/`
	patPathPrefix = `\u002F[\u0021-\u007F]*`
	patTagKey     = `[\p{L}\p{Z}\p{N}_.:/=+\-@]+`
	patTagValue   = `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`
	patKeyID      = `[\w]+`
)

var (
	reName       = regexp.MustCompile(`^` + patName + `$`)
	reRolePath   = regexp.MustCompile(`^(/|/[\x21-\x7E]+/)$`)
	rePolicyPath = regexp.MustCompile(`^(/[A-Za-z0-9.,+@=_-]+)*/$`)
	rePathPrefix = regexp.MustCompile(`^/[\x21-\x7F]*$`)
	reTagKey     = regexp.MustCompile(`^` + patTagKey + `$`)
	reTagValue   = regexp.MustCompile(`^` + patTagValue + `$`)
	reKeyID      = regexp.MustCompile(`^` + patKeyID + `$`)
)

// msgBadPath is IAM's own wording for a path that fails its pattern.
const msgBadPath = "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters."

// checks collects constraint violations of one request, worded as AWS's
// request validator words them, so that they can be reported together.
type checks struct {
	violations []string
}

func (c *checks) add(value, field, constraint string) {
	c.violations = append(c.violations, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must %s", value, field, constraint))
}

// str checks a string member's length (in characters) and pattern; re may
// be nil.
func (c *checks) str(field, value string, min, max int, re *regexp.Regexp, pattern string) {
	n := utf8.RuneCountInString(value)
	switch {
	case n < min:
		c.add(value, field, fmt.Sprintf("have length greater than or equal to %d", min))
	case n > max:
		c.add(value, field, fmt.Sprintf("have length less than or equal to %d", max))
	case re != nil && !re.MatchString(value):
		c.add(value, field, "satisfy regular expression pattern: "+pattern)
	}
}

// num checks an integer member's range.
func (c *checks) num(field string, value, min, max int) {
	switch {
	case value < min:
		c.add(fmt.Sprint(value), field, fmt.Sprintf("have value greater than or equal to %d", min))
	case value > max:
		c.add(fmt.Sprint(value), field, fmt.Sprintf("have value less than or equal to %d", max))
	}
}

// optNum checks an optional integer member.
func (c *checks) optNum(field string, value *int, min, max int) {
	if value != nil {
		c.num(field, *value, min, max)
	}
}

// name checks a role or policy name (max 64 for roles, 128 for policies).
func (c *checks) name(field, value string, max int) {
	c.str(field, value, 1, max, reName, patName)
}

// err returns the ValidationError for the violations found, or nil.
func (c *checks) err() error { return validationError(c.violations) }

// validRolePath reports whether p is a valid role (or user) path.
func validRolePath(p string) bool {
	return len(p) <= 512 && reRolePath.MatchString(p)
}

// validPolicyPath reports whether p is a valid managed-policy path.
func validPolicyPath(p string) bool {
	return len(p) <= 512 && rePolicyPath.MatchString(p)
}

// policySize is a document's size as IAM counts it against its quotas:
// "IAM doesn't count white space when calculating the size of a policy".
func policySize(doc string) int {
	n := 0
	for _, r := range doc {
		switch r {
		case ' ', '\t', '\n', '\r':
		default:
			n++
		}
	}
	return n
}

// Size quotas (IAM User Guide, "IAM and AWS STS quotas").
const (
	maxManagedPolicySize = 6144  // characters per managed policy version
	maxInlineRoleSize    = 10240 // characters of all inline policies of a role
	maxTrustPolicySize   = 2048  // characters of a role trust policy (default quota)
	maxPolicyVersions    = 5
	maxAttachedPerRole   = 10
	maxAttachedPerUser   = 10
	maxAttachedPerGroup  = 10
	maxInlineUserSize    = 2048 // characters of all inline policies of a user
	maxInlineGroupSize   = 5120 // characters of all inline policies of a group
	maxGroupsPerUser     = 10
	maxKeysPerUser       = 2
	maxTags              = 50
)
