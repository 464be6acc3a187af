package awsapi

import "time"

// PrincipalKind says what sort of identity made a call.
type PrincipalKind int

// Principal kinds.
const (
	Anonymous PrincipalKind = iota
	Root
	AssumedRole
	// IAMUser is a call signed with an IAM user's long-term access key.
	IAMUser
)

// Principal is the authenticated identity behind a request. It is what
// GetCallerIdentity reports, what policies are evaluated for and what the
// audit trail names.
type Principal struct {
	Kind        PrincipalKind
	Account     string
	ARN         string
	UserID      string // AWS's "UserId": the account id for root, "AROA…:session" for a role session, "AIDA…" for a user
	AccessKeyID string

	// UserName is the IAM user's name (Kind == IAMUser): aws:username, the
	// audit trail's userName.
	UserName string

	// Role session fields (Kind == AssumedRole).
	RoleARN     string
	RoleID      string
	RoleName    string
	SessionName string
	IssuedAt    time.Time
	Expires     time.Time
	// WebIdentity is set when the session came from AssumeRoleWithWebIdentity.
	WebIdentity *WebIdentity
	// SessionTags, SourceIdentity and session policies as passed to the
	// Assume* call; session policies further limit the role's permissions.
	// SessionTags are what aws:PrincipalTag/* sees: for a role session the
	// role's tags overridden by the session's, for an IAM user its tags.
	SessionTags       map[string]string
	SourceIdentity    string
	SessionPolicy     string
	SessionPolicyARNs []string
}

// WebIdentity records the OIDC token a session was federated from.
type WebIdentity struct {
	ProviderARN string
	Issuer      string
	Subject     string
	Audience    string
}

// IsRoot reports whether p is the account's root identity.
func (p *Principal) IsRoot() bool { return p != nil && p.Kind == Root }

// Credentials are a secret and the principal it authenticates. SessionToken
// is set for temporary (ASIA…) credentials.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	Expires         time.Time // zero for long-term keys
	Principal       *Principal
}
