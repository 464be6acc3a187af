package oidc

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// testEpoch is the fixed "now" of most tests.
var testEpoch = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// fakeClock is a settable clock shared by verifier and tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: testEpoch} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Keys are generated once per test binary: RSA generation is slow.
var (
	keysOnce         sync.Once
	ecKey, ecKey2    *ecdsa.PrivateKey
	rsaKey, rsaKey2  *rsa.PrivateKey
	p384Key          *ecdsa.PrivateKey
	rsaWeak          *rsa.PrivateKey
	testKeysGenerErr error
)

func testKeys(t testing.TB) {
	t.Helper()
	keysOnce.Do(func() {
		var errs [6]error
		ecKey, errs[0] = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		ecKey2, errs[1] = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		rsaKey, errs[2] = rsa.GenerateKey(rand.Reader, 2048)
		rsaKey2, errs[3] = rsa.GenerateKey(rand.Reader, 2048)
		p384Key, errs[4] = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
		rsaWeak, errs[5] = rsa.GenerateKey(rand.Reader, 1024)
		for _, e := range errs {
			if e != nil {
				testKeysGenerErr = e
			}
		}
	})
	if testKeysGenerErr != nil {
		t.Fatal(testKeysGenerErr)
	}
}

// idp is a fake remote OpenID provider on a real HTTP server.
type idp struct {
	srv           *httptest.Server
	discoveryHits atomic.Int32
	jwksHits      atomic.Int32
	mu            sync.Mutex
	jwks          []byte
	discovery     func(base string) any // nil means a correct document
	status        int                   // non-zero: answer everything with it
}

func newIDP(t testing.TB, useTLS bool) *idp {
	t.Helper()
	if useTLS {
		return newIDPWith(t, httptest.NewTLSServer)
	}
	return newIDPWith(t, httptest.NewServer)
}

// newIDPWith runs the fake IdP on a server built by start.
func newIDPWith(t testing.TB, start func(http.Handler) *httptest.Server) *idp {
	t.Helper()
	p := &idp{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		jwks, disc, status := p.jwks, p.discovery, p.status
		p.mu.Unlock()
		if status != 0 {
			w.WriteHeader(status)
			return
		}
		base := p.srv.URL
		switch r.URL.Path {
		case "/.well-known/openid-configuration":
			p.discoveryHits.Add(1)
			var doc any = map[string]any{"issuer": base, "jwks_uri": base + "/keys"}
			if disc != nil {
				doc = disc(base)
			}
			_ = json.NewEncoder(w).Encode(doc)
		case "/keys":
			p.jwksHits.Add(1)
			_, _ = w.Write(jwks)
		default:
			http.NotFound(w, r)
		}
	})
	p.srv = start(h)
	t.Cleanup(p.srv.Close)
	return p
}

// setKeys publishes the public halves of keys under the given kids.
func (p *idp) setKeys(t testing.TB, keys map[string]crypto.Signer) {
	t.Helper()
	var set jose.JSONWebKeySet
	for kid, k := range keys {
		set.Keys = append(set.Keys, jose.JSONWebKey{Key: k.Public(), KeyID: kid, Use: "sig"})
	}
	b, err := json.Marshal(set)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.jwks = b
	p.mu.Unlock()
}

func (p *idp) setRaw(jwks []byte, disc func(string) any, status int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if jwks != nil {
		p.jwks = jwks
	}
	p.discovery, p.status = disc, status
}

// claimsAt is a valid claim set for issuer iss at time now.
func claimsAt(iss string, now time.Time) map[string]any {
	return map[string]any{
		"iss": iss,
		"sub": "repo:octo/app:ref:refs/heads/main",
		"aud": "sts.amazonaws.com",
		"iat": now.Unix(),
		"nbf": now.Unix(),
		"exp": now.Add(5 * time.Minute).Unix(),
	}
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func b64JSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b64(b)
}

// signRaw builds a compact JWS by hand so tests control every header byte.
// The signature follows header["alg"]: RS256/ES256 with key, HS256 with
// hmacKey, none with an empty signature.
func signRaw(t testing.TB, header map[string]any, payload string, key crypto.Signer, hmacKey []byte) string {
	t.Helper()
	input := b64JSON(t, header) + "." + payload
	digest := sha256.Sum256([]byte(input))
	var sig []byte
	switch header["alg"] {
	case "RS256":
		var err error
		sig, err = rsa.SignPKCS1v15(rand.Reader, key.(*rsa.PrivateKey), crypto.SHA256, digest[:])
		if err != nil {
			t.Fatal(err)
		}
	case "ES256":
		r, s, err := ecdsa.Sign(rand.Reader, key.(*ecdsa.PrivateKey), digest[:])
		if err != nil {
			t.Fatal(err)
		}
		sig = append(pad32(r), pad32(s)...)
	case "HS256":
		m := hmac.New(sha256.New, hmacKey)
		m.Write([]byte(input))
		sig = m.Sum(nil)
	}
	return input + "." + b64(sig)
}

func pad32(n *big.Int) []byte {
	out := make([]byte, 32)
	return n.FillBytes(out)
}

// sign is signRaw for the common case: alg from the key type, a kid, claims.
func sign(t testing.TB, key crypto.Signer, kid string, claims map[string]any) string {
	t.Helper()
	h := map[string]any{"alg": string(algFor(key.Public())), "typ": "JWT"}
	if kid != "" {
		h["kid"] = kid
	}
	return signRaw(t, h, b64JSON(t, claims), key, nil)
}

// noNetwork is a transport that fails the test if anything is fetched.
type noNetwork struct{ t *testing.T }

func (n noNetwork) RoundTrip(r *http.Request) (*http.Response, error) {
	n.t.Errorf("unexpected network request to %s", r.URL)
	return nil, http.ErrUseLastResponse
}
