package iam

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/berth-dev/berth/internal/store"
)

// OIDCProvider is a registered OpenID Connect identity provider: whose
// tokens AssumeRoleWithWebIdentity accepts, for which audiences.
//
// Field names are IAM's member names, as in GetOpenIDConnectProvider's
// response.
type OIDCProvider struct {
	Arn string
	// Url is the issuer URL without its scheme, as AWS keys providers,
	// builds their ARNs and returns their Url.
	Url string
	// Issuer is the URL as registered, scheme included (https://, or
	// http:// for berth's built-in issuer).
	Issuer string
	// ClientIDList holds the accepted audiences (aud claims).
	ClientIDList []string
	// ThumbprintList holds SHA-1 fingerprints of the issuer's certificates.
	ThumbprintList []string
	Tags           []Tag `json:",omitempty"`
	CreateDate     time.Time
}

// Limits of a provider (IAM User Guide, "IAM and AWS STS quotas").
const (
	maxClientIDs   = 100
	maxThumbprints = 5
)

// providerKey validates an issuer URL and returns the key AWS files the
// provider under: the URL without its scheme.
//
// AWS requires https://. berth also accepts http://, because its built-in
// issuer serves on http://127.0.0.1; both schemes map to the same key, so
// one host cannot be registered twice under different schemes.
func providerKey(raw string) (string, error) {
	var c checks
	c.str("url", raw, 1, 255, nil, "")
	if err := c.err(); err != nil {
		return "", err
	}
	rest, ok := cutScheme(raw)
	host, _, _ := strings.Cut(rest, "/")
	if !ok || !validHost(host) || strings.ContainsAny(rest, "?#") || strings.IndexFunc(rest, badURLRune) >= 0 {
		return "", errInvalidInput("Invalid Open ID Connect Provider URL %s: it must begin with https:// and contain no query or fragment.", raw)
	}
	return rest, nil
}

// cutScheme strips https:// or http:// (in any case) from u.
func cutScheme(u string) (string, bool) {
	for _, s := range []string{"https://", "http://"} {
		if len(u) >= len(s) && strings.EqualFold(u[:len(s)], s) {
			return u[len(s):], true
		}
	}
	return u, false
}

func badURLRune(r rune) bool { return r <= ' ' || r == 0x7f }

// validHost accepts host[:port] where host is a DNS name, an IPv4 address
// or a bracketed IPv6 address, and port is decimal.
func validHost(h string) bool {
	name, port := h, ""
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.HasSuffix(h, "]") {
		name, port = h[:i], h[i+1:]
		if port == "" || strings.IndexFunc(port, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
			return false
		}
	}
	if strings.HasPrefix(name, "[") && strings.HasSuffix(name, "]") {
		return len(name) > 2 && strings.IndexFunc(name[1:len(name)-1], func(r rune) bool { return !isHex(r) && r != ':' && r != '.' }) < 0
	}
	return name != "" && strings.IndexFunc(name, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_')
	}) < 0
}

// checkThumbprints validates a ThumbprintList: at most 5 of 40 hex digits.
func checkThumbprints(tps []string) error {
	var c checks
	for i, tp := range tps {
		c.str(fmt.Sprintf("thumbprintList.%d.member", i+1), tp, 40, 40, nil, "")
	}
	if err := c.err(); err != nil {
		return err
	}
	if len(tps) > maxThumbprints {
		return errInvalidInput("Thumbprint list must contain at most %d entries.", maxThumbprints)
	}
	for _, tp := range tps {
		if strings.IndexFunc(tp, func(r rune) bool { return !isHex(r) }) >= 0 {
			return errInvalidInput("Thumbprint %s is not a valid SHA-1 fingerprint of 40 hexadecimal digits.", tp)
		}
	}
	return nil
}

func isHex(r rune) bool { return r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F' }

// checkClientIDs validates client ids (audiences): 1..255 characters each.
func checkClientIDs(field string, ids []string) error {
	var c checks
	for i, id := range ids {
		c.str(fmt.Sprintf("%s.%d.member", field, i+1), id, 1, 255, nil, "")
	}
	if err := c.err(); err != nil {
		return err
	}
	if len(ids) > maxClientIDs {
		return errLimitExceeded("Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: %d", maxClientIDs)
	}
	return nil
}

// dedupe keeps the first occurrence of each string, in order.
func dedupe(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// loadProvider finds a provider by ARN.
func (a *API) loadProvider(ctx context.Context, arn string) (*OIDCProvider, error) {
	account, key, ok := parseOIDCARN(arn)
	if !ok {
		return nil, errInvalidARN(arn)
	}
	if account != a.account {
		return nil, errNoSuchProvider(arn)
	}
	var p OIDCProvider
	err := a.st.Get(ctx, kindOIDC, key, &p)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoSuchProvider(arn)
	}
	if err != nil {
		return nil, storeErr("get oidc provider", arn, err)
	}
	return &p, nil
}

// saveProvider writes p back.
func (a *API) saveProvider(ctx context.Context, p *OIDCProvider) error {
	if err := a.st.Put(ctx, kindOIDC, p.Url, p); err != nil {
		return storeErr("put oidc provider", p.Arn, err)
	}
	return nil
}
