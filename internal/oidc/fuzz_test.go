package oidc

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"
)

// refuseTransport fails every request; fuzzed tokens must never reach the
// network.
type refuseTransport struct{}

func (refuseTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("network disabled in fuzzing")
}

// FuzzVerify feeds arbitrary strings to PeekIssuer and Verify (emulated
// GitHub issuer, fixed clock). Neither may panic; Verify may only succeed
// for a token whose claims satisfy the provider, and every error must carry
// exactly one sentinel kind.
func FuzzVerify(f *testing.F) {
	testKeys(f)
	iss, err := NewIssuer("http://127.0.0.1:4566/_berth/oidc", ecKey)
	if err != nil {
		f.Fatal(err)
	}
	iss.now = func() time.Time { return testEpoch }
	good, err := iss.Mint(Claims{Issuer: GitHubIssuer, Audience: "sts.amazonaws.com", Repository: "octo/app", Ref: "refs/heads/main"}, 0)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)-3])
	f.Add(sign(f, ecKey, iss.keys.keys[0].KeyID, claimsAt(GitHubIssuer, testEpoch)))
	f.Add(signRaw(f, map[string]any{"alg": "none"}, b64JSON(f, claimsAt(GitHubIssuer, testEpoch)), nil, nil))
	f.Add(signRaw(f, map[string]any{"alg": "HS256"}, b64JSON(f, claimsAt(GitHubIssuer, testEpoch)), nil, []byte("k")))
	for _, s := range []string{"", ".", "..", "a.b.c", "e30.e30.", "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOjF9.AA"} {
		f.Add(s)
	}
	v := NewVerifier(VerifierOptions{
		HTTPClient: &http.Client{Transport: refuseTransport{}},
		Now:        func() time.Time { return testEpoch },
		Emulated:   map[string]KeySet{GitHubIssuer: iss.KeySet()},
	})
	prov := Provider{URL: GitHubIssuer, ClientIDs: []string{"sts.amazonaws.com"}}
	f.Fuzz(func(t *testing.T, raw string) {
		_, _ = PeekIssuer(raw)
		tok, err := v.Verify(context.Background(), raw, prov)
		if err != nil {
			kinds := 0
			for _, k := range []error{ErrInvalidToken, ErrExpiredToken, ErrCommunication} {
				if errors.Is(err, k) {
					kinds++
				}
			}
			if kinds != 1 {
				t.Fatalf("error %v carries %d kinds", err, kinds)
			}
			if errors.Is(err, ErrCommunication) {
				t.Fatalf("emulated issuer touched the network: %v", err)
			}
			return
		}
		if tok.Issuer != GitHubIssuer || tok.Subject == "" || !slices.Contains(tok.Audience, "sts.amazonaws.com") ||
			!testEpoch.Before(tok.Expiry.Add(DefaultLeeway)) {
			t.Fatalf("accepted token %+v", tok)
		}
	})
}

// FuzzParseKeySet checks that hostile JWKS documents never panic and that
// any accepted set is non-empty and re-marshals.
func FuzzParseKeySet(f *testing.F) {
	testKeys(f)
	good, _ := NewKeySet("k1", ecKey.Public())
	b, _ := good.MarshalJSON()
	f.Add(b)
	f.Add([]byte(`{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}`))
	f.Add([]byte(`{"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}]}`))
	f.Add([]byte(`{"keys":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := ParseKeySet(data)
		if err != nil {
			return
		}
		if set.Len() == 0 {
			t.Fatal("accepted an empty set")
		}
		if _, err := set.MarshalJSON(); err != nil {
			t.Fatalf("re-marshal: %v", err)
		}
	})
}
