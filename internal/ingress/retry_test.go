package ingress

import (
	"bufio"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// hangUpBackend accepts connections, reads a request head and closes the
// connection without answering: a backend that died mid-request.
func hangUpBackend(t *testing.T) (*Backend, *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var got atomic.Int64
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				http.ReadRequest(bufio.NewReader(c))
				got.Add(1)
			}()
		}
	}()
	b := NewBackend(ln.Addr().String(), BackendOptions{})
	t.Cleanup(func() { ln.Close(); b.Close() })
	return b, &got
}

// refusedBackend is an address nothing listens on.
func refusedBackend(t *testing.T) *Backend {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return NewBackend(addr, BackendOptions{DialTimeout: time.Second})
}

func TestRetryOnDeadBackend(t *testing.T) {
	live, _ := startBackend(t, text("live"), BackendOptions{})
	dead, hits := hangUpBackend(t)
	in := startIngress(t, Options{})
	route(t, in, "app.localhost", dead, live)
	c := newClient()

	// Idempotent requests fail over: every GET succeeds although the
	// round-robin tie-break sends about half of them to the dead one first.
	for i := 0; i < 6; i++ {
		if resp, body := do(t, c, in, "GET", "app.localhost", "/", nil); resp.StatusCode != 200 || body != "live" {
			t.Fatalf("GET %d: %d %q", i, resp.StatusCode, body)
		}
	}
	if hits.Load() == 0 {
		t.Fatal("the dead backend was never tried; the test proves nothing")
	}

	// A POST that reached the dead backend may have had effects: it is
	// not replayed, the client gets 502 with the request id.
	var saw502 bool
	for i := 0; i < 6 && !saw502; i++ {
		resp, body := do(t, c, in, "POST", "app.localhost", "/", strings.NewReader("x"))
		switch resp.StatusCode {
		case 200:
		case 502:
			saw502 = true
			id := resp.Header.Get("X-Request-Id")
			if id == "" || !strings.Contains(body, id) {
				t.Fatalf("502 page lacks the request id %q:\n%s", id, body)
			}
			if strings.Contains(body, dead.Addr()) {
				t.Fatal("502 page names the backend address")
			}
		default:
			t.Fatalf("POST: status %d", resp.StatusCode)
		}
	}
	if !saw502 {
		t.Fatal("no POST was sent to the dead backend")
	}
}

func TestRetryOnRefusedConnection(t *testing.T) {
	live, _ := startBackend(t, text("live"), BackendOptions{})
	in := startIngress(t, Options{})
	route(t, in, "app.localhost", refusedBackend(t), live)
	c := newClient()
	// Nothing reached the refusing backend, so even a POST is safe to
	// send elsewhere.
	for _, m := range []string{"GET", "POST", "GET", "POST"} {
		if resp, body := do(t, c, in, m, "app.localhost", "/", strings.NewReader("")); resp.StatusCode != 200 || body != "live" {
			t.Fatalf("%s: %d %q", m, resp.StatusCode, body)
		}
	}
	// With no other backend, the client gets 502.
	route(t, in, "solo.localhost", refusedBackend(t))
	if resp, _ := do(t, c, in, "GET", "solo.localhost", "/", nil); resp.StatusCode != 502 {
		t.Fatalf("solo refused backend: status %d", resp.StatusCode)
	}
}

func TestStaleKeepAliveConnection(t *testing.T) {
	// A backend that closes idle connections quickly, as Node (5s) and
	// gunicorn (2s) do, only faster.
	srv := httptest.NewUnstartedServer(text("ok"))
	srv.Config.IdleTimeout = 20 * time.Millisecond
	srv.Start()
	be := NewBackend(srv.Listener.Addr().String(), BackendOptions{})
	t.Cleanup(func() { be.Close(); srv.Close() })
	in := startIngress(t, Options{})
	route(t, in, "app.localhost", be)
	c := newClient()
	for i := 0; i < 3; i++ {
		for _, m := range []string{"GET", "POST"} {
			if resp, _ := do(t, c, in, m, "app.localhost", "/", strings.NewReader("x")); resp.StatusCode != 200 {
				t.Fatalf("round %d %s: status %d", i, m, resp.StatusCode)
			}
		}
		time.Sleep(150 * time.Millisecond) // past both IdleTimeout and peekAfter
	}
}

func TestResponseHeaderTimeout(t *testing.T) {
	slow := newBlocker("slow")
	be, _ := startBackend(t, slow, BackendOptions{ResponseHeaderTimeout: 50 * time.Millisecond})
	defer close(slow.release)
	in := startIngress(t, Options{})
	route(t, in, "app.localhost", be)
	resp, _ := do(t, newClient(), in, "POST", "app.localhost", "/slow", nil)
	if resp.StatusCode != http.StatusGatewayTimeout {
		t.Fatalf("status %d, want 504", resp.StatusCode)
	}
}

func TestBrokenBodyAbortsClient(t *testing.T) {
	be, _ := startBackend(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		w.Write([]byte("only ten.."))
		w.(http.Flusher).Flush()
		c, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			c.Close()
		}
	}), BackendOptions{})
	in := startIngress(t, Options{})
	route(t, in, "app.localhost", be)
	req, _ := http.NewRequest("GET", "http://"+in.HTTPAddr()+"/", nil)
	req.Host = "app.localhost"
	resp, err := newClient().Do(req)
	if err != nil {
		return // the connection was cut before the head: also an error to the client
	}
	defer resp.Body.Close()
	buf := make([]byte, 200)
	n, err := readFull(resp.Body, buf)
	if err == nil || n >= 100 {
		t.Fatalf("client read %d bytes, err %v: a truncated body must not look complete", n, err)
	}
}

func readFull(r interface{ Read([]byte) (int, error) }, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
