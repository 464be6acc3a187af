package oidc

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

var (
	errKeyPerm = errors.New("key file is readable by group or others; chmod 600 it")
	errKeyPEM  = errors.New("no PEM private key block")
	errKeyType = errors.New("key must be ECDSA P-256 or RSA of at least 2048 bits")
)

// LoadOrCreateKey returns the built-in issuer's signing key stored at path
// as PEM (PKCS#8, or SEC1/PKCS#1). If the file does not exist it generates an
// ECDSA P-256 key and writes it with mode 0600 (directory 0700), so tokens
// minted before a restart still verify after it. An existing file readable by
// group or others is refused rather than silently trusted.
func LoadOrCreateKey(path string) (crypto.Signer, error) {
	key, err := loadKey(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	gen, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("oidc: create key %s: %w", path, err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(gen)
	if err != nil {
		return nil, fmt.Errorf("oidc: create key %s: %w", path, err)
	}
	if err := writeKeyFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return loadKey(path) // another process created it first
		}
		return nil, err
	}
	return gen, nil
}

func loadKey(path string) (crypto.Signer, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("oidc: load key %s: %w", path, err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("oidc: load key %s: %w (mode %o)", path, errKeyPerm, fi.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("oidc: load key %s: %w", path, err)
	}
	key, err := parseKeyPEM(data)
	if err != nil {
		return nil, fmt.Errorf("oidc: load key %s: %w", path, err)
	}
	return key, nil
}

// parseKeyPEM decodes the first private key block and checks it is a type
// the issuer can sign with.
func parseKeyPEM(data []byte) (crypto.Signer, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errKeyPEM
	}
	var (
		key any
		err error
	)
	switch block.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("%w (found %q)", errKeyPEM, block.Type)
	}
	if err != nil {
		return nil, err
	}
	signer, ok := key.(crypto.Signer)
	if !ok || signingAlg(signer.Public()) == "" {
		return nil, errKeyType
	}
	return signer, nil
}

// writeKeyFile writes data to a private temp file in the same directory and
// links it into place, so the key appears whole or not at all and an
// existing key is not overwritten (the link fails with fs.ErrExist).
func writeKeyFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("oidc: create key %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, ".oidc-key-*")
	if err != nil {
		return fmt.Errorf("oidc: create key %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("oidc: create key %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("oidc: create key %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("oidc: create key %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("oidc: create key %s: %w", path, err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("oidc: create key %s: %w", path, err)
		}
		// Hard links unsupported here: fall back to a rename, which is
		// still atomic but could replace a key created concurrently.
		if err := os.Rename(tmp.Name(), path); err != nil {
			return fmt.Errorf("oidc: create key %s: %w", path, err)
		}
	}
	return nil
}

// signingAlg is the JWS algorithm the issuer uses for a public key, or ""
// when berth cannot sign with it.
func signingAlg(pub crypto.PublicKey) string {
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		if k.Curve == elliptic.P256() {
			return "ES256"
		}
	case *rsa.PublicKey:
		if k.N.BitLen() >= minRSABits {
			return "RS256"
		}
	}
	return ""
}
