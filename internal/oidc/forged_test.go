package oidc

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// verifyCase is one token shown to a verifier trusting the fake IdP's keys
// k1 (ES256) and r1 (RS256), for client id sts.amazonaws.com, at testEpoch.
type verifyCase struct {
	name string
	mk   func(t *testing.T, iss string, now time.Time) string
	prov func(Provider) Provider // nil: the IdP's provider unchanged
	kind error                   // nil: must verify
	msg  string                  // expected Message(err), if set
	// msgPrefix makes msg a prefix match.
	msgPrefix bool
}

// with returns a valid claim set changed by edit (nil value deletes).
func with(iss string, now time.Time, edit map[string]any) map[string]any {
	c := claimsAt(iss, now)
	for k, v := range edit {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return c
}

func ec(edit map[string]any) func(*testing.T, string, time.Time) string {
	return func(t *testing.T, iss string, now time.Time) string {
		return sign(t, ecKey, "k1", with(iss, now, edit))
	}
}

// rawPayload signs a hand-written payload with k1; %s is the issuer.
func rawPayload(format string) func(*testing.T, string, time.Time) string {
	return func(t *testing.T, iss string, now time.Time) string {
		p := fmt.Sprintf(format, iss, now.Add(time.Minute).Unix())
		return signRaw(t, map[string]any{"alg": "ES256", "kid": "k1"}, b64([]byte(p)), ecKey, nil)
	}
}

func literal(s string) func(*testing.T, string, time.Time) string {
	return func(*testing.T, string, time.Time) string { return s }
}

func withHeader(h map[string]any) func(*testing.T, string, time.Time) string {
	return func(t *testing.T, iss string, now time.Time) string {
		return signRaw(t, h, b64JSON(t, claimsAt(iss, now)), ecKey, nil)
	}
}

// hmacWithPublicKey is the key-confusion attack: HS256 keyed with the
// issuer's public key in some serialisation the attacker can obtain.
func hmacWithPublicKey(form string) func(*testing.T, string, time.Time) string {
	return func(t *testing.T, iss string, now time.Time) string {
		var secret []byte
		switch form {
		case "pem":
			der, err := x509.MarshalPKIXPublicKey(rsaKey.Public())
			if err != nil {
				t.Fatal(err)
			}
			secret = pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
		case "jwk":
			b, err := json.Marshal(jose.JSONWebKey{Key: rsaKey.Public(), KeyID: "r1", Use: "sig"})
			if err != nil {
				t.Fatal(err)
			}
			secret = b
		}
		return signRaw(t, map[string]any{"alg": "HS256", "kid": "r1"}, b64JSON(t, claimsAt(iss, now)), nil, secret)
	}
}

func forgedCases() []verifyCase {
	past := func(d time.Duration) int64 { return testEpoch.Add(-d).Unix() }
	future := func(d time.Duration) int64 { return testEpoch.Add(d).Unix() }
	return []verifyCase{
		{name: "valid ES256", mk: ec(nil)},
		{name: "valid RS256", mk: func(t *testing.T, iss string, now time.Time) string {
			return sign(t, rsaKey, "r1", claimsAt(iss, now))
		}},
		{name: "aud array containing client id", mk: ec(map[string]any{"aud": []string{"other", "sts.amazonaws.com"}})},
		{name: "expired within leeway", mk: ec(map[string]any{"exp": past(10 * time.Second)})},
		{name: "nbf within leeway", mk: ec(map[string]any{"nbf": future(10 * time.Second)})},
		{name: "no nbf no iat", mk: ec(map[string]any{"nbf": nil, "iat": nil})},

		{name: "bad signature (other key, same kid)", kind: ErrInvalidToken, msg: msgSignature,
			mk: func(t *testing.T, iss string, now time.Time) string { return sign(t, ecKey2, "k1", claimsAt(iss, now)) }},
		{name: "tampered payload", kind: ErrInvalidToken, msg: msgSignature,
			mk: func(t *testing.T, iss string, now time.Time) string {
				parts := strings.Split(sign(t, ecKey, "k1", claimsAt(iss, now)), ".")
				parts[1] = b64JSON(t, with(iss, now, map[string]any{"sub": "repo:evil/app:ref:refs/heads/main"}))
				return strings.Join(parts, ".")
			}},
		{name: "truncated signature", kind: ErrInvalidToken, msg: msgSignature,
			mk: func(t *testing.T, iss string, now time.Time) string {
				tok := sign(t, ecKey, "k1", claimsAt(iss, now))
				return tok[:len(tok)-4]
			}},
		{name: "embedded jwk header ignored", kind: ErrInvalidToken, msg: msgSignature,
			mk: func(t *testing.T, iss string, now time.Time) string {
				h := map[string]any{"alg": "ES256", "kid": "k1", "jwk": jose.JSONWebKey{Key: ecKey2.Public()}}
				return signRaw(t, h, b64JSON(t, claimsAt(iss, now)), ecKey2, nil)
			}},
		{name: "alg none", kind: ErrInvalidToken, msg: msgAlgorithm, mk: withHeader(map[string]any{"alg": "none", "kid": "k1"})},
		{name: "alg None", kind: ErrInvalidToken, msg: msgAlgorithm, mk: withHeader(map[string]any{"alg": "None", "kid": "k1"})},
		{name: "alg missing", kind: ErrInvalidToken, mk: withHeader(map[string]any{"kid": "k1"})},
		{name: "HS256 keyed with public key PEM", kind: ErrInvalidToken, msg: msgAlgorithm, mk: hmacWithPublicKey("pem")},
		{name: "HS256 keyed with public JWK", kind: ErrInvalidToken, msg: msgAlgorithm, mk: hmacWithPublicKey("jwk")},
		{name: "PS256 refused", kind: ErrInvalidToken, msg: msgAlgorithm, mk: withHeader(map[string]any{"alg": "PS256", "kid": "r1"})},
		{name: "ES384 refused", kind: ErrInvalidToken, msg: msgAlgorithm, mk: withHeader(map[string]any{"alg": "ES384", "kid": "k1"})},
		{name: "RS256 header on EC kid", kind: ErrInvalidToken, msg: msgNoKey,
			mk: func(t *testing.T, iss string, now time.Time) string {
				return signRaw(t, map[string]any{"alg": "RS256", "kid": "k1"}, b64JSON(t, claimsAt(iss, now)), rsaKey, nil)
			}},
		{name: "unknown kid", kind: ErrInvalidToken, msg: msgNoKey,
			mk: func(t *testing.T, iss string, now time.Time) string {
				return sign(t, ecKey, "nope", claimsAt(iss, now))
			}},
		{name: "no kid, several keys", kind: ErrInvalidToken, msg: msgKidRequired,
			mk: func(t *testing.T, iss string, now time.Time) string { return sign(t, ecKey, "", claimsAt(iss, now)) }},
		{name: "crit header", kind: ErrInvalidToken, mk: withHeader(map[string]any{"alg": "ES256", "kid": "k1", "crit": []string{"b64"}, "b64": true})},

		{name: "expired", kind: ErrExpiredToken, msg: msgExpired, mk: ec(map[string]any{"exp": past(31 * time.Second)})},
		{name: "long expired", kind: ErrExpiredToken, msg: msgExpired, mk: ec(map[string]any{"exp": past(48 * time.Hour), "iat": past(49 * time.Hour), "nbf": past(49 * time.Hour)})},
		{name: "not yet valid", kind: ErrInvalidToken, msg: msgNotYetValid, mk: ec(map[string]any{"nbf": future(5 * time.Minute)})},
		{name: "iat in future", kind: ErrInvalidToken, msg: msgIssuedFuture, mk: ec(map[string]any{"iat": future(5 * time.Minute)})},
		{name: "missing exp", kind: ErrInvalidToken, msg: msgMissingExp, mk: ec(map[string]any{"exp": nil})},
		{name: "exp as string", kind: ErrInvalidToken, msg: msgMalformed, mk: ec(map[string]any{"exp": fmt.Sprint(future(time.Minute))})},
		{name: "exp fractional", kind: ErrInvalidToken, msg: msgMalformed, mk: ec(map[string]any{"exp": float64(future(time.Minute)) + 0.5})},
		{name: "exp negative", kind: ErrInvalidToken, msg: msgMalformed, mk: ec(map[string]any{"exp": -1})},
		{name: "exp past year 9999", kind: ErrInvalidToken, msg: msgMalformed, mk: ec(map[string]any{"exp": 1e15})},
		{name: "nbf as bool", kind: ErrInvalidToken, msg: msgMalformed, mk: ec(map[string]any{"nbf": true})},

		{name: "wrong iss", kind: ErrInvalidToken, msg: msgNoProvider + "https://evil.example", mk: ec(map[string]any{"iss": "https://evil.example"})},
		{name: "missing iss", kind: ErrInvalidToken, msg: msgMalformed, mk: ec(map[string]any{"iss": nil})},
		{name: "iss not a string", kind: ErrInvalidToken, msg: msgMalformed, mk: ec(map[string]any{"iss": []string{"x"}})},
		{name: "provider URL with trailing slash", kind: ErrInvalidToken, msgPrefix: true, msg: msgNoProvider, mk: ec(nil),
			prov: func(p Provider) Provider { p.URL += "/"; return p }},
		{name: "provider URL differs in case", kind: ErrInvalidToken, msgPrefix: true, msg: msgNoProvider, mk: ec(nil),
			prov: func(p Provider) Provider { p.URL = strings.ToUpper(p.URL); return p }},

		{name: "wrong aud", kind: ErrInvalidToken, msg: msgAudience, mk: ec(map[string]any{"aud": "https://github.com/octo"})},
		{name: "missing aud", kind: ErrInvalidToken, msg: msgAudience, mk: ec(map[string]any{"aud": nil})},
		{name: "aud empty array", kind: ErrInvalidToken, msg: msgAudience, mk: ec(map[string]any{"aud": []string{}})},
		{name: "aud number", kind: ErrInvalidToken, msg: msgAudience, mk: ec(map[string]any{"aud": 7})},
		{name: "aud array with non-string", kind: ErrInvalidToken, msg: msgAudience, mk: ec(map[string]any{"aud": []any{"sts.amazonaws.com", 1}})},
		{name: "provider without client ids", kind: ErrInvalidToken, msg: msgAudience, mk: ec(nil),
			prov: func(p Provider) Provider { p.ClientIDs = nil; return p }},

		{name: "missing sub", kind: ErrInvalidToken, msg: msgMissingSub, mk: ec(map[string]any{"sub": nil})},
		{name: "empty sub", kind: ErrInvalidToken, msg: msgMissingSub, mk: ec(map[string]any{"sub": ""})},
		{name: "sub number", kind: ErrInvalidToken, msg: msgMissingSub, mk: ec(map[string]any{"sub": 42})},
		{name: "amr number", kind: ErrInvalidToken, msg: msgMalformed, mk: ec(map[string]any{"amr": 1})},

		{name: "duplicate claim", kind: ErrInvalidToken, msg: msgMalformed,
			mk: rawPayload(`{"iss":%[1]q,"sub":"s","aud":"evil","aud":"sts.amazonaws.com","exp":%[2]d}`)},
		{name: "trailing data after claims", kind: ErrInvalidToken, msg: msgMalformed,
			mk: rawPayload(`{"iss":%[1]q,"sub":"s","aud":"sts.amazonaws.com","exp":%[2]d} {}`)},
		{name: "payload is an array", kind: ErrInvalidToken, msg: msgMalformed, mk: rawPayload(`[%[1]q,%[2]d]`)},
		{name: "payload not JSON", kind: ErrInvalidToken, msg: msgMalformed, mk: rawPayload(`iss=%[1]s exp=%[2]d`)},
		{name: "empty", kind: ErrInvalidToken, msg: msgMalformed, mk: literal("")},
		{name: "one part", kind: ErrInvalidToken, msg: msgMalformed, mk: literal("abc")},
		{name: "two parts", kind: ErrInvalidToken, msg: msgMalformed, mk: literal("eyJhbGciOiJFUzI1NiJ9.e30")},
		{name: "four parts", kind: ErrInvalidToken, msg: msgMalformed, mk: literal("a.b.c.d")},
		{name: "bad base64", kind: ErrInvalidToken, msg: msgMalformed, mk: literal("!!!.###.$$$")},
		{name: "JWE-shaped", kind: ErrInvalidToken, msg: msgMalformed, mk: literal("eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d")},
		{name: "header not JSON", kind: ErrInvalidToken, msg: msgMalformed, mk: literal(b64([]byte("nope")) + "." + b64([]byte("{}")) + ".")},
		{name: "too long", kind: ErrInvalidToken, msg: msgMalformed,
			mk: func(t *testing.T, iss string, now time.Time) string {
				return sign(t, ecKey, "k1", with(iss, now, map[string]any{"pad": strings.Repeat("x", maxTokenSize)}))
			}},
	}
}

func TestVerifyForged(t *testing.T) {
	for _, tc := range forgedCases() {
		t.Run(tc.name, func(t *testing.T) {
			_, v, clk, prov := newRemote(t)
			raw := tc.mk(t, prov.URL, clk.Now())
			if tc.prov != nil {
				prov = tc.prov(prov)
			}
			tok, err := v.Verify(context.Background(), raw, prov)
			if tc.kind == nil {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if tok == nil || tok.Subject == "" {
					t.Fatalf("token = %+v", tok)
				}
				return
			}
			if err == nil {
				t.Fatalf("Verify accepted a bad token: %+v", tok)
			}
			if !errors.Is(err, tc.kind) {
				t.Fatalf("err = %v, want kind %v", err, tc.kind)
			}
			for _, other := range []error{ErrInvalidToken, ErrExpiredToken, ErrCommunication} {
				if other != tc.kind && errors.Is(err, other) {
					t.Errorf("err %v also wraps %v", err, other)
				}
			}
			t.Logf("err: %v", err)
			got := Message(err)
			if tc.msg != "" && got != tc.msg && !(tc.msgPrefix && strings.HasPrefix(got, tc.msg)) {
				t.Errorf("message = %q, want %q", got, tc.msg)
			}
		})
	}
}
