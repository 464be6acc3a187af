package oidc

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/cryptosigner"
)

// DefaultTokenTTL is the lifetime Mint gives a token when asked for none;
// GitHub's tokens are similarly short-lived.
const DefaultTokenTTL = 5 * time.Minute

var errIssuerURL = errors.New("issuer URL must be an absolute http(s) URL without query or fragment")

// Issuer is berth's built-in OpenID Connect token issuer. It signs
// GitHub-Actions-shaped ID tokens with one key and publishes that key, so
// berth's own runner (or a local pipeline) can authenticate the way a GitHub
// workflow does. It is safe for concurrent use.
type Issuer struct {
	url    string
	signer jose.Signer
	keys   KeySet
	now    func() time.Time
}

// NewIssuer builds an issuer publishing at url (for example
// http://127.0.0.1:4566/_berth/oidc; a trailing slash is dropped) and signing
// with key, which must be ECDSA P-256 (ES256) or RSA ≥2048 bits (RS256). The
// key id is the key's RFC 7638 thumbprint, so it is stable across restarts
// for the same key. Keys other than *ecdsa.PrivateKey and *rsa.PrivateKey
// (a KMS or HSM signer, say) are used through their crypto.Signer interface.
func NewIssuer(rawURL string, key crypto.Signer) (*Issuer, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("oidc: new issuer %s: %w", rawURL, errIssuerURL)
	}
	if key == nil {
		return nil, fmt.Errorf("oidc: new issuer %s: %w", rawURL, errKeyType)
	}
	pub := key.Public()
	alg := jose.SignatureAlgorithm(signingAlg(pub))
	if alg == "" {
		return nil, fmt.Errorf("oidc: new issuer %s: %w", rawURL, errKeyType)
	}
	sum, err := (&jose.JSONWebKey{Key: pub}).Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("oidc: new issuer %s: %w", rawURL, err)
	}
	kid := base64.RawURLEncoding.EncodeToString(sum)
	var sk any = key
	switch key.(type) {
	case *ecdsa.PrivateKey, *rsa.PrivateKey:
	default:
		sk = cryptosigner.Opaque(key)
	}
	signer, err := jose.NewSigner(
		jose.SigningKey{Algorithm: alg, Key: jose.JSONWebKey{Key: sk, KeyID: kid}},
		(&jose.SignerOptions{}).WithType("JWT"),
	)
	if err != nil {
		return nil, fmt.Errorf("oidc: new issuer %s: %w", rawURL, err)
	}
	keys, err := NewKeySet(kid, pub)
	if err != nil {
		return nil, fmt.Errorf("oidc: new issuer %s: %w", rawURL, err)
	}
	return &Issuer{
		url:    strings.TrimSuffix(rawURL, "/"),
		signer: signer,
		keys:   keys,
		now:    time.Now,
	}, nil
}

// URL is the issuer's own URL: the default iss of minted tokens and the base
// of its discovery document.
func (i *Issuer) URL() string { return i.url }

// KeySet is the issuer's public key set, to put in VerifierOptions.Emulated
// under every issuer URL the issuer mints for.
func (i *Issuer) KeySet() KeySet { return i.keys }

// Mint signs a token for c, valid for ttl (DefaultTokenTTL when ttl ≤ 0)
// from c.IssuedAt (now when zero). c.Issuer may name another issuer (GitHub's
// in emulation); such tokens verify only where that issuer is emulated with
// this issuer's KeySet.
func (i *Issuer) Mint(c Claims, ttl time.Duration) (string, error) {
	if ttl <= 0 {
		ttl = DefaultTokenTTL
	}
	claims, err := c.claimSet(i.url, i.now(), ttl)
	if err != nil {
		return "", fmt.Errorf("oidc: mint: %w", err)
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("oidc: mint: %w", err)
	}
	jws, err := i.signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("oidc: mint: %w", err)
	}
	raw, err := jws.CompactSerialize()
	if err != nil {
		return "", fmt.Errorf("oidc: mint: %w", err)
	}
	return raw, nil
}
