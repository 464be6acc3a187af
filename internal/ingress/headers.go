package ingress

import (
	"bufio"
	"net"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
)

// skipRequestHeader reports headers the proxy never copies upstream: the
// hop-by-hop set of RFC 9110 §7.6.1 (and its de-facto companions), framing
// the proxy recomputes, and the X-Forwarded-*/X-Request-Id headers it sets.
func skipRequestHeader(k string) bool {
	switch k {
	case "Connection", "Keep-Alive", "Proxy-Connection", "Te", "Trailer",
		"Transfer-Encoding", "Upgrade", "Proxy-Authorization", "Http2-Settings",
		"Content-Length", "Expect", "Host",
		"X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Request-Id":
		return true
	}
	return false
}

// skipResponseHeader reports hop-by-hop headers of an upstream response.
func skipResponseHeader(k string) bool {
	switch k {
	case "Connection", "Keep-Alive", "Proxy-Connection", "Te", "Trailer",
		"Transfer-Encoding", "Upgrade", "Proxy-Authenticate":
		return true
	}
	return false
}

// connectionTokens lists the extra hop-by-hop headers a Connection header
// names (beyond close/keep-alive/upgrade), canonicalized. Nil, without
// allocating, in the common case.
func connectionTokens(h http.Header) []string {
	var out []string
	for _, v := range h["Connection"] {
		for tok := range strings.SplitSeq(v, ",") {
			tok = strings.TrimSpace(tok)
			switch strings.ToLower(tok) {
			case "", "close", "keep-alive", "upgrade":
				continue
			}
			out = append(out, textproto.CanonicalMIMEHeaderKey(tok))
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// hasToken reports whether a comma-separated header contains tok
// (case-insensitive), as in "Connection: keep-alive, Upgrade".
func hasToken(values []string, tok string) bool {
	for _, v := range values {
		for t := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), tok) {
				return true
			}
		}
	}
	return false
}

// clientIP is the peer address without its port.
func clientIP(remoteAddr string) string {
	if host, _, err := net.SplitHostPort(remoteAddr); err == nil {
		return host
	}
	return remoteAddr
}

// requestTarget is the origin-form target to send upstream.
func requestTarget(r *http.Request) string {
	if u := r.RequestURI; u != "" && (u[0] == '/' || u == "*") {
		return u
	}
	return r.URL.RequestURI()
}

// writeRequestHead writes the upstream HTTP/1.1 request line and headers,
// straight into the connection's buffer (no intermediate Header clone).
// bodyLen follows http.Request.ContentLength: -1 means chunked.
func writeRequestHead(bw *bufio.Writer, r *http.Request, rid string, bodyLen int64, upgrade string) {
	bw.WriteString(r.Method)
	bw.WriteByte(' ')
	bw.WriteString(requestTarget(r))
	bw.WriteString(" HTTP/1.1\r\nHost: ")
	bw.WriteString(r.Host)
	bw.WriteString("\r\n")
	extra := connectionTokens(r.Header)
	for k, vv := range r.Header {
		if skipRequestHeader(k) || (extra != nil && contains(extra, k)) {
			continue
		}
		for _, v := range vv {
			writeHeaderLine(bw, k, v)
		}
	}
	bw.WriteString("X-Forwarded-For: ")
	for _, v := range r.Header["X-Forwarded-For"] {
		bw.WriteString(v)
		bw.WriteString(", ")
	}
	bw.WriteString(clientIP(r.RemoteAddr))
	if r.TLS != nil {
		bw.WriteString("\r\nX-Forwarded-Proto: https\r\n")
	} else {
		bw.WriteString("\r\nX-Forwarded-Proto: http\r\n")
	}
	writeHeaderLine(bw, "X-Forwarded-Host", r.Host)
	writeHeaderLine(bw, "X-Request-Id", rid)
	if upgrade != "" {
		bw.WriteString("Connection: Upgrade\r\n")
		writeHeaderLine(bw, "Upgrade", upgrade)
	}
	switch {
	case bodyLen < 0:
		bw.WriteString("Transfer-Encoding: chunked\r\n")
	case bodyLen > 0 || methodExpectsBody(r.Method):
		var num [20]byte
		bw.WriteString("Content-Length: ")
		bw.Write(strconv.AppendInt(num[:0], bodyLen, 10))
		bw.WriteString("\r\n")
	}
	bw.WriteString("\r\n")
}

func writeHeaderLine(bw *bufio.Writer, k, v string) {
	bw.WriteString(k)
	bw.WriteString(": ")
	bw.WriteString(v)
	bw.WriteString("\r\n")
}

// methodExpectsBody mirrors net/http: these methods send Content-Length: 0
// for an empty body, which some servers require.
func methodExpectsBody(m string) bool {
	return m == http.MethodPost || m == http.MethodPut || m == http.MethodPatch
}

// idempotent reports methods safe to send twice.
func idempotent(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// hasBody reports whether the request carries body bytes to forward.
func hasBody(r *http.Request) bool {
	return r.Body != nil && r.Body != http.NoBody && r.ContentLength != 0
}

// isEventStream reports a text/event-stream response, which must be
// flushed on every write.
func isEventStream(h http.Header) bool {
	v := h["Content-Type"]
	return len(v) > 0 && strings.HasPrefix(strings.ToLower(v[0]), "text/event-stream")
}
