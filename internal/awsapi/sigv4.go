package awsapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	sigAlgorithm     = "AWS4-HMAC-SHA256"
	amzDateFormat    = "20060102T150405Z"
	maxClockSkew     = 15 * time.Minute
	unsignedPayload  = "UNSIGNED-PAYLOAD"
	msgSigMismatch   = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	msgInvalidToken  = "The security token included in the request is invalid."
	msgExpiredToken  = "The security token included in the request is expired"
	msgMissingAuth   = "Request is missing Authentication Token"
	maxPresignExpiry = 7 * 24 * time.Hour
)

// Signature is a parsed SigV4 signature, from the Authorization header or
// from a presigned URL's query string.
type Signature struct {
	AccessKeyID   string
	Date          string // yyyymmdd from the credential scope
	Region        string
	Service       string
	SignedHeaders []string
	Signature     string
	Time          time.Time // X-Amz-Date
	SecurityToken string
	Presigned     bool
	Expires       time.Duration // presigned only
}

// ParseSignature extracts the SigV4 signature of r. It returns (nil, nil)
// when the request carries no authentication at all.
func ParseSignature(r *http.Request) (*Signature, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		return parseAuthHeader(h, r.Header)
	}
	q := r.URL.Query()
	if q.Get("X-Amz-Algorithm") != "" || q.Get("X-Amz-Credential") != "" || q.Get("X-Amz-Signature") != "" {
		return parsePresigned(q)
	}
	return nil, nil
}

func incomplete(msg string) error { return &authError{kind: authIncomplete, msg: msg} }

func parseAuthHeader(h string, hdr http.Header) (*Signature, error) {
	alg, rest, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || alg != sigAlgorithm {
		return nil, incomplete("Unsupported AWS 'algorithm': only " + sigAlgorithm + " is accepted.")
	}
	s := &Signature{}
	var cred, signed string
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, incomplete("Authorization header requires each component to be of the form key=value.")
		}
		switch k {
		case "Credential":
			cred = v
		case "SignedHeaders":
			signed = v
		case "Signature":
			s.Signature = v
		}
	}
	var missing []string
	for _, m := range [][2]string{{"Credential", cred}, {"SignedHeaders", signed}, {"Signature", s.Signature}} {
		if m[1] == "" {
			missing = append(missing, "Authorization header requires '"+m[0]+"' parameter.")
		}
	}
	date := hdr.Get("X-Amz-Date")
	if date == "" {
		date = hdr.Get("Date")
	}
	if date == "" {
		missing = append(missing, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
	}
	if len(missing) > 0 {
		return nil, incomplete(strings.Join(missing, " ") + " Authorization=" + h)
	}
	if err := s.setCredential(cred); err != nil {
		return nil, err
	}
	s.SignedHeaders = strings.Split(signed, ";")
	t, err := parseAmzDate(date)
	if err != nil {
		return nil, err
	}
	s.Time = t
	s.SecurityToken = hdr.Get("X-Amz-Security-Token")
	return s, nil
}

func parsePresigned(q url.Values) (*Signature, error) {
	if q.Get("X-Amz-Algorithm") != sigAlgorithm {
		return nil, incomplete("Unsupported AWS 'algorithm': only " + sigAlgorithm + " is accepted.")
	}
	s := &Signature{Presigned: true, Signature: q.Get("X-Amz-Signature"), SecurityToken: q.Get("X-Amz-Security-Token")}
	for _, k := range []string{"X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Signature"} {
		if q.Get(k) == "" {
			return nil, incomplete("AWS query-string parameters must include '" + k + "'.")
		}
	}
	if err := s.setCredential(q.Get("X-Amz-Credential")); err != nil {
		return nil, err
	}
	s.SignedHeaders = strings.Split(q.Get("X-Amz-SignedHeaders"), ";")
	t, err := parseAmzDate(q.Get("X-Amz-Date"))
	if err != nil {
		return nil, err
	}
	s.Time = t
	if q.Get("X-Amz-Expires") == "" {
		return s, nil // no explicit expiry: the 15-minute skew window applies
	}
	exp, err := strconv.Atoi(q.Get("X-Amz-Expires"))
	if err != nil || exp < 1 || time.Duration(exp)*time.Second > maxPresignExpiry {
		return nil, incomplete("X-Amz-Expires must be an integer between 1 and 604800 seconds.")
	}
	s.Expires = time.Duration(exp) * time.Second
	return s, nil
}

func (s *Signature) setCredential(cred string) error {
	parts := strings.Split(cred, "/")
	if len(parts) != 5 || parts[4] != "aws4_request" || parts[0] == "" || len(parts[1]) != 8 || parts[2] == "" || parts[3] == "" {
		return incomplete("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/aws4_request, got '" + cred + "'.")
	}
	s.AccessKeyID, s.Date, s.Region, s.Service = parts[0], parts[1], parts[2], parts[3]
	return nil
}

func parseAmzDate(v string) (time.Time, error) {
	t, err := time.Parse(amzDateFormat, v)
	if err != nil {
		if t2, err2 := http.ParseTime(v); err2 == nil {
			return t2.UTC(), nil
		}
		return time.Time{}, incomplete("Date must be in ISO-8601 'basic format'. Got '" + v + "'. See http://en.wikipedia.org/wiki/ISO_8601")
	}
	return t, nil
}

// checkTime enforces AWS's 15-minute skew window (and presigned expiry).
func (s *Signature) checkTime(now time.Time) error {
	f := func(t time.Time) string { return t.UTC().Format(amzDateFormat) }
	if s.Presigned && s.Expires > 0 {
		if now.After(s.Time.Add(s.Expires)) {
			return &authError{kind: authBadSignature, msg: "Signature expired: " + f(s.Time.Add(s.Expires)) + " is now earlier than " + f(now) + "."}
		}
		if s.Time.After(now.Add(maxClockSkew)) {
			return &authError{kind: authBadSignature, msg: "Signature not yet current: " + f(s.Time) + " is still later than " + f(now.Add(maxClockSkew)) + " (" + f(now) + " + 15 min.)"}
		}
		return nil
	}
	if s.Time.Before(now.Add(-maxClockSkew)) {
		return &authError{kind: authBadSignature, msg: "Signature expired: " + f(s.Time) + " is now earlier than " + f(now.Add(-maxClockSkew)) + " (" + f(now) + " - 15 min.)"}
	}
	if s.Time.After(now.Add(maxClockSkew)) {
		return &authError{kind: authBadSignature, msg: "Signature not yet current: " + f(s.Time) + " is still later than " + f(now.Add(maxClockSkew)) + " (" + f(now) + " + 15 min.)"}
	}
	if s.Time.Format("20060102") != s.Date {
		return &authError{kind: authBadSignature, msg: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" + s.Date + "' != '" + s.Time.Format("20060102") + "', from '" + f(s.Time) + "'."}
	}
	return nil
}

// payloadHash returns the hash to use in the canonical request, checking a
// declared x-amz-content-sha256 against the body.
func payloadHash(r *http.Request, body []byte) (string, error) {
	declared := r.Header.Get("X-Amz-Content-Sha256")
	if declared == unsignedPayload {
		return unsignedPayload, nil
	}
	sum := sha256.Sum256(body)
	computed := hex.EncodeToString(sum[:])
	if declared != "" && declared != computed {
		if strings.HasPrefix(declared, "STREAMING-") {
			return "", incomplete("Streaming (chunked) payload signing is not supported by this service.")
		}
		return "", Errorf(CodeContentSHA256, "The provided 'x-amz-content-sha256' header does not match what was computed.")
	}
	return computed, nil
}

// Verify checks s against r, its body and the caller's secret at time now.
func (s *Signature) Verify(r *http.Request, body []byte, secret string, now time.Time) error {
	if err := s.checkTime(now); err != nil {
		return err
	}
	ph, err := payloadHash(r, body)
	if err != nil {
		return err
	}
	var sb strings.Builder
	sb.Grow(512)
	sb.WriteString(r.Method)
	sb.WriteByte('\n')
	sb.WriteString(canonicalURI(r.URL))
	sb.WriteByte('\n')
	sb.WriteString(canonicalQuery(r.URL, s.Presigned))
	sb.WriteByte('\n')
	for _, h := range s.SignedHeaders {
		sb.WriteString(h)
		sb.WriteByte(':')
		sb.WriteString(canonicalHeaderValue(r, h))
		sb.WriteByte('\n')
	}
	sb.WriteByte('\n')
	sb.WriteString(strings.Join(s.SignedHeaders, ";"))
	sb.WriteByte('\n')
	sb.WriteString(ph)
	crHash := sha256.Sum256([]byte(sb.String()))

	scope := s.Date + "/" + s.Region + "/" + s.Service + "/aws4_request"
	sts := sigAlgorithm + "\n" + s.Time.UTC().Format(amzDateFormat) + "\n" + scope + "\n" + hex.EncodeToString(crHash[:])
	key := signingKey(secret, s.Date, s.Region, s.Service)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(sts))
	want := hex.EncodeToString(mac.Sum(nil))
	if subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(s.Signature))) != 1 {
		return &authError{kind: authBadSignature, msg: msgSigMismatch}
	}
	return nil
}

func canonicalHeaderValue(r *http.Request, name string) string {
	var vals []string
	switch name {
	case "host":
		vals = []string{r.Host}
	case "content-length":
		vals = r.Header.Values("Content-Length")
		if len(vals) == 0 && r.ContentLength >= 0 {
			vals = []string{strconv.FormatInt(r.ContentLength, 10)}
		}
	default:
		vals = r.Header.Values(name)
	}
	for i, v := range vals {
		vals[i] = strings.Join(strings.Fields(v), " ")
	}
	return strings.Join(vals, ",")
}

func canonicalURI(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		return "/"
	}
	// Non-S3 services sign the already-escaped path escaped once more.
	return escape(p, false)
}

func canonicalQuery(u *url.URL, presigned bool) string {
	if u.RawQuery == "" {
		return ""
	}
	q := u.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		if presigned && k == "X-Amz-Signature" {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			parts = append(parts, escape(k, true)+"="+escape(v, true))
		}
	}
	return strings.Join(parts, "&")
}

// escape percent-encodes everything but RFC 3986 unreserved characters
// (and '/' unless encodeSlash).
func escape(s string, encodeSlash bool) string {
	const hexd = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encodeSlash) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexd[c>>4])
		b.WriteByte(hexd[c&15])
	}
	return b.String()
}

var keyCache = struct {
	sync.Mutex
	m map[string][]byte
}{m: map[string][]byte{}}

// signingKey derives (and caches) the SigV4 signing key; the derivation is
// four HMACs that would otherwise dominate verification time.
func signingKey(secret, date, region, service string) []byte {
	ck := secret + "\x00" + date + "\x00" + region + "\x00" + service
	keyCache.Lock()
	k, ok := keyCache.m[ck]
	keyCache.Unlock()
	if ok {
		return k
	}
	h := func(key []byte, data string) []byte {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(data))
		return m.Sum(nil)
	}
	k = h(h(h(h([]byte("AWS4"+secret), date), region), service), "aws4_request")
	keyCache.Lock()
	if len(keyCache.m) > 4096 {
		keyCache.m = map[string][]byte{}
	}
	keyCache.m[ck] = k
	keyCache.Unlock()
	return k
}
