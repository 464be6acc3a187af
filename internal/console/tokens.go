package console

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/store"
)

// SigninTokenTTL is how long a one-time sign-in link stays valid.
const SigninTokenTTL = 5 * time.Minute

// tokenKind is the store kind of pending sign-in tokens.
const tokenKind = "console-signin-token"

// Sign-in token errors.
var (
	// ErrNoAccessKey refuses to mint a token for a principal without an
	// access key (nothing to resolve it by when the link is used).
	ErrNoAccessKey = errors.New("console: the caller has no access key")
	// ErrInvalidToken is returned for unknown, used and expired tokens alike.
	ErrInvalidToken = errors.New("console: the sign-in link is not valid or has expired")
)

// Tokens mints and redeems one-time console sign-in tokens. They live in
// the store, keyed by their SHA-256 (the store never holds a usable
// token), so a link survives a server restart and is used at most once
// even with several redeemers: the one whose delete succeeds wins.
type Tokens struct {
	st  *store.Store
	now func() time.Time
}

// tokenRecord is what a pending token stands for: the access key of the
// principal that asked for it. The key is resolved again when the token
// is used, so a session that expired meanwhile cannot sign in.
type tokenRecord struct {
	AccessKeyID string    `json:"accessKeyId"`
	Expires     time.Time `json:"expires"`
}

// NewTokens returns the token store over st; now may be nil.
func NewTokens(st *store.Store, now func() time.Time) *Tokens {
	if now == nil {
		now = time.Now
	}
	return &Tokens{st: st, now: now}
}

// MintSigninToken returns a new single-use token signing in as p, and
// when it expires. Expired tokens left unused are removed on the way.
func (t *Tokens) MintSigninToken(ctx context.Context, p *awsapi.Principal) (string, time.Time, error) {
	if p == nil || p.AccessKeyID == "" {
		return "", time.Time{}, ErrNoAccessKey
	}
	t.sweep(ctx)
	tok, err := randomID()
	if err != nil {
		return "", time.Time{}, err
	}
	exp := t.now().Add(SigninTokenTTL).UTC()
	if !p.Expires.IsZero() && p.Expires.Before(exp) {
		exp = p.Expires.UTC()
	}
	if _, err := t.st.Create(ctx, tokenKind, tokenKey(tok), tokenRecord{AccessKeyID: p.AccessKeyID, Expires: exp}); err != nil {
		return "", time.Time{}, fmt.Errorf("console: mint sign-in token: %w", err)
	}
	return tok, exp, nil
}

// Redeem consumes tok and returns the access key it signs in as. A token
// works once: the second use, like an unknown or expired token, gets
// ErrInvalidToken.
func (t *Tokens) Redeem(ctx context.Context, tok string) (string, error) {
	if tok == "" || len(tok) > 128 {
		return "", ErrInvalidToken
	}
	key := tokenKey(tok)
	var rec tokenRecord
	if err := t.st.Get(ctx, tokenKind, key, &rec); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return "", ErrInvalidToken
		}
		return "", fmt.Errorf("console: redeem sign-in token: %w", err)
	}
	if err := t.st.Delete(ctx, tokenKind, key); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return "", ErrInvalidToken // another request used it first
		}
		return "", fmt.Errorf("console: redeem sign-in token: %w", err)
	}
	if !t.now().Before(rec.Expires) {
		return "", ErrInvalidToken
	}
	return rec.AccessKeyID, nil
}

// sweep deletes expired tokens; failures only leave them for next time.
func (t *Tokens) sweep(ctx context.Context) {
	now := t.now()
	var stale []string
	t.st.List(ctx, tokenKind, "", func(key string, body []byte) error {
		var rec tokenRecord
		if err := json.Unmarshal(body, &rec); err != nil || !now.Before(rec.Expires) {
			stale = append(stale, key)
		}
		return nil
	})
	for _, k := range stale {
		t.st.Delete(ctx, tokenKind, k)
	}
}

func tokenKey(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// randomID is 32 random bytes, base64url without padding.
func randomID() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("console: random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
