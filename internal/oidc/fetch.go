package oidc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Response size limits: a discovery document is a few KB and a key set a
// few keys; anything far larger is an attack or a misconfiguration.
const (
	maxDiscoverySize = 64 << 10
	maxJWKSSize      = 256 << 10
	maxRedirects     = 3
)

var (
	errStatus       = errors.New("unexpected HTTP status")
	errTooBig       = errors.New("response too large")
	errIssuerDiffer = errors.New("discovery document names a different issuer")
	errJWKSURI      = errors.New("bad jwks_uri")
	errDowngrade    = errors.New("redirect from https to http refused")
)

// keyFetch is what one fetch of an issuer's keys yields.
type keyFetch struct {
	keys KeySet
	// thumbprint is the lowercase hex SHA-1 of the last certificate the JWKS
	// host presented, "" over plain http.
	thumbprint string
}

// fetcher retrieves an issuer's key set via OpenID Connect discovery.
type fetcher struct {
	client *http.Client
}

// newFetcher copies c (or a default client) and hardens the copy: a
// timeout, few redirects, never from https down to http.
func newFetcher(c *http.Client) *fetcher {
	cp := http.Client{}
	if c != nil {
		cp = *c
	}
	if cp.Timeout == 0 {
		cp.Timeout = DefaultHTTPTimeout
	}
	next := cp.CheckRedirect
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		if via[0].URL.Scheme == "https" && req.URL.Scheme != "https" {
			return errDowngrade
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
	return &fetcher{client: &cp}
}

// fetch reads <issuer>/.well-known/openid-configuration, then its jwks_uri.
func (f *fetcher) fetch(ctx context.Context, issuer string) (keyFetch, error) {
	base := strings.TrimSuffix(issuer, "/")
	body, _, err := f.get(ctx, base+"/.well-known/openid-configuration", maxDiscoverySize)
	if err != nil {
		return keyFetch{}, err
	}
	var doc struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return keyFetch{}, fmt.Errorf("oidc: discovery %s: %w", issuer, err)
	}
	if strings.TrimSuffix(doc.Issuer, "/") != base {
		return keyFetch{}, fmt.Errorf("oidc: discovery %s: %w: %q", issuer, errIssuerDiffer, doc.Issuer)
	}
	if err := checkJWKSURI(issuer, doc.JWKSURI); err != nil {
		return keyFetch{}, err
	}
	body, resp, err := f.get(ctx, doc.JWKSURI, maxJWKSSize)
	if err != nil {
		return keyFetch{}, err
	}
	keys, err := ParseKeySet(body)
	if err != nil {
		return keyFetch{}, fmt.Errorf("oidc: jwks %s: %w", doc.JWKSURI, err)
	}
	kf := keyFetch{keys: keys}
	if resp.TLS != nil && len(resp.TLS.PeerCertificates) > 0 {
		kf.thumbprint = certSHA1(resp.TLS.PeerCertificates[len(resp.TLS.PeerCertificates)-1])
	}
	return kf, nil
}

// checkJWKSURI refuses a jwks_uri that is not absolute, or that is plain
// http for an https issuer (which would let a network attacker swap keys).
func checkJWKSURI(issuer, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("oidc: discovery %s: %w: %q", issuer, errJWKSURI, raw)
	}
	if strings.HasPrefix(issuer, "https://") && u.Scheme != "https" {
		return fmt.Errorf("oidc: discovery %s: %w: %q is not https", issuer, errJWKSURI, raw)
	}
	return nil
}

// get performs one GET, requiring 200 and a body of at most limit bytes.
func (f *fetcher) get(ctx context.Context, rawURL string, limit int64) ([]byte, *http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("oidc: get %s: %w", rawURL, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("oidc: get %s: %w", rawURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("oidc: get %s: %w %d", rawURL, errStatus, resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, nil, fmt.Errorf("oidc: get %s: %w", rawURL, err)
	}
	if int64(len(body)) > limit {
		return nil, nil, fmt.Errorf("oidc: get %s: %w (over %d bytes)", rawURL, errTooBig, limit)
	}
	return body, resp, nil
}
