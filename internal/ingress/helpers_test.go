package ingress

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// startIngress runs an Ingress on loopback port 0 (HTTP only unless opts
// says otherwise) and stops it at cleanup.
func startIngress(t testing.TB, opts Options) *Ingress {
	t.Helper()
	if opts.HTTPAddr == "" {
		opts.HTTPAddr = "127.0.0.1:0"
	}
	in := New(opts)
	if err := in.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := in.Stop(ctx); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
	return in
}

// startBackend runs h on a loopback test server and returns a Backend for
// it; both are closed at cleanup.
func startBackend(t testing.TB, h http.Handler, opts BackendOptions) (*Backend, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(h)
	b := NewBackend(srv.Listener.Addr().String(), opts)
	t.Cleanup(func() {
		b.Close()
		srv.Close()
	})
	return b, srv
}

// newClient is a keep-alive client that ignores proxy settings.
func newClient() *http.Client {
	return &http.Client{
		Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 64},
		Timeout:   10 * time.Second,
	}
}

// text is a handler that answers body with 200.
func text(body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte(body))
	})
}

// route sets a single route host → backends on in.
func route(t testing.TB, in *Ingress, host string, backends ...*Backend) {
	t.Helper()
	if err := in.SetRoute(Route{Host: host, ServiceID: host, Backends: backends}); err != nil {
		t.Fatal(err)
	}
}

// get sends a request with the given Host through the ingress and returns
// status and body.
func do(t testing.TB, c *http.Client, in *Ingress, method, host, path string, body io.Reader) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, "http://"+in.HTTPAddr()+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s%s: %v", method, host, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s%s: read body: %v", method, host, path, err)
	}
	return resp, string(b)
}

// eventually polls cond every 5ms for up to 5s.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func stringsReader(s string) io.Reader { return strings.NewReader(s) }
