package oidc

import "errors"

// Sentinel errors. Every error Verify returns wraps exactly one of them, so
// the STS layer can map it to its error code with errors.Is.
var (
	// ErrInvalidToken means the token is malformed, forged, or does not fit
	// the provider (STS InvalidIdentityToken).
	ErrInvalidToken = errors.New("invalid identity token")
	// ErrExpiredToken means a correctly signed token is past its exp claim
	// (STS ExpiredTokenException).
	ErrExpiredToken = errors.New("expired identity token")
	// ErrCommunication means the issuer's keys could not be retrieved
	// (STS IDPCommunicationError).
	ErrCommunication = errors.New("identity provider communication error")
)

// Client-facing messages, worded like the ones AWS STS returns.
const (
	msgMalformed     = "The ID token provided is not a valid JWT"
	msgNoProvider    = "No OpenIDConnect provider found in your account for "
	msgAudience      = "Incorrect token audience"
	msgExpired       = "Token is expired"
	msgNotYetValid   = "Token is not yet valid"
	msgIssuedFuture  = "Token used before issued"
	msgMissingSub    = "Token is missing the sub claim"
	msgMissingExp    = "Token is missing the exp claim"
	msgAlgorithm     = "Token is signed with an unsupported algorithm; only RS256 and ES256 are accepted"
	msgSignature     = "Token signature could not be verified"
	msgNoKey         = "No key in the provider's key set matches the token's kid"
	msgKidRequired   = "Token has no kid and the provider's key set has more than one key"
	msgThumbprint    = "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint"
	msgCommunication = "Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements"
)

// Error is the concrete error Verify and PeekIssuer return. Message is safe
// to return to an API caller; Err holds internal detail for logs only.
type Error struct {
	// Kind is ErrInvalidToken, ErrExpiredToken or ErrCommunication.
	Kind error
	// Message is the AWS-style text for the client.
	Message string
	// Err is the underlying cause, if any; it may contain hosts or key ids.
	Err error
}

// Error implements error; it includes the internal cause, so log it but do
// not send it to clients (use Message for that).
func (e *Error) Error() string {
	if e.Err != nil {
		return "oidc: " + e.Message + ": " + e.Err.Error()
	}
	return "oidc: " + e.Message
}

// Unwrap exposes both the sentinel kind and the cause to errors.Is/As.
func (e *Error) Unwrap() []error {
	if e.Err != nil {
		return []error{e.Kind, e.Err}
	}
	return []error{e.Kind}
}

// Message returns the client-facing message carried by err, or a generic
// invalid-token message when err did not come from this package.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return msgMalformed
}

func invalid(msg string, cause error) error {
	return &Error{Kind: ErrInvalidToken, Message: msg, Err: cause}
}

func expired(cause error) error {
	return &Error{Kind: ErrExpiredToken, Message: msgExpired, Err: cause}
}

func communication(cause error) error {
	return &Error{Kind: ErrCommunication, Message: msgCommunication, Err: cause}
}
