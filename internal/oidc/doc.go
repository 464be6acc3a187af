// Package oidc verifies OpenID Connect ID tokens the way AWS STS does for
// AssumeRoleWithWebIdentity, and runs berth's built-in token issuer.
//
// Verification (Verifier) fetches the issuer's discovery document and JSON
// Web Key Set over HTTP(S), caches the keys per issuer, and checks a token's
// signature (RS256 or ES256 only) and claims (iss, aud, sub, exp, nbf, iat)
// against a registered Provider. Issuers listed in VerifierOptions.Emulated
// are checked against local keys with no network at all: that is how berth
// stands in for GitHub's issuer (https://token.actions.githubusercontent.com)
// on a laptop, minting tokens with the built-in Issuer's key.
//
// The built-in Issuer (Issuer, LoadOrCreateKey, Handler) signs
// GitHub-Actions-shaped tokens and serves the discovery document and key set
// so that any OIDC relying party, including another berth, can verify them.
//
// Thumbprint computes the certificate thumbprint IAM stores with an OpenID
// Connect provider: the SHA-1 of the last certificate the server presents.
//
// Errors returned by Verify wrap exactly one of ErrInvalidToken,
// ErrExpiredToken or ErrCommunication and are *Error values whose Message is
// the client-facing text AWS would send; never send Error() to a client, it
// may carry internal detail such as addresses.
package oidc
