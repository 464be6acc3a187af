package ingress

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/textproto"
	"strings"
)

// errHeadTooLarge means a response head does not fit the connection's read
// buffer; the exchange then falls back to nothing clever and fails (502).
var errHeadTooLarge = errors.New("ingress: upstream response head too large")

// respHead is what the proxy needs from an upstream response head; the
// header fields themselves go straight into the client's header map.
type respHead struct {
	status        int
	contentLength int64 // -1: unknown (chunked or until close)
	chunked       bool
	close         bool // the connection cannot carry another request
	noBody        bool
	eventStream   bool
}

// readHead reads the final (non-1xx) response head from br, writing its
// end-to-end header fields into h. It copies the head into one string and
// slices keys and values from it, so a typical response costs a handful
// of allocations instead of net/http's dozens. On error h may hold part of
// the head; the caller resets it.
func readHead(br *bufio.Reader, method string, h http.Header) (respHead, error) {
	for {
		raw, err := peekHead(br)
		if err != nil {
			return respHead{}, err
		}
		status, minor, err := parseStatusLine(raw)
		if err != nil {
			return respHead{}, err
		}
		if status >= 100 && status < 200 {
			br.Discard(len(raw))
			if status == http.StatusSwitchingProtocols {
				return respHead{}, fmt.Errorf("ingress: read response: unrequested upgrade: %w", ErrBadResponse)
			}
			continue // 100 Continue, 103 Early Hints: not forwarded
		}
		s := string(raw)
		br.Discard(len(raw))
		return parseHead(s, status, minor, method, h)
	}
}

// peekHead returns the buffered bytes of the next head, through its blank
// line, without consuming them.
func peekHead(br *bufio.Reader) ([]byte, error) {
	if _, err := br.Peek(1); err != nil {
		return nil, fmt.Errorf("ingress: read response: %w", err)
	}
	from := 0
	for {
		buf, _ := br.Peek(br.Buffered())
		if end := headEnd(buf, from); end > 0 {
			return buf[:end], nil
		}
		if len(buf) >= br.Size() {
			return nil, errHeadTooLarge
		}
		from = max(0, len(buf)-3)
		if _, err := br.Peek(len(buf) + 1); err != nil {
			return nil, fmt.Errorf("ingress: read response: %w", err)
		}
	}
}

// headEnd finds the end of a head ("\n\r\n" or a lenient "\n\n") in buf,
// searching from from; it returns the length through the blank line, or 0.
func headEnd(buf []byte, from int) int {
	for {
		i := bytes.IndexByte(buf[from:], '\n')
		if i < 0 {
			return 0
		}
		j := from + i + 1
		if j < len(buf) && buf[j] == '\n' {
			return j + 1
		}
		if j+1 < len(buf) && buf[j] == '\r' && buf[j+1] == '\n' {
			return j + 2
		}
		from = j
	}
}

// parseStatusLine reads "HTTP/1.x NNN reason".
func parseStatusLine(raw []byte) (status, minor int, err error) {
	line := raw
	if i := bytes.IndexByte(raw, '\n'); i >= 0 {
		line = raw[:i]
	}
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) || line[8] != ' ' ||
		(len(line) > 12 && line[12] != ' ') {
		return 0, 0, fmt.Errorf("ingress: status line %q: %w", truncate(line), ErrBadResponse)
	}
	if line[7] != '0' && line[7] != '1' {
		return 0, 0, fmt.Errorf("ingress: status line %q: %w", truncate(line), ErrBadResponse)
	}
	for _, c := range line[9:12] {
		if c < '0' || c > '9' {
			return 0, 0, fmt.Errorf("ingress: status line %q: %w", truncate(line), ErrBadResponse)
		}
		status = status*10 + int(c-'0')
	}
	if status < 100 {
		return 0, 0, fmt.Errorf("ingress: status line %q: %w", truncate(line), ErrBadResponse)
	}
	return status, int(line[7] - '0'), nil
}

func truncate(b []byte) []byte {
	if len(b) > 64 {
		return b[:64]
	}
	return b
}

// parseHead parses the header fields of s (which starts with the status
// line) into h and works out the body framing (RFC 9112 §6.3).
func parseHead(s string, status, minor int, method string, h http.Header) (respHead, error) {
	rh := respHead{status: status, contentLength: -1, close: minor == 0}
	rest := s[strings.IndexByte(s, '\n')+1:]
	vals := make([]string, strings.Count(rest, "\n")+1)
	nv := 0
	var te, cl string
	var hop []string // extra hop-by-hop names from Connection
	for rest != "" {
		line := rest
		rest = ""
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line, rest = line[:i], line[i+1:]
		}
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			return rh, fmt.Errorf("ingress: obsolete header folding: %w", ErrBadResponse)
		}
		colon := strings.IndexByte(line, ':')
		if colon <= 0 || !validToken(line[:colon]) {
			return rh, fmt.Errorf("ingress: header line %q: %w", truncate([]byte(line)), ErrBadResponse)
		}
		key := canonicalKey(line[:colon])
		val := strings.Trim(line[colon+1:], " \t")
		if !validFieldValue(val) {
			// A bare CR could split the response the client sees.
			return rh, fmt.Errorf("ingress: control character in %s: %w", key, ErrBadResponse)
		}
		switch key {
		case "Content-Length":
			if cl != "" && cl != val {
				return rh, fmt.Errorf("ingress: conflicting Content-Length: %w", ErrBadResponse)
			}
			cl = val
		case "Transfer-Encoding":
			te = val
			continue
		case "Connection":
			for tok := range strings.SplitSeq(val, ",") {
				switch tok = strings.TrimSpace(tok); strings.ToLower(tok) {
				case "close":
					rh.close = true
				case "keep-alive":
					if minor == 0 {
						rh.close = false
					}
				case "", "upgrade":
				default:
					hop = append(hop, textproto.CanonicalMIMEHeaderKey(tok))
				}
			}
			continue
		case "Keep-Alive", "Proxy-Connection", "Te", "Upgrade", "Proxy-Authenticate":
			continue
		case "X-Request-Id":
			delete(h, key) // the backend's id wins over the generated one
		case "Content-Type":
			rh.eventStream = strings.HasPrefix(val, "text/event-stream")
		}
		if old := h[key]; len(old) > 0 {
			h[key] = append(old, val)
			continue
		}
		vals[nv] = val
		h[key] = vals[nv : nv+1 : nv+1]
		nv++
	}
	for _, k := range hop {
		delete(h, k)
	}
	return rh, frame(&rh, method, te, cl, h)
}

// frame decides how the body is delimited.
func frame(rh *respHead, method, te, cl string, h http.Header) error {
	if method == http.MethodHead || rh.status == http.StatusNoContent || rh.status == http.StatusNotModified {
		rh.noBody = true
		rh.contentLength = 0
		return nil
	}
	if te != "" {
		if !strings.EqualFold(strings.TrimSpace(te), "chunked") {
			return fmt.Errorf("ingress: transfer encoding %q: %w", te, ErrBadResponse)
		}
		rh.chunked = true
		delete(h, "Content-Length") // RFC 9112 §6.3: chunked wins
		return nil
	}
	if cl != "" {
		n, ok := parseContentLength(cl)
		if !ok {
			return fmt.Errorf("ingress: Content-Length %q: %w", cl, ErrBadResponse)
		}
		rh.contentLength = n
		return nil
	}
	rh.close = true // delimited by the connection closing
	return nil
}

func parseContentLength(s string) (int64, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// validToken reports an RFC 9110 token (header field name).
func validToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return s != ""
}

// canonicalKey returns k itself when it is already in canonical form (the
// common case: no allocation), else its canonical copy.
func canonicalKey(k string) string {
	upper := true
	for i := 0; i < len(k); i++ {
		c := k[i]
		if upper && c >= 'a' && c <= 'z' || !upper && c >= 'A' && c <= 'Z' {
			return textproto.CanonicalMIMEHeaderKey(k)
		}
		upper = c == '-'
	}
	return k
}
