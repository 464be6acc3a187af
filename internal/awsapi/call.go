package awsapi

import (
	"context"
	"net/url"
	"time"
)

// Call is everything known about one API request besides its typed input:
// who made it, to which operation, from where. Handlers receive it; the
// authorizer and the audit recorder read it.
type Call struct {
	RequestID string
	Time      time.Time
	Service   *Service
	Operation *Operation
	Principal *Principal
	// Region is the region the request was signed for (aws:RequestedRegion).
	Region    string
	Account   string
	SourceIP  string
	UserAgent string
	Secure    bool
	// Form holds the decoded awsQuery parameters; Body the raw awsJson body.
	// The audit trail uses them for requestParameters.
	Form url.Values
	Body []byte
	// Auth is the IAM question the call asked (action, resources, keys),
	// set once the input is decoded.
	Auth *Authorization
	// Input and Output are the typed values, once decoded / produced.
	Input  any
	Output any
	// Err is the error the call ended with, if any.
	Err *Error
}

// Authorization is one IAM question: may the call's principal perform
// Action on every one of Resources, given the request Context keys.
type Authorization struct {
	Action    string
	Resources []string
	Context   map[string][]string
}

// Authorizer decides authorization. It returns nil to allow, or an *Error
// (AccessDenied with AWS's message) to deny.
type Authorizer interface {
	Authorize(ctx context.Context, c *Call, a Authorization) error
}

// CredentialStore resolves access key ids presented in SigV4 requests.
type CredentialStore interface {
	// LookupAccessKey returns the credentials for an access key id, or
	// ErrUnknownAccessKey. Expired session credentials are returned with
	// their Expires time; the caller refuses them.
	LookupAccessKey(ctx context.Context, accessKeyID string) (*Credentials, error)
}

// Recorder receives every completed call (allowed, denied or failed) for
// the audit trail. Record must not block for long; it runs on the request path.
type Recorder interface {
	Record(ctx context.Context, c *Call)
}

type callKey struct{}

// WithCall returns a context carrying c.
func WithCall(ctx context.Context, c *Call) context.Context {
	return context.WithValue(ctx, callKey{}, c)
}

// CallFrom returns the call a context carries, if any.
func CallFrom(ctx context.Context) (*Call, bool) {
	c, ok := ctx.Value(callKey{}).(*Call)
	return c, ok
}

// AllowAll is an Authorizer that allows everything. It serves tests and the
// time before the IAM service is wired in.
type AllowAll struct{}

// Authorize allows.
func (AllowAll) Authorize(context.Context, *Call, Authorization) error { return nil }
