package oidc

import (
	"context"
	"crypto/sha1"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

var errNoCertificates = errors.New("server presented no certificate")

// Thumbprint connects to the host of rawURL (port 443 unless the URL names
// one; a bare host name is taken as https://host) and returns the lowercase
// hex SHA-1 of the last certificate in the chain the server presents: the
// value IAM stores in an OpenID Connect provider's ThumbprintList, and what
// `openssl s_client -showcerts` piped through `openssl x509 -fingerprint
// -sha1` prints for the last certificate.
//
// cfg nil verifies the chain against the system roots; pass a config with
// RootCAs (or InsecureSkipVerify, to behave like openssl) for private CAs.
func Thumbprint(ctx context.Context, rawURL string, cfg *tls.Config) (string, error) {
	if !strings.Contains(rawURL, "://") {
		rawURL = "https://" + rawURL
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("oidc: thumbprint %s: %w", rawURL, err)
	}
	if u.Scheme != "https" || u.Hostname() == "" {
		return "", fmt.Errorf("oidc: thumbprint %s: need an https URL", rawURL)
	}
	port := u.Port()
	if port == "" {
		port = "443"
	}
	d := tls.Dialer{Config: cfg}
	if cfg == nil {
		d.Config = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(u.Hostname(), port))
	if err != nil {
		return "", fmt.Errorf("oidc: thumbprint %s: %w", rawURL, err)
	}
	defer conn.Close()
	tc, ok := conn.(*tls.Conn)
	if !ok {
		return "", fmt.Errorf("oidc: thumbprint %s: not a TLS connection", rawURL)
	}
	certs := tc.ConnectionState().PeerCertificates
	if len(certs) == 0 {
		return "", fmt.Errorf("oidc: thumbprint %s: %w", rawURL, errNoCertificates)
	}
	return certSHA1(certs[len(certs)-1]), nil
}

// certSHA1 is the SHA-1 of a certificate's DER bytes in lowercase hex. SHA-1
// is what IAM uses here; it identifies a certificate, it does not secure it.
func certSHA1(c *x509.Certificate) string {
	sum := sha1.Sum(c.Raw)
	return hex.EncodeToString(sum[:])
}
