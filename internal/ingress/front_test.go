package ingress

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// rawConn opens a plain TCP connection to the ingress's HTTP listener.
func rawConn(t *testing.T, in *Ingress) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", in.HTTPAddr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(5 * time.Second))
	return c, bufio.NewReader(c)
}

func readResp(t *testing.T, br *bufio.Reader, method string) (*http.Response, string) {
	t.Helper()
	resp, err := http.ReadResponse(br, &http.Request{Method: method})
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func echoBackend(t *testing.T) *Backend {
	b, _ := startBackend(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s %s %s|", r.Method, r.URL.RequestURI(), r.Host)
		io.Copy(w, r.Body)
	}), BackendOptions{})
	return b
}

func TestFrontRejectsMalformedRequests(t *testing.T) {
	in := startIngress(t, Options{MaxHeaderBytes: 8 << 10})
	route(t, in, "app.localhost", echoBackend(t))
	cases := []struct {
		name, raw string
		status    int
	}{
		{"garbage", "HELLO\r\n\r\n", 400},
		{"no host", "GET / HTTP/1.1\r\n\r\n", 400},
		{"two hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
		{"http/2 over http/1 framing", "GET / HTTP/2.0\r\nHost: app.localhost\r\n\r\n", 505},
		{"te and cl", "POST / HTTP/1.1\r\nHost: app.localhost\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n", 400},
		{"gzip te", "POST / HTTP/1.1\r\nHost: app.localhost\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
		{"bad length", "POST / HTTP/1.1\r\nHost: app.localhost\r\nContent-Length: 1x\r\n\r\n", 400},
		{"folded line", "GET / HTTP/1.1\r\nHost: app.localhost\r\nX-A: 1\r\n 2\r\n\r\n", 400},
		{"bad expectation", "GET / HTTP/1.1\r\nHost: app.localhost\r\nExpect: magic\r\n\r\n", 417},
		{"head too large", "GET / HTTP/1.1\r\nHost: app.localhost\r\nX-Big: " + strings.Repeat("a", 9<<10) + "\r\n\r\n", 431},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, br := rawConn(t, in)
			io.WriteString(c, tc.raw)
			resp, _ := readResp(t, br, "GET")
			if resp.StatusCode != tc.status || !resp.Close {
				t.Fatalf("status %d close=%v, want %d and close", resp.StatusCode, resp.Close, tc.status)
			}
		})
	}
}

func TestFrontProtocolDetails(t *testing.T) {
	in := startIngress(t, Options{})
	route(t, in, "app.localhost", echoBackend(t))

	t.Run("pipelining and a large header", func(t *testing.T) {
		c, br := rawConn(t, in)
		big := strings.Repeat("c", 20<<10) // beyond the first read buffer
		io.WriteString(c, "GET /1 HTTP/1.1\r\nHost: app.localhost\r\n\r\n"+
			"POST /2 HTTP/1.1\r\nHost: APP.localhost:80\r\nCookie: "+big+"\r\nContent-Length: 3\r\n\r\nabc"+
			"GET /3?q=%20x HTTP/1.1\r\nHost: app.localhost\r\n\r\n")
		for _, want := range []string{"GET /1 app.localhost|", "POST /2 APP.localhost:80|abc", "GET /3?q=%20x app.localhost|"} {
			if _, body := readResp(t, br, "GET"); body != want {
				t.Fatalf("got %q, want %q", body, want)
			}
		}
	})
	t.Run("chunked request body", func(t *testing.T) {
		c, br := rawConn(t, in)
		io.WriteString(c, "POST /c HTTP/1.1\r\nHost: app.localhost\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n")
		if _, body := readResp(t, br, "POST"); body != "POST /c app.localhost|abcde" {
			t.Fatalf("got %q", body)
		}
	})
	t.Run("expect continue", func(t *testing.T) {
		c, br := rawConn(t, in)
		io.WriteString(c, "PUT /e HTTP/1.1\r\nHost: app.localhost\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
		line, err := br.ReadString('\n')
		if err != nil || !strings.HasPrefix(line, "HTTP/1.1 100") {
			t.Fatalf("interim response %q %v", line, err)
		}
		br.ReadString('\n')
		io.WriteString(c, "body")
		if _, body := readResp(t, br, "PUT"); body != "PUT /e app.localhost|body" {
			t.Fatalf("got %q", body)
		}
	})
	t.Run("http/1.0", func(t *testing.T) {
		c, br := rawConn(t, in)
		io.WriteString(c, "GET /old HTTP/1.0\r\nHost: app.localhost\r\nConnection: keep-alive\r\n\r\n")
		resp, body := readResp(t, br, "GET")
		if body != "GET /old app.localhost|" || resp.Close {
			t.Fatalf("keep-alive: %q close=%v", body, resp.Close)
		}
		io.WriteString(c, "GET /old2 HTTP/1.0\r\nHost: app.localhost\r\n\r\n")
		if resp, _ := readResp(t, br, "GET"); !resp.Close {
			t.Fatal("HTTP/1.0 without keep-alive stayed open")
		}
	})
	t.Run("absolute form", func(t *testing.T) {
		c, br := rawConn(t, in)
		io.WriteString(c, "GET http://app.localhost/abs?x=1 HTTP/1.1\r\nHost: other.localhost\r\n\r\n")
		if _, body := readResp(t, br, "GET"); body != "GET /abs?x=1 app.localhost|" {
			t.Fatalf("got %q", body)
		}
	})
	t.Run("head keeps the length", func(t *testing.T) {
		c, br := rawConn(t, in)
		io.WriteString(c, "HEAD /h HTTP/1.1\r\nHost: app.localhost\r\n\r\nGET /after HTTP/1.1\r\nHost: app.localhost\r\n\r\n")
		resp, body := readResp(t, br, "HEAD")
		if resp.ContentLength != int64(len("HEAD /h app.localhost|")) || body != "" {
			t.Fatalf("HEAD: length %d body %q", resp.ContentLength, body)
		}
		if _, body := readResp(t, br, "GET"); body != "GET /after app.localhost|" {
			t.Fatalf("after HEAD: %q", body)
		}
	})
	t.Run("unread body is drained", func(t *testing.T) {
		c, br := rawConn(t, in)
		io.WriteString(c, "POST /x HTTP/1.1\r\nHost: nobody.localhost\r\nContent-Length: 5\r\n\r\nhello"+
			"GET /next HTTP/1.1\r\nHost: app.localhost\r\n\r\n")
		if resp, _ := readResp(t, br, "POST"); resp.StatusCode != 404 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		if _, body := readResp(t, br, "GET"); body != "GET /next app.localhost|" {
			t.Fatalf("next request on the connection: %q", body)
		}
	})
}

func TestClientDisconnectCancelsUpstream(t *testing.T) {
	canceled := make(chan struct{})
	be, _ := startBackend(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
		close(canceled)
	}), BackendOptions{})
	in := startIngress(t, Options{})
	route(t, in, "app.localhost", be)
	c, _ := rawConn(t, in)
	io.WriteString(c, "GET /wait HTTP/1.1\r\nHost: app.localhost\r\n\r\n")
	eventually(t, "request in flight", func() bool { return be.InFlight() == 1 })
	time.Sleep(2 * lazyWatchAfter) // let the lazy watch start
	c.Close()
	select {
	case <-canceled:
	case <-time.After(5 * time.Second):
		t.Fatal("the backend's request was not canceled when the client left")
	}
	eventually(t, "backend released", func() bool { return be.InFlight() == 0 })
	if s, _ := in.ServiceStats("app.localhost"); s.Status5xx != 0 {
		t.Fatalf("a client disconnect counted as a server error: %+v", s)
	}
}

func TestGracefulStop(t *testing.T) {
	slow := newBlocker("done")
	be, _ := startBackend(t, slow, BackendOptions{})
	in := New(Options{HTTPAddr: "127.0.0.1:0"})
	if err := in.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	route(t, in, "app.localhost", be)
	idle, idleBR := rawConn(t, in) // a kept-alive connection with no request
	_ = idle
	busy, busyBR := rawConn(t, in)
	io.WriteString(busy, "GET /slow HTTP/1.1\r\nHost: app.localhost\r\n\r\n")
	<-slow.entered

	stopped := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		stopped <- in.Stop(ctx)
	}()
	if _, err := idleBR.ReadByte(); err == nil {
		t.Fatal("idle connection got data instead of being closed")
	}
	select {
	case err := <-stopped:
		t.Fatalf("Stop returned with a request in flight: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(slow.release)
	resp, body := readResp(t, busyBR, "GET")
	if body != "done" || !resp.Close {
		t.Fatalf("in-flight request during stop: %q close=%v", body, resp.Close)
	}
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	if _, err := net.DialTimeout("tcp", in.HTTPAddr(), time.Second); err == nil {
		t.Fatal("still accepting after Stop")
	}
}

// FuzzParseRequestHead: arbitrary heads must parse or fail cleanly, and a
// parsed head must be self-consistent.
func FuzzParseRequestHead(f *testing.F) {
	for _, s := range []string{
		"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
		"POST /x?y HTTP/1.0\nContent-Length: 3\nConnection: keep-alive\n\n",
		"PUT http://h/p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n",
		"OPTIONS * HTTP/1.1\r\nHost: a\r\nX: \t v \r\n\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h := http.Header{}
		rq, err := parseRequestHead(s, h)
		if err != nil {
			return
		}
		if rq.chunked != (rq.contentLength == -1) || rq.contentLength < -1 {
			t.Fatalf("inconsistent framing %+v", rq)
		}
		if !validToken(rq.method) || !validTarget(rq.target) {
			t.Fatalf("accepted request line %q %q", rq.method, rq.target)
		}
		if _, err := requestURL(rq.target); err != nil && strings.HasPrefix(rq.target, "/") && !strings.Contains(rq.target, "%") {
			t.Fatalf("target %q: %v", rq.target, err)
		}
	})
}
