package sts

import (
	"context"
	"errors"
)

// Role is what STS needs to know of an IAM role.
type Role struct {
	ARN, ID, Name      string
	MaxSessionDuration int // seconds
	TrustPolicy        string
	Tags               map[string]string
}

// OIDCProvider is a registered OpenID Connect identity provider.
type OIDCProvider struct {
	ARN         string
	URL         string // as registered, e.g. https://token.actions.githubusercontent.com
	ClientIDs   []string
	Thumbprints []string
}

// Directory is STS's view of IAM. It keeps this package free of IAM's
// storage; the server adapts the IAM service to it.
type Directory interface {
	// Role returns the role with the given ARN, or ErrNoSuchRole.
	Role(ctx context.Context, arn string) (*Role, error)
	// OIDCProvider returns the provider registered for issuer, or ErrNoSuchProvider.
	OIDCProvider(ctx context.Context, issuer string) (*OIDCProvider, error)
}

// Directory lookup failures.
var (
	ErrNoSuchRole     = errors.New("sts: no such role")
	ErrNoSuchProvider = errors.New("sts: no such OIDC provider")
)
