package oidc

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// maxTokenSize is the longest WebIdentityToken STS accepts (clientTokenType
// max 20000 in the STS model); anything longer is refused before decoding.
const maxTokenSize = 20000

// maxNumericDate is 9999-12-31T23:59:59Z; later dates are garbage.
const maxNumericDate = 253402300799

// Token is a verified ID token: the registered claims decoded, plus every
// claim as parsed JSON (numbers as json.Number) for condition keys.
type Token struct {
	// Issuer is the iss claim, equal to the provider URL.
	Issuer string
	// Subject is the sub claim.
	Subject string
	// Audience is the aud claim, always as a list.
	Audience []string
	// Expiry is the exp claim.
	Expiry time.Time
	// IssuedAt is the iat claim, zero when absent.
	IssuedAt time.Time
	// NotBefore is the nbf claim, zero when absent.
	NotBefore time.Time
	// AMR is the amr claim (authentication methods), when present.
	AMR []string
	// Claims holds every claim of the payload.
	Claims map[string]any
}

var (
	errFormat    = errors.New("not a compact JWS with three base64url parts")
	errNotObject = errors.New("claims are not a single JSON object")
	errTooLarge  = fmt.Errorf("token longer than %d bytes", maxTokenSize)
	errClaimType = errors.New("claim has the wrong JSON type")
	errDuplicate = errors.New("duplicate claim")
)

// PeekIssuer returns the unverified iss claim of raw, so the caller can look
// up the registered provider before calling Verify. Nothing it returns is
// trustworthy until Verify succeeds.
func PeekIssuer(raw string) (string, error) {
	_, payload, err := splitCompact(raw)
	if err != nil {
		return "", invalid(msgMalformed, err)
	}
	claims, err := decodeClaims(payload)
	if err != nil {
		return "", invalid(msgMalformed, err)
	}
	iss, err := stringClaim(claims, "iss")
	if err != nil || iss == "" {
		return "", invalid(msgMalformed, fmt.Errorf("peek issuer: iss: %w", errClaimType))
	}
	return iss, nil
}

// splitCompact decodes the header and payload of a compact JWS without
// checking anything else; go-jose re-parses the whole token for Verify.
func splitCompact(raw string) (header, payload []byte, err error) {
	if len(raw) > maxTokenSize {
		return nil, nil, errTooLarge
	}
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil, nil, errFormat
	}
	if header, err = base64.RawURLEncoding.Strict().DecodeString(parts[0]); err != nil {
		return nil, nil, fmt.Errorf("header: %w", err)
	}
	if payload, err = base64.RawURLEncoding.Strict().DecodeString(parts[1]); err != nil {
		return nil, nil, fmt.Errorf("payload: %w", err)
	}
	return header, payload, nil
}

// decodeClaims parses a JWT payload: one JSON object, no duplicate member
// names (so two parsers can never disagree on a claim), nothing after it.
func decodeClaims(payload []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("claims: %w", errNotObject)
	}
	claims := map[string]any{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("claims: %w", err)
		}
		name, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("claims: %w", errNotObject)
		}
		if _, dup := claims[name]; dup {
			return nil, fmt.Errorf("claims: %s: %w", name, errDuplicate)
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("claims: %s: %w", name, err)
		}
		claims[name] = v
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("claims: trailing data: %w", errNotObject)
	}
	return claims, nil
}

// stringClaim returns claim name as a string; absent is "", other types fail.
func stringClaim(c map[string]any, name string) (string, error) {
	v, ok := c[name]
	if !ok {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s: %w", name, errClaimType)
	}
	return s, nil
}

// stringsClaim accepts a string or an array of strings (aud, amr).
func stringsClaim(c map[string]any, name string) ([]string, error) {
	switch v := c[name].(type) {
	case nil:
		if _, present := c[name]; present {
			return nil, fmt.Errorf("%s: %w", name, errClaimType)
		}
		return nil, nil
	case string:
		return []string{v}, nil
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("%s: %w", name, errClaimType)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s: %w", name, errClaimType)
}

// timeClaim parses a NumericDate. STS requires integer timestamps, so
// fractions, exponents, negatives and years past 9999 are refused. ok is false
// when the claim is absent.
func timeClaim(c map[string]any, name string) (t time.Time, ok bool, err error) {
	v, present := c[name]
	if !present {
		return time.Time{}, false, nil
	}
	n, isNum := v.(json.Number)
	if !isNum {
		return time.Time{}, false, fmt.Errorf("%s: %w", name, errClaimType)
	}
	i, err := n.Int64()
	if err != nil || i < 0 || i > maxNumericDate {
		return time.Time{}, false, fmt.Errorf("%s: %w", name, errClaimType)
	}
	return time.Unix(i, 0).UTC(), true, nil
}
