package ca

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestLoadOrCreateReusesRoot(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	first, err := LoadOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]os.FileMode{CertFile: 0o644, KeyFile: 0o600, ".": 0o700} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s mode = %o, want %o", name, got, want)
		}
	}
	second, err := LoadOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Certificate().Equal(second.Certificate()) {
		t.Fatal("root changed across restarts")
	}
	if second.CertPath() != filepath.Join(dir, CertFile) {
		t.Errorf("CertPath = %s", second.CertPath())
	}
	if !second.Certificate().IsCA {
		t.Error("root is not a CA")
	}
}

func TestLoadOrCreateErrors(t *testing.T) {
	other := t.TempDir()
	otherCA, err := LoadOrCreate(other)
	if err != nil {
		t.Fatal(err)
	}
	otherKey, err := os.ReadFile(filepath.Join(other, KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		setup func(dir string)
		want  error
	}{
		{"cert without key", func(dir string) {
			os.WriteFile(filepath.Join(dir, CertFile), otherCA.CertPEM(), 0o644)
		}, ErrIncomplete},
		{"key without cert", func(dir string) {
			os.WriteFile(filepath.Join(dir, KeyFile), otherKey, 0o600)
		}, ErrIncomplete},
		{"key of another CA", func(dir string) {
			if _, err := LoadOrCreate(dir); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, KeyFile), otherKey, 0o600)
		}, ErrMismatch},
		{"garbage", func(dir string) {
			os.WriteFile(filepath.Join(dir, CertFile), []byte("nope"), 0o644)
			os.WriteFile(filepath.Join(dir, KeyFile), []byte("nope"), 0o600)
		}, ErrMismatch},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.setup(dir)
			if _, err := LoadOrCreate(dir); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestServerConfigLeaves(t *testing.T) {
	c, err := LoadOrCreate(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cfg := c.ServerConfig("us-east-1.apprunner.localhost.")
	cases := []struct {
		sni    string
		verify string
	}{
		{"abc123.us-east-1.apprunner.localhost", "abc123.us-east-1.apprunner.localhost"},
		{"ABC123.US-EAST-1.apprunner.localhost.", "abc123.us-east-1.apprunner.localhost"},
		{"us-east-1.apprunner.localhost", "us-east-1.apprunner.localhost"},
		{"deep.abc.us-east-1.apprunner.localhost", "deep.abc.us-east-1.apprunner.localhost"},
		{"localhost", "localhost"},
		{"", "127.0.0.1"},
		{"", "::1"},
	}
	for _, tc := range cases {
		t.Run(tc.sni+"/"+tc.verify, func(t *testing.T) {
			leaf, err := cfg.GetCertificate(&tls.ClientHelloInfo{ServerName: tc.sni})
			if err != nil {
				t.Fatal(err)
			}
			opts := x509.VerifyOptions{Roots: c.Pool(), DNSName: tc.verify}
			if _, err := leaf.Leaf.Verify(opts); err != nil {
				t.Fatalf("verify %s: %v", tc.verify, err)
			}
		})
	}
	a, _ := cfg.GetCertificate(&tls.ClientHelloInfo{ServerName: "x.us-east-1.apprunner.localhost"})
	b, _ := cfg.GetCertificate(&tls.ClientHelloInfo{ServerName: "y.us-east-1.apprunner.localhost"})
	if a != b {
		t.Error("wildcard leaf not shared from cache")
	}
}

func TestIssueRenewsNearExpiry(t *testing.T) {
	c, err := LoadOrCreate(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	first, err := c.Issue("localhost")
	if err != nil {
		t.Fatal(err)
	}
	c.now = func() time.Time { return time.Now().Add(leafValidity - time.Hour) }
	second, err := c.Issue("localhost")
	if err != nil {
		t.Fatal(err)
	}
	if first == second {
		t.Fatal("leaf near expiry was not re-issued")
	}
}

func TestIssueBadNames(t *testing.T) {
	c, err := LoadOrCreate(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, names := range [][]string{nil, {""}, {"a..b"}, {"-a.b"}, {"a b"}, {"a.*.b"}} {
		if _, err := c.Issue(names...); !errors.Is(err, ErrBadName) {
			t.Errorf("Issue(%q) err = %v, want ErrBadName", names, err)
		}
	}
}

func TestHandshakeNegotiatesH2(t *testing.T) {
	c, err := LoadOrCreate(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", c.ServerConfig("example.localhost"))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	done := make(chan error, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			done <- err
			return
		}
		defer conn.Close()
		done <- conn.(*tls.Conn).Handshake()
	}()
	conn, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{
		RootCAs:    c.Pool(),
		ServerName: "svc.example.localhost",
		NextProtos: []string{"h2", "http/1.1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if got := conn.ConnectionState().NegotiatedProtocol; got != "h2" {
		t.Errorf("ALPN = %q, want h2", got)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// FuzzLeafNames: whatever SNI a client sends, the chosen name list is
// either the defaults or one valid name under a base domain.
func FuzzLeafNames(f *testing.F) {
	base := []string{"us-east-1.apprunner.localhost"}
	defaults := []string{"localhost", base[0], "*." + base[0], "127.0.0.1", "::1"}
	for _, s := range []string{"", "localhost", "a.us-east-1.apprunner.localhost", "a.b.us-east-1.apprunner.localhost", "..us-east-1.apprunner.localhost", "x y.us-east-1.apprunner.localhost"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sni string) {
		got := leafNames(normalizeName(sni), base, defaults)
		if len(got) == 1 && !validDNSName(got[0]) {
			t.Fatalf("leaf for invalid name %q", got[0])
		}
		if len(got) != 1 && len(got) != len(defaults) {
			t.Fatalf("names %q", got)
		}
	})
}
