package policy

import (
	"errors"
	"fmt"
)

// ErrMalformedPolicy is the sentinel every parse failure wraps, so callers
// can map it to IAM's MalformedPolicyDocument error code with errors.Is.
var ErrMalformedPolicy = errors.New("policy: malformed policy document")

// MalformedError reports why a document was rejected. Msg carries IAM's own
// wording ("Syntax errors in policy.", "Policy statement must contain
// actions.", ...) so an API layer can return it verbatim as the message of a
// MalformedPolicyDocument error; Error returns the same text.
type MalformedError struct {
	Msg string
}

// Error returns the IAM message unchanged, because it is client-facing.
func (e *MalformedError) Error() string { return e.Msg }

// Unwrap lets errors.Is(err, ErrMalformedPolicy) identify parse failures.
func (e *MalformedError) Unwrap() error { return ErrMalformedPolicy }

// IAM's MalformedPolicyDocument messages, as the service words them.
const (
	msgSyntax           = "Syntax errors in policy."
	msgVersion          = "Policy document must be version 2012-10-17 or greater."
	msgLegacy           = "The policy failed legacy parsing"
	msgSidUnique        = "Statement IDs (SID) in a single policy must be unique."
	msgSidChars         = "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"
	msgNoActions        = "Policy statement must contain actions."
	msgNoResources      = "Policy statement must contain resources."
	msgVendor           = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
	msgOneColon         = "Actions/Condition can contain only one colon."
	msgVendorInvalid    = "Vendor %s is not valid"
	msgResourceARN      = `Resource %s must be in ARN format or "*".`
	msgPartition        = `Partition "%s" is not valid for resource "arn:%s:%s:%s:%s:%s".`
	msgResourceVendor   = "Resource vendor must be fully qualified and cannot contain regexes."
	msgIAMRegion        = "IAM resource %s cannot contain region information."
	msgS3Region         = "Resource %s can not contain region information."
	msgIAMPath          = `IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.`
	msgNoPrincipal      = "Policy document should not specify a principal."
	msgProhibitedField  = "Has prohibited field %s"
	msgTrustNoPrincipal = "Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!"
	msgInvalidPrincipal = "Invalid principal in policy: %s"
	msgTrustActions     = "AssumeRole policy may only specify STS AssumeRole actions."
	msgMissingPrincipal = "Missing required field Principal"
)

// malformed builds the error Parse returns; args format msg when it has verbs.
func malformed(msg string, args ...any) *MalformedError {
	if len(args) > 0 {
		msg = fmt.Sprintf(msg, args...)
	}
	return &MalformedError{Msg: msg}
}
