// Package ca is berth's local certificate authority: an ECDSA root created
// once in the data directory and reused on every start, which issues leaf
// certificates on demand for the names the ingress serves over HTTPS.
//
// Users trust the root once (CertPath names the PEM file to import) and every
// service URL berth hands out is then valid, the way AWS's public
// certificates are valid for *.awsapprunner.com.
package ca

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// File names inside the data directory. The key is private (0600); the
// certificate is meant to be read and imported into trust stores (0644).
const (
	CertFile = "ca.pem"
	KeyFile  = "ca-key.pem"
)

// rootValidity is long because re-trusting a new root is a manual chore for
// the user; the key never leaves the data directory.
const rootValidity = 10 * 365 * 24 * time.Hour

// Sentinel errors returned (wrapped) by this package.
var (
	// ErrIncomplete means only one of ca.pem / ca-key.pem exists: berth
	// refuses to overwrite the other half, since users may already trust it.
	ErrIncomplete = errors.New("ca: incomplete CA files")
	// ErrMismatch means ca-key.pem does not belong to ca.pem.
	ErrMismatch = errors.New("ca: key does not match certificate")
	// ErrNotCA means ca.pem is not a CA certificate.
	ErrNotCA = errors.New("ca: certificate is not a CA")
	// ErrBadName means a name asked for a leaf is empty or malformed.
	ErrBadName = errors.New("ca: bad certificate name")
)

// CA is a loaded root certificate and key plus a cache of issued leaves. It
// is safe for concurrent use.
type CA struct {
	dir     string
	cert    *x509.Certificate
	key     *ecdsa.PrivateKey
	certPEM []byte
	now     func() time.Time

	mu     sync.Mutex
	leaves map[string]*tls.Certificate
}

// LoadOrCreate loads the CA from dir, or creates it there (dir 0700, ca.pem
// 0644, ca-key.pem 0600) when neither file exists. It never overwrites an
// existing file: a half-present CA is an error (ErrIncomplete).
func LoadOrCreate(dir string) (*CA, error) {
	certPath := filepath.Join(dir, CertFile)
	keyPath := filepath.Join(dir, KeyFile)
	certOK, err := exists(certPath)
	if err != nil {
		return nil, err
	}
	keyOK, err := exists(keyPath)
	if err != nil {
		return nil, err
	}
	switch {
	case certOK && keyOK:
		return load(dir)
	case certOK || keyOK:
		return nil, fmt.Errorf("ca: load %s: %w", dir, ErrIncomplete)
	}
	return create(dir)
}

// CertPath is the path of the root certificate PEM, the file users import
// into their trust store (or pass as --ca-bundle / SSL_CERT_FILE).
func (c *CA) CertPath() string { return filepath.Join(c.dir, CertFile) }

// CertPEM returns the root certificate in PEM form.
func (c *CA) CertPEM() []byte { return append([]byte(nil), c.certPEM...) }

// Certificate returns the parsed root certificate.
func (c *CA) Certificate() *x509.Certificate { return c.cert }

// Pool returns a cert pool holding only the root, for clients that should
// trust berth's ingress (tests, health probes over HTTPS).
func (c *CA) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(c.cert)
	return p
}

func exists(path string) (bool, error) {
	_, err := os.Stat(path)
	if err == nil {
		return true, nil
	}
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return false, fmt.Errorf("ca: stat %s: %w", path, err)
}

func create(dir string) (*CA, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("ca: create dir %s: %w", dir, err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("ca: generate key: %w", err)
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	host, _ := os.Hostname()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject: pkix.Name{
			Organization:       []string{"berth local CA"},
			OrganizationalUnit: []string{host},
			CommonName:         "berth local CA " + serial.Text(16)[:8],
		},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(rootValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("ca: create root: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("ca: marshal key: %w", err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	// Key first: a crash between the two writes leaves ErrIncomplete, which
	// is loud, rather than a trusted certificate without its key.
	if err := writeAtomic(filepath.Join(dir, KeyFile), keyPEM, 0o600); err != nil {
		return nil, err
	}
	if err := writeAtomic(filepath.Join(dir, CertFile), certPEM, 0o644); err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("ca: parse root: %w", err)
	}
	return newCA(dir, cert, key, certPEM), nil
}

func load(dir string) (*CA, error) {
	certPath := filepath.Join(dir, CertFile)
	keyPath := filepath.Join(dir, KeyFile)
	certPEM, err := os.ReadFile(certPath)
	if err != nil {
		return nil, fmt.Errorf("ca: read %s: %w", certPath, err)
	}
	keyPEM, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, fmt.Errorf("ca: read %s: %w", keyPath, err)
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("ca: load %s: %w: %w", dir, ErrMismatch, err)
	}
	key, ok := pair.PrivateKey.(*ecdsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("ca: load %s: key is %T, want ECDSA: %w", dir, pair.PrivateKey, ErrMismatch)
	}
	cert, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		return nil, fmt.Errorf("ca: parse %s: %w", certPath, err)
	}
	if !cert.IsCA {
		return nil, fmt.Errorf("ca: load %s: %w", certPath, ErrNotCA)
	}
	return newCA(dir, cert, key, certPEM), nil
}

func newCA(dir string, cert *x509.Certificate, key *ecdsa.PrivateKey, certPEM []byte) *CA {
	return &CA{
		dir:     dir,
		cert:    cert,
		key:     key,
		certPEM: certPEM,
		now:     time.Now,
		leaves:  make(map[string]*tls.Certificate),
	}
}

func writeAtomic(path string, data []byte, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err != nil {
		return fmt.Errorf("ca: write %s: %w", path, err)
	}
	name := tmp.Name()
	defer os.Remove(name) // no-op after a successful rename
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return fmt.Errorf("ca: chmod %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("ca: write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("ca: sync %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("ca: close %s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		return fmt.Errorf("ca: rename %s: %w", path, err)
	}
	return nil
}

func randomSerial() (*big.Int, error) {
	limit := new(big.Int).Lsh(big.NewInt(1), 127)
	n, err := rand.Int(rand.Reader, limit)
	if err != nil {
		return nil, fmt.Errorf("ca: serial: %w", err)
	}
	return n.Add(n, big.NewInt(1)), nil
}
