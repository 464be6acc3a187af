package oidc

import (
	"context"
	"crypto"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestGitHubSubject(t *testing.T) {
	for _, tc := range []struct {
		repo, ref, env string
		pr             bool
		want           string
	}{
		{"octo/app", "refs/heads/main", "", false, "repo:octo/app:ref:refs/heads/main"},
		{"octo/app", "refs/tags/v1.2.0", "", false, "repo:octo/app:ref:refs/tags/v1.2.0"},
		{"octo/app", "refs/heads/main", "prod", false, "repo:octo/app:environment:prod"},
		{"octo/app", "refs/pull/7/merge", "", true, "repo:octo/app:pull_request"},
		{"octo/app", "refs/pull/7/merge", "staging", true, "repo:octo/app:environment:staging"},
	} {
		if got := GitHubSubject(tc.repo, tc.ref, tc.env, tc.pr); got != tc.want {
			t.Errorf("GitHubSubject(%q,%q,%q,%v) = %q, want %q", tc.repo, tc.ref, tc.env, tc.pr, got, tc.want)
		}
	}
}

func TestNewIssuerRejects(t *testing.T) {
	testKeys(t)
	for _, tc := range []struct {
		name string
		url  string
		key  crypto.Signer
	}{
		{"relative URL", "/_berth/oidc", ecKey},
		{"ftp URL", "ftp://host/x", ecKey},
		{"query", "http://host/x?a=b", ecKey},
		{"fragment", "http://host/x#f", ecKey},
		{"userinfo", "http://u:p@host/x", ecKey},
		{"nil key", "http://host/x", nil},
		{"P-384 key", "http://host/x", p384Key},
		{"RSA-1024 key", "http://host/x", rsaWeak},
	} {
		if _, err := NewIssuer(tc.url, tc.key); err == nil {
			t.Errorf("%s: NewIssuer succeeded", tc.name)
		}
	}
}

// payloadOf decodes a token's claims without verifying them.
func payloadOf(t *testing.T, raw string) map[string]any {
	t.Helper()
	_, p, err := splitCompact(raw)
	if err != nil {
		t.Fatal(err)
	}
	c, err := decodeClaims(p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestMintClaims(t *testing.T) {
	testKeys(t)
	iss, err := NewIssuer("http://127.0.0.1:4566/_berth/oidc/", ecKey)
	if err != nil {
		t.Fatal(err)
	}
	if iss.URL() != "http://127.0.0.1:4566/_berth/oidc" {
		t.Errorf("URL = %q", iss.URL())
	}
	iat := testEpoch
	raw, err := iss.Mint(Claims{
		Repository: "octo/app", Ref: "refs/heads/main", SHA: "abc", Workflow: "sync-main",
		Environment: "prod", RunID: "42", Actor: "mona", IssuedAt: iat,
	}, 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	c := payloadOf(t, raw)
	want := map[string]string{
		"iss": iss.URL(), "aud": "https://github.com/octo", "sub": "repo:octo/app:environment:prod",
		"repository": "octo/app", "repository_owner": "octo", "ref": "refs/heads/main",
		"ref_type": "branch", "sha": "abc", "workflow": "sync-main", "environment": "prod",
		"run_id": "42", "run_attempt": "1", "actor": "mona", "event_name": "push",
	}
	for k, v := range want {
		if c[k] != v {
			t.Errorf("%s = %v, want %q", k, c[k], v)
		}
	}
	if c["exp"] != json.Number(strconv.FormatInt(iat.Add(10*time.Minute).Unix(), 10)) || c["iat"] != json.Number(strconv.FormatInt(iat.Unix(), 10)) {
		t.Errorf("exp %v iat %v", c["exp"], c["iat"])
	}
	if jti, _ := c["jti"].(string); len(jti) != 36 {
		t.Errorf("jti = %v", c["jti"])
	}
	other, _ := iss.Mint(Claims{Repository: "octo/app", Ref: "refs/tags/v1", PullRequest: true, Issuer: GitHubIssuer, Audience: "sts.amazonaws.com"}, 0)
	c2 := payloadOf(t, other)
	if c2["jti"] == c["jti"] {
		t.Error("jti repeated")
	}
	if _, ok := c2["environment"]; ok {
		t.Error("environment present although unset")
	}
	if c2["iss"] != GitHubIssuer || c2["sub"] != "repo:octo/app:pull_request" || c2["event_name"] != "pull_request" ||
		c2["ref_type"] != "tag" || c2["aud"] != "sts.amazonaws.com" {
		t.Errorf("claims = %v", c2)
	}
	if _, err := iss.Mint(Claims{}, 0); err == nil {
		t.Error("Mint without subject or repository succeeded")
	}
}

// opaqueSigner hides the concrete key type, as a KMS-backed signer would.
type opaqueSigner struct{ crypto.Signer }

// serveIssuer mounts iss's handler at /_berth/oidc on a real server and
// returns an issuer for that URL.
func serveIssuer(t *testing.T, key crypto.Signer, strip bool) (*Issuer, *httptest.Server) {
	t.Helper()
	var iss *Issuer
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	iss, err := NewIssuer(srv.URL+"/_berth/oidc", key)
	if err != nil {
		t.Fatal(err)
	}
	if strip {
		mux.Handle("/_berth/oidc/", http.StripPrefix("/_berth/oidc", iss.Handler()))
	} else {
		mux.Handle("/_berth/oidc/", iss.Handler())
	}
	return iss, srv
}

func TestIssuerHandler(t *testing.T) {
	testKeys(t)
	for _, strip := range []bool{true, false} {
		iss, srv := serveIssuer(t, ecKey, strip)
		resp, err := http.Get(srv.URL + "/_berth/oidc/.well-known/openid-configuration")
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		err = json.NewDecoder(resp.Body).Decode(&doc)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("discovery: %v %d %s", err, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if doc["issuer"] != iss.URL() || doc["jwks_uri"] != iss.URL()+"/jwks" {
			t.Errorf("doc = %v", doc)
		}
		for _, k := range []string{"response_types_supported", "subject_types_supported", "id_token_signing_alg_values_supported", "claims_supported", "scopes_supported"} {
			if _, ok := doc[k].([]any); !ok {
				t.Errorf("discovery lacks %s", k)
			}
		}
		if algs := doc["id_token_signing_alg_values_supported"].([]any); len(algs) != 1 || algs[0] != "ES256" {
			t.Errorf("algs = %v", algs)
		}
		resp, err = http.Get(srv.URL + "/_berth/oidc/jwks")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		set, err := ParseKeySet(body)
		if err != nil || set.Len() != 1 || strings.Contains(string(body), `"d"`) {
			t.Errorf("jwks %s: %v", body, err)
		}
		for path, status := range map[string]int{"/_berth/oidc/nope": 404, "/_berth/oidc/": 404} {
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != status {
				t.Errorf("GET %s = %d", path, resp.StatusCode)
			}
		}
		resp, err = http.Post(srv.URL+"/_berth/oidc/jwks", "application/json", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST jwks = %d", resp.StatusCode)
		}
	}
}

// TestIssuerVerifiedRemotely runs the built-in issuer as a real OIDC
// provider and verifies its tokens through discovery, for each key kind.
func TestIssuerVerifiedRemotely(t *testing.T) {
	testKeys(t)
	for name, key := range map[string]crypto.Signer{"ES256": ecKey, "RS256": rsaKey, "opaque": opaqueSigner{ecKey2}} {
		t.Run(name, func(t *testing.T) {
			iss, _ := serveIssuer(t, key, true)
			v := NewVerifier(VerifierOptions{})
			raw, err := iss.Mint(Claims{Audience: "sts.amazonaws.com", Repository: "octo/app", Ref: "refs/heads/main"}, 0)
			if err != nil {
				t.Fatal(err)
			}
			got, err := PeekIssuer(raw)
			if err != nil || got != iss.URL() {
				t.Fatalf("PeekIssuer = %q, %v", got, err)
			}
			tok, err := v.Verify(context.Background(), raw, Provider{URL: iss.URL(), ClientIDs: []string{"sts.amazonaws.com"}})
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if tok.Subject != "repo:octo/app:ref:refs/heads/main" {
				t.Errorf("sub = %q", tok.Subject)
			}
		})
	}
}
