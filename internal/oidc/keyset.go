package oidc

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"

	jose "github.com/go-jose/go-jose/v4"
)

// allowedAlgs are the only JWS algorithms Verify accepts. AWS also takes
// RS384/RS512/ES384/ES512; berth deliberately narrows to what GitHub and its
// own issuer use. Anything else (none, HS*, PS*, EdDSA) is refused at parse
// time, which is what defeats the RS256→HS256 key-confusion attack.
var allowedAlgs = []jose.SignatureAlgorithm{jose.RS256, jose.ES256}

const (
	// maxKeys bounds how many keys a set may hold; real issuers publish a
	// handful, and every candidate costs a signature check.
	maxKeys = 64
	// minRSABits refuses keys too weak to trust.
	minRSABits = 2048
)

var (
	errNoUsableKey = errors.New("key set has no usable RS256/ES256 signing key")
	errUnknownKid  = errors.New("no key with the token's kid")
	errKidRequired = errors.New("token has no kid and the set has several keys")
)

// KeySet is an immutable set of public signature keys, as published at an
// issuer's jwks_uri. Only RSA (≥2048 bits) and ECDSA P-256 keys meant for
// signing are kept; anything else in a published set is skipped.
type KeySet struct {
	keys []jose.JSONWebKey
}

// ParseKeySet parses a JWKS document ({"keys":[...]}). Keys that cannot be
// used for RS256/ES256 verification are skipped rather than failing the whole
// set (issuers publish encryption keys too); a set with no usable key is an
// error.
func ParseKeySet(data []byte) (KeySet, error) {
	var doc struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return KeySet{}, fmt.Errorf("oidc: parse key set: %w", err)
	}
	var s KeySet
	for _, raw := range doc.Keys {
		k, err := parseJWK(raw)
		if err != nil {
			continue
		}
		if k, ok := usable(k); ok && len(s.keys) < maxKeys {
			s.keys = append(s.keys, k)
		}
	}
	if len(s.keys) == 0 {
		return KeySet{}, fmt.Errorf("oidc: parse key set: %w", errNoUsableKey)
	}
	return s, nil
}

// parseJWK parses one JWK without its certificate members (x5c, x5t,
// x5t#S256, x5u): berth trusts keys through the TLS channel they came over,
// never through x5c, and a certificate quirk (a negative serial, an exotic
// extension) must not make an otherwise good key (GitHub's carry x5c)
// unusable.
func parseJWK(raw json.RawMessage) (jose.JSONWebKey, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil {
		return jose.JSONWebKey{}, err
	}
	for _, name := range []string{"x5c", "x5t", "x5t#S256", "x5u"} {
		delete(members, name)
	}
	clean, err := json.Marshal(members)
	if err != nil {
		return jose.JSONWebKey{}, err
	}
	var k jose.JSONWebKey
	err = k.UnmarshalJSON(clean)
	return k, err
}

// NewKeySet builds a set from one public key and its key id, for callers that
// hold keys in memory (tests, emulation of a foreign issuer).
func NewKeySet(kid string, pub crypto.PublicKey) (KeySet, error) {
	k, ok := usable(jose.JSONWebKey{Key: pub, KeyID: kid, Use: "sig"})
	if !ok {
		return KeySet{}, fmt.Errorf("oidc: new key set %s: %w", kid, errNoUsableKey)
	}
	return KeySet{keys: []jose.JSONWebKey{k}}, nil
}

// Len reports how many usable keys the set holds.
func (s KeySet) Len() int { return len(s.keys) }

// MarshalJSON renders the set as a JWKS document with public keys only.
func (s KeySet) MarshalJSON() ([]byte, error) {
	keys := s.keys
	if keys == nil {
		keys = []jose.JSONWebKey{}
	}
	return json.Marshal(struct {
		Keys []jose.JSONWebKey `json:"keys"`
	}{keys})
}

// usable normalises k to its public half and reports whether it can verify
// RS256 or ES256 signatures.
func usable(k jose.JSONWebKey) (jose.JSONWebKey, bool) {
	if k.Use != "" && k.Use != "sig" {
		return k, false
	}
	if !k.IsPublic() {
		k = k.Public()
	}
	switch pub := k.Key.(type) {
	case *rsa.PublicKey:
		if pub.N == nil || pub.N.BitLen() < minRSABits {
			return k, false
		}
	case *ecdsa.PublicKey:
		if pub.Curve != elliptic.P256() {
			return k, false
		}
	default:
		return k, false
	}
	if k.Algorithm != "" && algFor(k.Key) != jose.SignatureAlgorithm(k.Algorithm) {
		return k, false
	}
	return k, true
}

// algFor is the one algorithm berth accepts for a key type.
func algFor(pub crypto.PublicKey) jose.SignatureAlgorithm {
	switch pub.(type) {
	case *rsa.PublicKey:
		return jose.RS256
	case *ecdsa.PublicKey:
		return jose.ES256
	}
	return ""
}

// candidates returns the keys that may have produced a signature with alg
// and kid. An absent kid is only acceptable when the set has a single key,
// so a token cannot make us try every key in turn.
func (s KeySet) candidates(kid string, alg jose.SignatureAlgorithm) ([]jose.JSONWebKey, error) {
	if kid == "" {
		if len(s.keys) != 1 {
			return nil, errKidRequired
		}
		if algFor(s.keys[0].Key) != alg {
			return nil, errUnknownKid
		}
		return s.keys, nil
	}
	var out []jose.JSONWebKey
	for _, k := range s.keys {
		if k.KeyID == kid && algFor(k.Key) == alg {
			out = append(out, k)
		}
	}
	if len(out) == 0 {
		return nil, errUnknownKid
	}
	return out, nil
}
