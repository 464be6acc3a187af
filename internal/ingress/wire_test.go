package ingress

import (
	"bufio"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// parseResponse runs the proxy's response reader over raw the way an
// exchange does: head into a header map, then the whole body.
func parseResponse(raw, method string) (respHead, http.Header, string, http.Header, error) {
	br := bufio.NewReaderSize(strings.NewReader(raw), 512)
	h := http.Header{"X-Request-Id": {"generated"}}
	rh, err := readHead(br, method, h)
	if err != nil {
		return rh, h, "", nil, err
	}
	var b msgBody
	b.reset(br, rh)
	body, err := io.ReadAll(&b)
	return rh, h, string(body), b.trailer, err
}

func TestReadResponse(t *testing.T) {
	cases := []struct {
		name, raw, method string
		status            int
		length            int64
		close, noBody     bool
		header            http.Header
		body              string
		trailer           http.Header
	}{
		{name: "content length", raw: "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
			status: 200, length: 5, body: "hello",
			header: http.Header{"Content-Type": {"text/plain"}, "Content-Length": {"5"}, "X-Request-Id": {"generated"}}},
		{name: "chunked with extension and trailer",
			raw:    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n4;ext=1\r\nwiki\r\n5\r\npedia\r\n0\r\nX-Sum: 42\r\n\r\n",
			status: 200, length: -1, body: "wikipedia", trailer: http.Header{"X-Sum": {"42"}},
			header: http.Header{"Trailer": {"X-Sum"}, "X-Request-Id": {"generated"}}},
		{name: "chunk size in upper case hex", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n",
			status: 200, length: -1, body: "0123456789", header: http.Header{"X-Request-Id": {"generated"}}},
		{name: "chunked wins over length", raw: "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n",
			status: 200, length: -1, body: "x", header: http.Header{"X-Request-Id": {"generated"}}},
		{name: "http/1.0 closes", raw: "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
			status: 200, length: 2, close: true, body: "ok", header: http.Header{"Content-Length": {"2"}, "X-Request-Id": {"generated"}}},
		{name: "http/1.0 keep-alive", raw: "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok",
			status: 200, length: 2, body: "ok", header: http.Header{"Content-Length": {"2"}, "X-Request-Id": {"generated"}}},
		{name: "connection close and hop list", raw: "HTTP/1.1 200 OK\r\nConnection: close, X-Hop\r\nX-Hop: 1\r\nKeep-Alive: timeout=5\r\nContent-Length: 0\r\n\r\n",
			status: 200, length: 0, close: true, header: http.Header{"Content-Length": {"0"}, "X-Request-Id": {"generated"}}},
		{name: "until close", raw: "HTTP/1.1 200 OK\r\n\r\nstream of bytes",
			status: 200, length: -1, close: true, body: "stream of bytes", header: http.Header{"X-Request-Id": {"generated"}}},
		{name: "interim responses skipped", raw: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n",
			status: 201, length: 0, header: http.Header{"Content-Length": {"0"}, "X-Request-Id": {"generated"}}},
		{name: "head", method: "HEAD", raw: "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n",
			status: 200, noBody: true, header: http.Header{"Content-Length": {"1000"}, "X-Request-Id": {"generated"}}},
		{name: "not modified", raw: "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n",
			status: 304, noBody: true, header: http.Header{"Etag": {"\"x\""}, "X-Request-Id": {"generated"}}},
		{name: "bare LF, lower-case keys, repeated fields, backend request id", raw: "HTTP/1.1 200 OK\nset-cookie: a=1\nSet-Cookie: b=2\nx-request-id: mine\ncontent-length: 1\n\nz",
			status: 200, length: 1, body: "z",
			header: http.Header{"Set-Cookie": {"a=1", "b=2"}, "X-Request-Id": {"mine"}, "Content-Length": {"1"}}},
		{name: "no reason phrase", raw: "HTTP/1.1 204\r\n\r\n", status: 204, noBody: true, header: http.Header{"X-Request-Id": {"generated"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			method := tc.method
			if method == "" {
				method = "GET"
			}
			rh, h, body, trailer, err := parseResponse(tc.raw, method)
			if err != nil {
				t.Fatal(err)
			}
			if rh.status != tc.status || rh.close != tc.close || rh.noBody != tc.noBody || (!tc.noBody && rh.contentLength != tc.length) {
				t.Errorf("head %+v", rh)
			}
			if !reflect.DeepEqual(h, tc.header) {
				t.Errorf("header %v, want %v", h, tc.header)
			}
			if body != tc.body {
				t.Errorf("body %q, want %q", body, tc.body)
			}
			if !reflect.DeepEqual(trailer, tc.trailer) {
				t.Errorf("trailer %v, want %v", trailer, tc.trailer)
			}
		})
	}
}

func TestReadResponseErrors(t *testing.T) {
	cases := []struct{ name, raw string }{
		{"not http", "SSH-2.0-OpenSSH\r\n\r\n"},
		{"http/2 preface", "HTTP/2 200\r\n\r\n"},
		{"bad status", "HTTP/1.1 2x0 OK\r\n\r\n"},
		{"status below 100", "HTTP/1.1 099 Odd\r\n\r\n"},
		{"obs-fold", "HTTP/1.1 200 OK\r\nX-A: 1\r\n 2\r\n\r\n"},
		{"space before colon", "HTTP/1.1 200 OK\r\nX-A : 1\r\n\r\n"},
		{"no colon", "HTTP/1.1 200 OK\r\nX-A\r\n\r\n"},
		{"conflicting lengths", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"},
		{"negative length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"},
		{"unsupported coding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"},
		{"unrequested upgrade", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n"},
		{"head too large", "HTTP/1.1 200 OK\r\nX-Big: " + strings.Repeat("a", 600) + "\r\n\r\n"},
		{"truncated head", "HTTP/1.1 200 OK\r\nContent-Len"},
		{"empty", ""},
		{"short body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"},
		{"bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"},
		{"huge chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n"},
		{"chunk without CRLF", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nxy\r\n0\r\n\r\n"},
		{"truncated chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"},
		{"missing last chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n"},
		{"bad trailer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nnot a field\r\n\r\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, body, _, err := parseResponse(tc.raw, "GET"); err == nil {
				t.Fatalf("parsed without error, body %q", body)
			}
		})
	}
}

func TestReadResponseReusesConnection(t *testing.T) {
	raw := "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\noneHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nthree"
	br := bufio.NewReader(strings.NewReader(raw))
	for _, want := range []string{"one", "two", "three"} {
		h := http.Header{}
		rh, err := readHead(br, "GET", h)
		if err != nil {
			t.Fatal(err)
		}
		var b msgBody
		b.reset(br, rh)
		got, err := io.ReadAll(&b)
		if err != nil || string(got) != want || !b.done() {
			t.Fatalf("got %q %v done=%v, want %q", got, err, b.done(), want)
		}
	}
	if _, err := readHead(br, "GET", http.Header{}); !errors.Is(err, io.EOF) {
		t.Fatalf("after the last response: %v", err)
	}
}

func TestCanonicalKey(t *testing.T) {
	for in, want := range map[string]string{
		"Content-Type": "Content-Type", "content-type": "Content-Type", "X-AMZN-ID": "X-Amzn-Id",
		"x_under": "X_under", "ETag": "Etag", "A": "A",
	} {
		if got := canonicalKey(in); got != want {
			t.Errorf("canonicalKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzReadResponse feeds arbitrary bytes to the response reader: it must
// never panic, never loop, and never produce more body than it was given.
func FuzzReadResponse(f *testing.F) {
	for _, seed := range []string{
		"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X\r\n\r\n4;a=b\r\nwiki\r\n0\r\nX: 1\r\n\r\n",
		"HTTP/1.0 100 Continue\n\nHTTP/1.0 404 Not Found\nConnection: keep-alive, x-a\nx-a: b\n\nrest",
		"HTTP/1.1 304 Not Modified\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
	} {
		f.Add([]byte(seed), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, head bool) {
		method := "GET"
		if head {
			method = "HEAD"
		}
		_, _, body, _, _ := parseResponse(string(data), method)
		if len(body) > len(data) {
			t.Fatalf("body of %d bytes from %d input bytes", len(body), len(data))
		}
	})
}

// FuzzParseChunkSize checks the chunk-size parser against overflow.
func FuzzParseChunkSize(f *testing.F) {
	for _, s := range []string{"0", "a", "FFFF", "1;ext", "7fffffffffffffff", " 1", "1 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseChunkSize([]byte(s))
		if err == nil && (n < 0 || n >= maxChunkSize) {
			t.Fatalf("parseChunkSize(%q) = %d", s, n)
		}
	})
}
