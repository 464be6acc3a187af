package berthapi

import (
	"context"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
)

// SigninTokens mints one-time console sign-in tokens (internal/console's
// Tokens).
type SigninTokens interface {
	// MintSigninToken returns a single-use token that signs a browser in
	// to the console as p, and when it expires.
	MintSigninToken(ctx context.Context, p *awsapi.Principal) (string, time.Time, error)
}

// CreateConsoleSigninTokenInput takes nothing: the token is for the caller.
type CreateConsoleSigninTokenInput struct{}

// CreateConsoleSigninTokenOutput carries the token; the console's sign-in
// URL is <endpoint>/console/signin?token=<token>. The audit trail records
// the call with the token hidden.
type CreateConsoleSigninTokenOutput struct {
	Token      string    `json:"token"`
	Expiration time.Time `json:"expiration"`
}

// WithSigninTokens makes CreateConsoleSigninToken mint with t.
func (a *API) WithSigninTokens(t SigninTokens) *API {
	a.signin = t
	return a
}

func (a *API) consoleOps() []*awsapi.Operation {
	return []*awsapi.Operation{
		awsapi.Define(awsapi.Spec[CreateConsoleSigninTokenInput, CreateConsoleSigninTokenOutput]{Name: "CreateConsoleSigninToken",
			Action: "berth:CreateConsoleSigninToken", Handler: a.createSigninToken}),
	}
}

// createSigninToken mints a token for the calling principal, so a role
// session's link signs in as that session (and not longer than it lasts).
func (a *API) createSigninToken(ctx context.Context, c *awsapi.Call, _ *CreateConsoleSigninTokenInput) (*CreateConsoleSigninTokenOutput, error) {
	if a.signin == nil {
		return nil, awsapi.Errorf("ValidationException", "this server has no console")
	}
	if c.Principal == nil || c.Principal.AccessKeyID == "" {
		return nil, awsapi.Errorf("ValidationException", "console sign-in needs a caller signed with an access key")
	}
	tok, exp, err := a.signin.MintSigninToken(ctx, c.Principal)
	if err != nil {
		return nil, err
	}
	return &CreateConsoleSigninTokenOutput{Token: tok, Expiration: exp}, nil
}
