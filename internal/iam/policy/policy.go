package policy

// Kind says which grammar a document follows; the same JSON can be valid as
// one kind and malformed as another.
type Kind int

const (
	// Identity is an identity-based policy embedded in a user, group or role
	// (PutRolePolicy and friends): no Principal, Resource required, Version
	// 2012-10-17 or the legacy 2008-10-17 (or none, meaning 2008-10-17).
	Identity Kind = iota
	// Managed is an identity-based managed policy (CreatePolicy,
	// CreatePolicyVersion): as Identity, but IAM requires Version 2012-10-17.
	Managed
	// Trust is a role trust policy (CreateRole, UpdateAssumeRolePolicy):
	// Principal required, Resource prohibited, STS actions only.
	Trust
	// Resource is any other resource-based policy: Principal and Resource
	// required.
	Resource
)

// String names the kind for logs and test output.
func (k Kind) String() string {
	switch k {
	case Identity:
		return "identity"
	case Managed:
		return "managed"
	case Trust:
		return "trust"
	case Resource:
		return "resource"
	}
	return "unknown"
}

// sourceType is the default Policy.Type for documents of this kind.
func (k Kind) sourceType() string {
	switch k {
	case Trust:
		return "Role Trust Policy"
	case Resource:
		return "Resource Policy"
	}
	return "IAM Policy"
}

// The two policy language versions IAM knows.
const (
	Version2012 = "2012-10-17" // current; enables policy variables
	Version2008 = "2008-10-17" // legacy; the default when Version is absent
)

// Effect is a statement's Effect element.
type Effect string

// The two effects a statement can have.
const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Policy is a parsed, validated policy document, ready for Evaluate. It is
// immutable after Parse and safe for concurrent use.
type Policy struct {
	// ID identifies the policy in evaluation results (a simulator's
	// SourcePolicyId: a policy name or ARN). Parse sets it from the
	// document's Id element; callers usually overwrite it.
	ID string
	// Type is reported with matched statements (a simulator's
	// SourcePolicyType). Parse sets "IAM Policy", "Role Trust Policy" or
	// "Resource Policy" from the Kind; callers may overwrite it.
	Type string
	// Version is the Version element as written ("" when absent).
	Version string
	// Kind is the grammar the document was validated against.
	Kind Kind
	// Statements in document order.
	Statements []*Statement
}

// Statement is one statement of a policy. The exported fields describe the
// document as written (lists always as slices, absent elements nil); the
// unexported ones are the compiled matchers Evaluate uses.
type Statement struct {
	Sid          string
	Effect       Effect
	Principal    *Principal
	NotPrincipal *Principal
	Action       []string
	NotAction    []string
	Resource     []string
	NotResource  []string
	Conditions   []*Condition
	// Start and End locate the statement's JSON object in the source: Start
	// is its opening brace, End the character just past its closing brace.
	Start, End Position

	actions      [][]token // Action or NotAction patterns
	notAction    bool
	resources    []resourcePattern // Resource or NotResource patterns
	notResource  bool
	anyResource  bool // neither Resource nor NotResource (trust policies)
	hasPrincipal bool // Principal or NotPrincipal present
}

// resourcePattern is a compiled Resource/NotResource entry.
type resourcePattern struct {
	tmpl       template
	toks       []token // precompiled when tmpl has no variables
	restricted bool    // needs the exhaustive matcher
}
