package oidc

import (
	"context"
	"crypto"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestVerifyCommunicationErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(p *idp)
	}{
		{"discovery 500", func(p *idp) { p.setRaw(nil, nil, http.StatusInternalServerError) }},
		{"discovery 404", func(p *idp) { p.setRaw(nil, nil, http.StatusNotFound) }},
		{"discovery not JSON", func(p *idp) { p.setRaw(nil, func(string) any { return "nope" }, 0) }},
		{"discovery names another issuer", func(p *idp) {
			p.setRaw(nil, func(base string) any {
				return map[string]any{"issuer": "https://evil.example", "jwks_uri": base + "/keys"}
			}, 0)
		}},
		{"relative jwks_uri", func(p *idp) {
			p.setRaw(nil, func(base string) any { return map[string]any{"issuer": base, "jwks_uri": "/keys"} }, 0)
		}},
		{"jwks_uri file scheme", func(p *idp) {
			p.setRaw(nil, func(base string) any { return map[string]any{"issuer": base, "jwks_uri": "file:///etc/passwd"} }, 0)
		}},
		{"jwks_uri 404", func(p *idp) {
			p.setRaw(nil, func(base string) any { return map[string]any{"issuer": base, "jwks_uri": base + "/missing"} }, 0)
		}},
		{"jwks not JSON", func(p *idp) { p.setRaw([]byte("<html>"), nil, 0) }},
		{"jwks without usable keys", func(p *idp) { p.setRaw([]byte(`{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}`), nil, 0) }},
		{"jwks too large", func(p *idp) {
			p.setRaw([]byte(`{"keys":[],"pad":"`+strings.Repeat("x", maxJWKSSize)+`"}`), nil, 0)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, v, clk, prov := newRemote(t)
			tc.setup(p)
			_, err := v.Verify(context.Background(), sign(t, ecKey, "k1", claimsAt(prov.URL, clk.Now())), prov)
			if !errors.Is(err, ErrCommunication) || Message(err) != msgCommunication {
				t.Fatalf("err = %v, want communication error", err)
			}
			t.Logf("err: %v", err)
		})
	}
}

func TestVerifyIssuerDown(t *testing.T) {
	_, v, clk, prov := newRemote(t)
	prov.URL = "http://127.0.0.1:1" // nothing listens on port 1
	_, err := v.Verify(context.Background(), sign(t, ecKey, "k1", claimsAt(prov.URL, clk.Now())), prov)
	if !errors.Is(err, ErrCommunication) {
		t.Fatalf("err = %v", err)
	}
}

func TestVerifyNegativeCache(t *testing.T) {
	p, v, clk, prov := newRemote(t)
	p.setRaw(nil, nil, http.StatusBadGateway)
	ctx := context.Background()
	for range 5 {
		if _, err := v.Verify(ctx, sign(t, ecKey, "k1", claimsAt(prov.URL, clk.Now())), prov); !errors.Is(err, ErrCommunication) {
			t.Fatalf("err = %v", err)
		}
	}
	// The first failure is remembered: the issuer saw one request.
	p.setRaw(nil, nil, 0)
	if _, err := v.Verify(ctx, sign(t, ecKey, "k1", claimsAt(prov.URL, clk.Now())), prov); !errors.Is(err, ErrCommunication) {
		t.Fatalf("inside interval: err = %v", err)
	}
	if d := p.discoveryHits.Load(); d != 0 {
		t.Errorf("discovery hits = %d while failing", d)
	}
	clk.Add(DefaultMinRefreshInterval)
	if _, err := v.Verify(ctx, sign(t, ecKey, "k1", claimsAt(prov.URL, clk.Now())), prov); err != nil {
		t.Fatalf("after interval: %v", err)
	}
}

func TestVerifyCanceledContextNotCached(t *testing.T) {
	_, v, clk, prov := newRemote(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	raw := sign(t, ecKey, "k1", claimsAt(prov.URL, clk.Now()))
	if _, err := v.Verify(ctx, raw, prov); !errors.Is(err, ErrCommunication) {
		t.Fatalf("canceled: err = %v", err)
	}
	if _, err := v.Verify(context.Background(), raw, prov); err != nil {
		t.Fatalf("a caller's cancellation must not poison the cache: %v", err)
	}
}

func TestVerifyRefusesHTTPJWKSForHTTPSIssuer(t *testing.T) {
	testKeys(t)
	plain := newIDP(t, false)
	plain.setKeys(t, map[string]crypto.Signer{"k1": ecKey})
	secure := newIDP(t, true)
	secure.setRaw(nil, func(base string) any {
		return map[string]any{"issuer": base, "jwks_uri": plain.srv.URL + "/keys"}
	}, 0)
	v := NewVerifier(VerifierOptions{HTTPClient: secure.srv.Client(), Now: newClock().Now})
	prov := Provider{URL: secure.srv.URL, ClientIDs: []string{"sts.amazonaws.com"}}
	_, err := v.Verify(context.Background(), sign(t, ecKey, "k1", claimsAt(prov.URL, testEpoch)), prov)
	if !errors.Is(err, ErrCommunication) || !errors.Is(err, errJWKSURI) {
		t.Fatalf("err = %v", err)
	}
	if plain.jwksHits.Load() != 0 {
		t.Error("plain-http jwks_uri was fetched")
	}
}

func TestFetcherRefusesDowngradeRedirect(t *testing.T) {
	plain := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(plain.Close)
	secure := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+r.URL.Path, http.StatusFound)
	}))
	t.Cleanup(secure.Close)
	f := newFetcher(secure.Client())
	_, err := f.fetch(context.Background(), secure.URL)
	if !errors.Is(err, errDowngrade) {
		t.Fatalf("err = %v, want downgrade refusal", err)
	}
}

func TestNewFetcherDefaults(t *testing.T) {
	if f := newFetcher(nil); f.client.Timeout != DefaultHTTPTimeout {
		t.Errorf("timeout = %v", f.client.Timeout)
	}
	c := &http.Client{Timeout: time.Second}
	f := newFetcher(c)
	if f.client == c || c.CheckRedirect != nil || f.client.Timeout != time.Second {
		t.Error("caller's client must be copied, not modified")
	}
}
