package oidc

import (
	"context"
	"crypto"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"
)

// newRemote starts a fake IdP with one ES256 key "k1" and one RS256 key
// "r1", and a verifier on a fake clock pointed at it.
func newRemote(t *testing.T) (*idp, *Verifier, *fakeClock, Provider) {
	t.Helper()
	testKeys(t)
	p := newIDP(t, false)
	p.setKeys(t, map[string]crypto.Signer{"k1": ecKey, "r1": rsaKey})
	clk := newClock()
	v := NewVerifier(VerifierOptions{HTTPClient: p.srv.Client(), Now: clk.Now})
	return p, v, clk, Provider{URL: p.srv.URL, ClientIDs: []string{"sts.amazonaws.com"}}
}

func TestVerifyDiscoveryAndJWKS(t *testing.T) {
	p, v, clk, prov := newRemote(t)
	for _, tc := range []struct {
		name string
		key  crypto.Signer
		kid  string
	}{{"ES256", ecKey, "k1"}, {"RS256", rsaKey, "r1"}} {
		t.Run(tc.name, func(t *testing.T) {
			c := claimsAt(prov.URL, clk.Now())
			c["amr"] = []string{"pwd", "mfa"}
			c["repository"] = "octo/app"
			tok, err := v.Verify(context.Background(), sign(t, tc.key, tc.kid, c), prov)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if tok.Issuer != prov.URL || tok.Subject != "repo:octo/app:ref:refs/heads/main" ||
				len(tok.Audience) != 1 || tok.Audience[0] != "sts.amazonaws.com" {
				t.Errorf("token = %+v", tok)
			}
			if !tok.Expiry.Equal(clk.Now().Add(5*time.Minute)) || !tok.IssuedAt.Equal(clk.Now()) || !tok.NotBefore.Equal(clk.Now()) {
				t.Errorf("times = %v %v %v", tok.Expiry, tok.IssuedAt, tok.NotBefore)
			}
			if len(tok.AMR) != 2 || tok.Claims["repository"] != "octo/app" {
				t.Errorf("amr %v claims %v", tok.AMR, tok.Claims)
			}
		})
	}
	if d, j := p.discoveryHits.Load(), p.jwksHits.Load(); d != 1 || j != 1 {
		t.Errorf("discovery hits %d, jwks hits %d; want 1, 1", d, j)
	}
}

func TestVerifyCacheHit(t *testing.T) {
	p, v, clk, prov := newRemote(t)
	for range 5 {
		if _, err := v.Verify(context.Background(), sign(t, ecKey, "k1", claimsAt(prov.URL, clk.Now())), prov); err != nil {
			t.Fatal(err)
		}
	}
	if j := p.jwksHits.Load(); j != 1 {
		t.Errorf("jwks hits = %d, want 1", j)
	}
	clk.Add(DefaultCacheTTL + time.Second)
	if _, err := v.Verify(context.Background(), sign(t, ecKey, "k1", claimsAt(prov.URL, clk.Now())), prov); err != nil {
		t.Fatal(err)
	}
	if j := p.jwksHits.Load(); j != 2 {
		t.Errorf("after TTL: jwks hits = %d, want 2", j)
	}
}

func TestVerifyRefreshOnUnknownKid(t *testing.T) {
	p, v, clk, prov := newRemote(t)
	ctx := context.Background()
	if _, err := v.Verify(ctx, sign(t, ecKey, "k1", claimsAt(prov.URL, clk.Now())), prov); err != nil {
		t.Fatal(err)
	}
	// The issuer rotates in k2; a token signed with it triggers one refresh.
	p.setKeys(t, map[string]crypto.Signer{"k1": ecKey, "k2": ecKey2})
	if _, err := v.Verify(ctx, sign(t, ecKey2, "k2", claimsAt(prov.URL, clk.Now())), prov); err != nil {
		t.Fatalf("rotated key: %v", err)
	}
	if j := p.jwksHits.Load(); j != 2 {
		t.Fatalf("jwks hits = %d, want 2", j)
	}
	// A flood of made-up kids costs the issuer at most one more request per
	// MinRefreshInterval.
	clk.Add(DefaultMinRefreshInterval)
	for i := range 20 {
		_, err := v.Verify(ctx, sign(t, ecKey, "bogus"+string(rune('a'+i)), claimsAt(prov.URL, clk.Now())), prov)
		if !errors.Is(err, ErrInvalidToken) || Message(err) != msgNoKey {
			t.Fatalf("bogus kid: %v", err)
		}
	}
	if j := p.jwksHits.Load(); j != 3 {
		t.Errorf("after flood: jwks hits = %d, want 3", j)
	}
	// Within the interval, even a legitimately new key waits.
	p.setKeys(t, map[string]crypto.Signer{"k3": rsaKey2})
	if _, err := v.Verify(ctx, sign(t, rsaKey2, "k3", claimsAt(prov.URL, clk.Now())), prov); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("k3 inside interval: %v", err)
	}
	clk.Add(DefaultMinRefreshInterval)
	if _, err := v.Verify(ctx, sign(t, rsaKey2, "k3", claimsAt(prov.URL, clk.Now())), prov); err != nil {
		t.Fatalf("k3 after interval: %v", err)
	}
	if j := p.jwksHits.Load(); j != 4 {
		t.Errorf("jwks hits = %d, want 4", j)
	}
}

func TestVerifyEmulatedNoNetwork(t *testing.T) {
	testKeys(t)
	iss, err := NewIssuer("http://127.0.0.1:4566/_berth/oidc", ecKey)
	if err != nil {
		t.Fatal(err)
	}
	clk := newClock()
	iss.now = clk.Now
	v := NewVerifier(VerifierOptions{
		HTTPClient: &http.Client{Transport: noNetwork{t}},
		Now:        clk.Now,
		Emulated:   map[string]KeySet{GitHubIssuer: iss.KeySet()},
		// Emulated issuers are never thumbprint-checked: there is no TLS.
		CheckThumbprints: true,
	})
	raw, err := iss.Mint(Claims{Issuer: GitHubIssuer, Audience: "sts.amazonaws.com", Repository: "octo/app", Ref: "refs/heads/main"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	prov := Provider{URL: GitHubIssuer, ClientIDs: []string{"sts.amazonaws.com"}, Thumbprints: []string{"6938fd4d98bab03faadb97b34396831e3780aea1"}}
	tok, err := v.Verify(context.Background(), raw, prov)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if tok.Subject != "repo:octo/app:ref:refs/heads/main" || tok.Claims["repository_owner"] != "octo" {
		t.Errorf("token = %+v", tok)
	}
	// A token for GitHub's issuer signed by any other key is refused.
	forged := sign(t, ecKey2, iss.keys.keys[0].KeyID, claimsAt(GitHubIssuer, clk.Now()))
	if _, err := v.Verify(context.Background(), forged, prov); !errors.Is(err, ErrInvalidToken) || Message(err) != msgSignature {
		t.Errorf("forged emulated token: %v", err)
	}
}

func TestVerifyConcurrentColdCache(t *testing.T) {
	p, v, clk, prov := newRemote(t)
	raw := sign(t, ecKey, "k1", claimsAt(prov.URL, clk.Now()))
	bogus := sign(t, ecKey, "bogus", claimsAt(prov.URL, clk.Now()))
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok := raw
			if i%2 == 1 {
				tok = bogus
			}
			_, err := v.Verify(context.Background(), tok, prov)
			if (err == nil) != (tok == raw) {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("unexpected result: %v", err)
	}
	// One initial fetch, at most one forced refresh for the bogus kid.
	if j := p.jwksHits.Load(); j < 1 || j > 2 {
		t.Errorf("jwks hits = %d, want 1 or 2", j)
	}
}
