package oidc

import (
	"context"
	"crypto"
	"testing"
	"time"
)

// BenchmarkVerifyWarm verifies a valid token against a remote issuer whose
// key set is already cached: the steady-state cost of AssumeRoleWithWebIdentity.
func BenchmarkVerifyWarm(b *testing.B) {
	testKeys(b)
	for _, tc := range []struct {
		name string
		key  crypto.Signer
	}{{"ES256", ecKey}, {"RS256", rsaKey}} {
		b.Run(tc.name, func(b *testing.B) {
			p := newIDP(b, false)
			p.setKeys(b, map[string]crypto.Signer{"k1": tc.key})
			v := NewVerifier(VerifierOptions{HTTPClient: p.srv.Client(), Now: func() time.Time { return testEpoch }})
			prov := Provider{URL: p.srv.URL, ClientIDs: []string{"sts.amazonaws.com"}}
			raw := sign(b, tc.key, "k1", claimsAt(prov.URL, testEpoch))
			ctx := context.Background()
			if _, err := v.Verify(ctx, raw, prov); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.Verify(ctx, raw, prov); err != nil {
					b.Fatal(err)
				}
			}
			if h := p.jwksHits.Load(); h != 1 {
				b.Fatalf("jwks fetched %d times; cache not warm", h)
			}
		})
	}
}
