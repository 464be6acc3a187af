package oidc

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"errors"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// chain is a private root CA and a leaf for 127.0.0.1 signed by it; the
// server presents [leaf, root], like issuers that send their CA.
type chain struct {
	root, leaf *x509.Certificate
	leafKey    crypto.Signer
}

func newChain(t *testing.T) chain {
	t.Helper()
	rootKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leafKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	rootTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "berth test root"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	rootDER, err := x509.CreateCertificate(rand.Reader, rootTmpl, rootTmpl, rootKey.Public(), rootKey)
	if err != nil {
		t.Fatal(err)
	}
	root, err := x509.ParseCertificate(rootDER)
	if err != nil {
		t.Fatal(err)
	}
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature,
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, root, leafKey.Public(), rootKey)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(leafDER)
	if err != nil {
		t.Fatal(err)
	}
	return chain{root: root, leaf: leaf, leafKey: leafKey}
}

// serve starts an HTTPS server presenting the chain.
func (c chain) serve(h http.Handler) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{
		Certificate: [][]byte{c.leaf.Raw, c.root.Raw}, PrivateKey: c.leafKey,
	}}}
	srv.StartTLS()
	return srv
}

func (c chain) clientConfig() *tls.Config {
	pool := x509.NewCertPool()
	pool.AddCert(c.root)
	return &tls.Config{RootCAs: pool}
}

func sha1Hex(c *x509.Certificate) string {
	s := sha1.Sum(c.Raw)
	return hex.EncodeToString(s[:])
}

func TestThumbprintLastCertificate(t *testing.T) {
	c := newChain(t)
	srv := c.serve(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	want := sha1Hex(c.root)
	hostPort := strings.TrimPrefix(srv.URL, "https://")
	for _, u := range []string{srv.URL, srv.URL + "/.well-known/openid-configuration", hostPort} {
		got, err := Thumbprint(context.Background(), u, c.clientConfig())
		if err != nil {
			t.Fatalf("Thumbprint(%s): %v", u, err)
		}
		if got != want {
			t.Errorf("Thumbprint(%s) = %s, want root %s (leaf is %s)", u, got, want, sha1Hex(c.leaf))
		}
	}
}

func TestThumbprintSingleCert(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	got, err := Thumbprint(context.Background(), srv.URL, &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := sha1Hex(srv.Certificate()); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestThumbprintErrors(t *testing.T) {
	c := newChain(t)
	srv := c.serve(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	// nil config verifies against the system roots, which lack our CA.
	if _, err := Thumbprint(context.Background(), srv.URL, nil); err == nil {
		t.Error("untrusted chain accepted with nil config")
	}
	for _, u := range []string{"http://example.com", "https://", "://bad", "ftp://x"} {
		if _, err := Thumbprint(context.Background(), u, nil); err == nil {
			t.Errorf("Thumbprint(%q) succeeded", u)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Thumbprint(ctx, srv.URL, c.clientConfig()); err == nil {
		t.Error("canceled context succeeded")
	}
}

func TestVerifyThumbprints(t *testing.T) {
	testKeys(t)
	c := newChain(t)
	p := newIDPWith(t, c.serve)
	p.setKeys(t, map[string]crypto.Signer{"k1": ecKey})
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: c.clientConfig()}}
	root, leaf := sha1Hex(c.root), sha1Hex(c.leaf)
	for _, tc := range []struct {
		name   string
		check  bool
		thumbs []string
		ok     bool
	}{
		{"root thumbprint", true, []string{root}, true},
		{"uppercase root thumbprint among others", true, []string{leaf, strings.ToUpper(root)}, true},
		{"leaf thumbprint is the wrong one", true, []string{leaf}, false},
		{"mismatch", true, []string{"6938fd4d98bab03faadb97b34396831e3780aea1"}, false},
		{"empty list", true, nil, false},
		{"mismatch ignored when checking is off", false, []string{"6938fd4d98bab03faadb97b34396831e3780aea1"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := NewVerifier(VerifierOptions{HTTPClient: client, Now: newClock().Now, CheckThumbprints: tc.check})
			prov := Provider{URL: p.srv.URL, ClientIDs: []string{"sts.amazonaws.com"}, Thumbprints: tc.thumbs}
			_, err := v.Verify(context.Background(), sign(t, ecKey, "k1", claimsAt(prov.URL, testEpoch)), prov)
			if tc.ok {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalidToken) || Message(err) != msgThumbprint {
				t.Fatalf("err = %v, want thumbprint mismatch", err)
			}
		})
	}
}
