package oidc

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// Defaults for VerifierOptions.
const (
	// DefaultLeeway tolerates clock skew between berth and the issuer on
	// exp, nbf and iat. Small on purpose: GitHub tokens live minutes.
	DefaultLeeway = 30 * time.Second
	// DefaultCacheTTL is how long a fetched key set is trusted before it is
	// fetched again; rotation is also caught by the unknown-kid refresh.
	DefaultCacheTTL = time.Hour
	// DefaultMinRefreshInterval is the least time between two fetches of one
	// issuer's keys, so a flood of tokens with made-up kids, or an issuer that
	// is down, costs the issuer one request per interval.
	DefaultMinRefreshInterval = 30 * time.Second
	// DefaultHTTPTimeout bounds a whole discovery or JWKS request when the
	// caller's client has no timeout of its own.
	DefaultHTTPTimeout = 10 * time.Second
)

// Provider is an OpenID Connect provider as registered in IAM.
type Provider struct {
	// URL is the issuer URL; a token's iss must equal it exactly.
	URL string
	// ClientIDs are the accepted audiences; aud must contain one.
	ClientIDs []string
	// Thumbprints are lowercase hex SHA-1 thumbprints of the last certificate
	// of the JWKS host's TLS chain; checked only with CheckThumbprints.
	Thumbprints []string
}

// VerifierOptions configures a Verifier. The zero value verifies against
// live issuers with the defaults above and no thumbprint pinning.
type VerifierOptions struct {
	// HTTPClient fetches discovery documents and key sets; nil means a
	// client with DefaultHTTPTimeout. The client is copied, not modified.
	HTTPClient *http.Client
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Leeway is the allowed clock skew; 0 means DefaultLeeway and a negative
	// value means none.
	Leeway time.Duration
	// Emulated maps an issuer URL to a local key set: tokens with that iss
	// are verified against these keys with no network and no thumbprint
	// check. berth's default mode maps GitHub's issuer to the built-in
	// Issuer's KeySet.
	Emulated map[string]KeySet
	// CheckThumbprints enforces Provider.Thumbprints for https issuers, as
	// IAM historically did for every provider. AWS now skips the check for
	// some well-known issuers (GitHub, Google, Auth0, ...), trusting its own
	// CA library instead; berth checks all https issuers when this is set.
	CheckThumbprints bool
	// CacheTTL is how long fetched keys are used; 0 means DefaultCacheTTL.
	CacheTTL time.Duration
	// MinRefreshInterval rate-limits fetches per issuer; 0 means
	// DefaultMinRefreshInterval.
	MinRefreshInterval time.Duration
}

// Verifier checks ID tokens against registered providers. It is safe for
// concurrent use and caches each issuer's keys; make one per process.
type Verifier struct {
	now              func() time.Time
	leeway           time.Duration
	emulated         map[string]KeySet
	checkThumbprints bool
	cache            *keyCache
}

// NewVerifier builds a Verifier; it does no I/O until the first Verify.
func NewVerifier(o VerifierOptions) *Verifier {
	v := &Verifier{
		now:              o.Now,
		leeway:           o.Leeway,
		emulated:         o.Emulated,
		checkThumbprints: o.CheckThumbprints,
	}
	if v.now == nil {
		v.now = time.Now
	}
	switch {
	case v.leeway == 0:
		v.leeway = DefaultLeeway
	case v.leeway < 0:
		v.leeway = 0
	}
	ttl, minRefresh := o.CacheTTL, o.MinRefreshInterval
	if ttl <= 0 {
		ttl = DefaultCacheTTL
	}
	if minRefresh <= 0 {
		minRefresh = DefaultMinRefreshInterval
	}
	f := newFetcher(o.HTTPClient)
	v.cache = newKeyCache(f.fetch, v.now, ttl, minRefresh)
	return v
}

// Verify checks raw against p and returns its claims. The order matters:
// format and algorithm, then iss against p (before any network), then the
// signature with the issuer's keys, then sub, aud and the time claims, so an
// expired token is reported as such only once its signature is known good.
func (v *Verifier) Verify(ctx context.Context, raw string, p Provider) (*Token, error) {
	if len(raw) > maxTokenSize {
		return nil, invalid(msgMalformed, errTooLarge)
	}
	jws, err := jose.ParseSignedCompact(raw, allowedAlgs)
	if err != nil {
		var algErr *jose.ErrUnexpectedSignatureAlgorithm
		if errors.As(err, &algErr) {
			return nil, invalid(msgAlgorithm, err)
		}
		return nil, invalid(msgMalformed, err)
	}
	if len(jws.Signatures) != 1 {
		return nil, invalid(msgMalformed, errFormat)
	}
	hdr := jws.Signatures[0].Protected
	if _, crit := hdr.ExtraHeaders["crit"]; crit {
		return nil, invalid(msgMalformed, errors.New("crit header not supported"))
	}
	claims, err := decodeClaims(jws.UnsafePayloadWithoutVerification())
	if err != nil {
		return nil, invalid(msgMalformed, err)
	}
	iss, err := stringClaim(claims, "iss")
	if err != nil || iss == "" {
		return nil, invalid(msgMalformed, fmt.Errorf("iss: %w", errClaimType))
	}
	if iss != p.URL {
		return nil, invalid(msgNoProvider+iss, nil)
	}
	if err := v.checkSignature(ctx, jws, iss, p); err != nil {
		return nil, err
	}
	return v.checkClaims(claims, iss, p)
}

// checkClaims validates the registered claims of a correctly signed token.
func (v *Verifier) checkClaims(c map[string]any, iss string, p Provider) (*Token, error) {
	t := &Token{Issuer: iss, Claims: c}
	var err error
	if t.Subject, err = stringClaim(c, "sub"); err != nil || t.Subject == "" {
		return nil, invalid(msgMissingSub, err)
	}
	if t.Audience, err = stringsClaim(c, "aud"); err != nil {
		return nil, invalid(msgAudience, err)
	}
	if !slices.ContainsFunc(t.Audience, func(a string) bool { return slices.Contains(p.ClientIDs, a) }) {
		return nil, invalid(msgAudience, nil)
	}
	if t.AMR, err = stringsClaim(c, "amr"); err != nil {
		return nil, invalid(msgMalformed, err)
	}
	exp, ok, err := timeClaim(c, "exp")
	if err != nil {
		return nil, invalid(msgMalformed, err)
	}
	if !ok {
		return nil, invalid(msgMissingExp, nil)
	}
	nbf, _, err := timeClaim(c, "nbf")
	if err != nil {
		return nil, invalid(msgMalformed, err)
	}
	iat, _, err := timeClaim(c, "iat")
	if err != nil {
		return nil, invalid(msgMalformed, err)
	}
	t.Expiry, t.NotBefore, t.IssuedAt = exp, nbf, iat
	now := v.now()
	if !now.Before(exp.Add(v.leeway)) {
		return nil, expired(fmt.Errorf("exp %d, now %d", exp.Unix(), now.Unix()))
	}
	if !nbf.IsZero() && now.Add(v.leeway).Before(nbf) {
		return nil, invalid(msgNotYetValid, fmt.Errorf("nbf %d, now %d", nbf.Unix(), now.Unix()))
	}
	if !iat.IsZero() && now.Add(v.leeway).Before(iat) {
		return nil, invalid(msgIssuedFuture, fmt.Errorf("iat %d, now %d", iat.Unix(), now.Unix()))
	}
	return t, nil
}
