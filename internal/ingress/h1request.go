package ingress

import (
	"net/http"
	"net/url"
	"strings"
)

// reqHead is a parsed HTTP/1.x request head; its header fields are in the
// http.Header passed to parseRequestHead.
type reqHead struct {
	method, target string
	minor          int
	host           string
	contentLength  int64 // -1 when chunked
	chunked        bool
	close          bool // the client wants the connection closed after this
	expectContinue bool
}

// requestError is a malformed request, answered with status and then
// the connection is closed.
type requestError struct {
	status int
	msg    string
}

func (e *requestError) Error() string { return "ingress: bad request: " + e.msg }

func badRequest(msg string) *requestError {
	return &requestError{status: http.StatusBadRequest, msg: msg}
}

// parseRequestHead parses s — a request line, header fields and the blank
// line — into h. It is strict where leniency enables request smuggling
// (Transfer-Encoding with Content-Length, conflicting lengths, folded
// lines, control bytes) and otherwise follows RFC 9112.
func parseRequestHead(s string, h http.Header) (reqHead, error) {
	var rq reqHead
	i := strings.IndexByte(s, '\n')
	if i < 0 {
		return rq, badRequest("no request line")
	}
	line, rest := strings.TrimSuffix(s[:i], "\r"), s[i+1:]
	sp1 := strings.IndexByte(line, ' ')
	sp2 := strings.LastIndexByte(line, ' ')
	if sp1 <= 0 || sp2 <= sp1+1 {
		return rq, badRequest("malformed request line")
	}
	rq.method, rq.target = line[:sp1], line[sp1+1:sp2]
	proto := line[sp2+1:]
	if !validToken(rq.method) || !validTarget(rq.target) {
		return rq, badRequest("malformed request line")
	}
	if len(proto) != 8 || !strings.HasPrefix(proto, "HTTP/1.") || proto[7] < '0' || proto[7] > '9' {
		return rq, &requestError{status: http.StatusHTTPVersionNotSupported, msg: "unsupported protocol"}
	}
	rq.minor = min(int(proto[7]-'0'), 1) // HTTP/1.2+ is answered as 1.1
	rq.close = rq.minor == 0

	vals := make([]string, strings.Count(rest, "\n")+1)
	nv, hosts := 0, 0
	var te, cl string
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
			return rq, badRequest("obsolete line folding")
		}
		colon := strings.IndexByte(line, ':')
		if colon <= 0 || !validToken(line[:colon]) {
			return rq, badRequest("malformed header field")
		}
		key := canonicalKey(line[:colon])
		val := strings.Trim(line[colon+1:], " \t")
		if !validFieldValue(val) {
			return rq, badRequest("control character in header field")
		}
		switch key {
		case "Host":
			hosts++
			rq.host = val
			continue // like net/http: the host lives in Request.Host
		case "Content-Length":
			if cl != "" && cl != val {
				return rq, badRequest("conflicting Content-Length")
			}
			cl = val
		case "Transfer-Encoding":
			if te != "" {
				te += ","
			}
			te += val
		case "Connection":
			for tok := range strings.SplitSeq(val, ",") {
				switch strings.ToLower(strings.TrimSpace(tok)) {
				case "close":
					rq.close = true
				case "keep-alive":
					if rq.minor == 0 {
						rq.close = false
					}
				}
			}
		case "Expect":
			if !strings.EqualFold(val, "100-continue") {
				return rq, &requestError{status: http.StatusExpectationFailed, msg: "unsupported expectation"}
			}
			rq.expectContinue = rq.minor >= 1
		}
		if old := h[key]; len(old) > 0 {
			h[key] = append(old, val)
			continue
		}
		vals[nv] = val
		h[key] = vals[nv : nv+1 : nv+1]
		nv++
	}
	if hosts > 1 || (hosts == 0 && rq.minor >= 1) {
		return rq, badRequest("missing or repeated Host")
	}
	if err := rq.frame(te, cl); err != nil {
		return rq, err
	}
	if !strings.HasPrefix(rq.target, "/") && rq.target != "*" {
		// absolute-form (RFC 9112 §3.2.2): its authority replaces Host.
		u, err := url.ParseRequestURI(rq.target)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return rq, badRequest("malformed request target")
		}
		rq.host = u.Host
	}
	return rq, nil
}

// frame works out the request body's framing.
func (rq *reqHead) frame(te, cl string) error {
	switch {
	case te != "" && cl != "":
		return badRequest("both Transfer-Encoding and Content-Length")
	case te != "":
		if !strings.EqualFold(te, "chunked") {
			return &requestError{status: http.StatusNotImplemented, msg: "unsupported transfer coding"}
		}
		rq.chunked, rq.contentLength = true, -1
	case cl != "":
		n, ok := parseContentLength(cl)
		if !ok {
			return badRequest("malformed Content-Length")
		}
		rq.contentLength = n
	}
	return nil
}

// validTarget rejects control bytes and spaces in a request target.
func validTarget(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == 0x7f {
			return false
		}
	}
	return s != ""
}

// validFieldValue rejects control bytes other than horizontal tab.
func validFieldValue(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// requestURL builds Request.URL without a full parse when the target is a
// plain origin-form path (no escapes), the common case.
func requestURL(target string) (*url.URL, error) {
	if strings.HasPrefix(target, "/") && !strings.HasPrefix(target, "//") && strings.IndexByte(target, '%') < 0 {
		path, query, _ := strings.Cut(target, "?")
		return &url.URL{Path: path, RawQuery: query}, nil
	}
	if target == "*" {
		return &url.URL{Path: "*"}, nil
	}
	return url.ParseRequestURI(target)
}
