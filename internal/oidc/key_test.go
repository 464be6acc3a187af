package oidc

import (
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestLoadOrCreateKeyPersists(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "oidc", "issuer.pem")
	k1, err := LoadOrCreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := k1.(*ecdsa.PrivateKey); !ok {
		t.Fatalf("created key is %T, want ECDSA", k1)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %o, want 600", fi.Mode().Perm())
	}
	k2, err := LoadOrCreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if !k1.(*ecdsa.PrivateKey).Equal(k2) {
		t.Fatal("key changed across restarts")
	}
	// Same key, same kid: tokens minted before a restart verify after it.
	i1, err := NewIssuer("http://127.0.0.1:4566/_berth/oidc", k1)
	if err != nil {
		t.Fatal(err)
	}
	i2, err := NewIssuer("http://127.0.0.1:4566/_berth/oidc", k2)
	if err != nil {
		t.Fatal(err)
	}
	if i1.keys.keys[0].KeyID != i2.keys.keys[0].KeyID {
		t.Error("kid changed across restarts")
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("temp files left behind: %v", entries)
	}
}

func TestLoadKeyFormats(t *testing.T) {
	testKeys(t)
	dir := t.TempDir()
	write := func(name, typ string, der []byte, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ecDER, err := x509.MarshalECPrivateKey(ecKey)
	if err != nil {
		t.Fatal(err)
	}
	p384DER, err := x509.MarshalPKCS8PrivateKey(p384Key)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		path string
		want error // nil: loads
	}{
		{"SEC1 EC", write("ec.pem", "EC PRIVATE KEY", ecDER, 0o600), nil},
		{"PKCS1 RSA", write("rsa.pem", "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsaKey), 0o600), nil},
		{"PKCS1 RSA-1024 refused", write("weak.pem", "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsaWeak), 0o600), errKeyType},
		{"P-384 refused", write("p384.pem", "PRIVATE KEY", p384DER, 0o600), errKeyType},
		{"certificate is not a key", write("cert.pem", "CERTIFICATE", []byte{1, 2, 3}, 0o600), errKeyPEM},
		{"world-readable refused", write("open.pem", "EC PRIVATE KEY", ecDER, 0o644), errKeyPerm},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want == errKeyPerm && runtime.GOOS == "windows" {
				t.Skip("no POSIX modes")
			}
			// WriteFile honours umask; force the mode under test.
			fi, _ := os.Stat(tc.path)
			if tc.want == errKeyPerm && fi.Mode().Perm()&0o077 == 0 {
				if err := os.Chmod(tc.path, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			k, err := LoadOrCreateKey(tc.path)
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				if _, err := NewIssuer("http://localhost/x", k); err != nil {
					t.Fatalf("NewIssuer with loaded key: %v", err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
	garbage := filepath.Join(dir, "garbage.pem")
	if err := os.WriteFile(garbage, []byte("not pem"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateKey(garbage); !errors.Is(err, errKeyPEM) {
		t.Errorf("garbage: err = %v", err)
	}
}
