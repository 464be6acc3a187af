package ca

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"net"
	"strings"
	"time"
)

const (
	// leafValidity is short because leaves live only in memory and are
	// re-issued for free; renewBefore keeps a long-running server from ever
	// serving an expired leaf.
	leafValidity = 30 * 24 * time.Hour
	renewBefore  = 7 * 24 * time.Hour
	// maxCachedLeaves bounds memory when clients send many distinct deep
	// SNI names; the cache is simply reset when it fills.
	maxCachedLeaves = 1024
)

// Issue returns a leaf certificate, signed by the root, valid for names (DNS
// names, "*.domain" wildcards or IP addresses). Leaves are cached by their
// name list and re-issued a week before they expire.
func (c *CA) Issue(names ...string) (*tls.Certificate, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("ca: issue: no names: %w", ErrBadName)
	}
	key := strings.Join(names, ",")
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if leaf, ok := c.leaves[key]; ok && now.Add(renewBefore).Before(leaf.Leaf.NotAfter) {
		return leaf, nil
	}
	leaf, err := c.sign(names, now)
	if err != nil {
		return nil, err
	}
	if len(c.leaves) >= maxCachedLeaves {
		clear(c.leaves)
	}
	c.leaves[key] = leaf
	return leaf, nil
}

func (c *CA) sign(names []string, now time.Time) (*tls.Certificate, error) {
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{Organization: []string{"berth"}, CommonName: names[0]},
		NotBefore:   now.Add(-time.Hour),
		NotAfter:    now.Add(leafValidity),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
			continue
		}
		if !validDNSName(n) {
			return nil, fmt.Errorf("ca: issue %q: %w", n, ErrBadName)
		}
		tmpl.DNSNames = append(tmpl.DNSNames, n)
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	tmpl.SerialNumber = serial
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("ca: issue %s: generate key: %w", names[0], err)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, c.cert, &key.PublicKey, c.key)
	if err != nil {
		return nil, fmt.Errorf("ca: issue %s: %w", names[0], err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("ca: issue %s: parse: %w", names[0], err)
	}
	return &tls.Certificate{
		Certificate: [][]byte{der, c.cert.Raw},
		PrivateKey:  key,
		Leaf:        leaf,
	}, nil
}

// ServerConfig returns a TLS config for the ingress. Leaves are chosen by
// SNI: the default leaf covers localhost, 127.0.0.1, ::1 and, for each base
// domain, the domain itself and "*.domain"; a name deeper under a base
// domain (a.b.domain, which a wildcard cannot cover) gets its own leaf.
// Other names, and clients without SNI, get the default leaf. ALPN offers
// h2 then http/1.1.
func (c *CA) ServerConfig(domains ...string) *tls.Config {
	base := make([]string, 0, len(domains))
	for _, d := range domains {
		if d = normalizeName(d); d != "" {
			base = append(base, d)
		}
	}
	defaults := []string{"localhost"}
	for _, d := range base {
		defaults = append(defaults, d, "*."+d)
	}
	defaults = append(defaults, "127.0.0.1", "::1")
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		NextProtos: []string{"h2", "http/1.1"},
		GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
			return c.Issue(leafNames(normalizeName(hello.ServerName), base, defaults)...)
		},
	}
}

// leafNames picks the name list of the leaf that serves sni.
func leafNames(sni string, base, defaults []string) []string {
	for _, d := range base {
		if !strings.HasSuffix(sni, "."+d) {
			continue
		}
		label := sni[:len(sni)-len(d)-1]
		if strings.Contains(label, ".") && validDNSName(sni) {
			return []string{sni}
		}
	}
	return defaults
}

func normalizeName(s string) string {
	return strings.ToLower(strings.TrimSuffix(s, "."))
}

// validDNSName accepts LDH labels (plus '_' which some tools emit) and a
// leading "*" wildcard label.
func validDNSName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for i, label := range strings.Split(s, ".") {
		if label == "*" && i == 0 {
			continue
		}
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for j := 0; j < len(label); j++ {
			ch := label[j]
			ok := ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_'
			if !ok {
				return false
			}
		}
	}
	return true
}
