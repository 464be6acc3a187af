package ingress

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/ingress/ca"
)

// httpsClient trusts only the PEM at caPath and dials the ingress whatever
// the URL's host, as a browser would after /etc/hosts or DNS resolved it.
func httpsClient(t *testing.T, caPath, addr string) *http.Client {
	t.Helper()
	pem, err := os.ReadFile(caPath)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("bad CA PEM")
	}
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			Proxy:             nil,
			TLSClientConfig:   &tls.Config{RootCAs: pool},
			ForceAttemptHTTP2: true,
			DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				var d net.Dialer
				return d.DialContext(ctx, network, addr)
			},
		},
	}
}

func TestHTTPSRoutingAndCAReuse(t *testing.T) {
	dataDir := t.TempDir()
	seen := make(chan string, 8)
	be, _ := startBackend(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen <- r.Header.Get("X-Forwarded-Proto")
		io.Copy(w, r.Body)
		w.Write([]byte(r.Host))
	}), BackendOptions{})
	host := "svc123.us-east-1.apprunner.localhost"
	var caPath string
	for restart := 0; restart < 2; restart++ {
		authority, err := ca.LoadOrCreate(dataDir)
		if err != nil {
			t.Fatal(err)
		}
		if caPath == "" {
			caPath = authority.CertPath() // the user trusted the first root only
		}
		in := startIngress(t, Options{HTTPSAddr: "127.0.0.1:0", CA: authority})
		route(t, in, host, be)
		c := httpsClient(t, caPath, in.HTTPSAddr())
		resp, err := c.Post("https://"+host+"/", "text/plain", stringsReader("hi "))
		if err != nil {
			t.Fatalf("restart %d: %v", restart, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(body) != "hi "+host {
			t.Fatalf("restart %d: %d %q", restart, resp.StatusCode, body)
		}
		if resp.ProtoMajor != 2 {
			t.Errorf("restart %d: served over %s, want HTTP/2", restart, resp.Proto)
		}
		if p := <-seen; p != "https" {
			t.Errorf("X-Forwarded-Proto %q", p)
		}
		// localhost and the bare IP are covered by the default leaf too.
		for _, u := range []string{"https://localhost/", "https://127.0.0.1/"} {
			resp, err := c.Get(u)
			if err != nil {
				t.Fatalf("%s: %v", u, err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s: status %d", u, resp.StatusCode)
			}
		}
		// HTTP/1.1 over TLS goes through the front, not net/http.
		h1 := httpsClient(t, caPath, in.HTTPSAddr())
		h1.Transport.(*http.Transport).ForceAttemptHTTP2 = false
		h1.Transport.(*http.Transport).TLSNextProto = map[string]func(string, *tls.Conn) http.RoundTripper{}
		resp, err = h1.Post("https://"+host+"/", "text/plain", stringsReader("h1 "))
		if err != nil {
			t.Fatal(err)
		}
		body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.ProtoMajor != 1 || string(body) != "h1 "+host {
			t.Fatalf("TLS HTTP/1.1: %s %q", resp.Proto, body)
		}
		if p := <-seen; p != "https" {
			t.Errorf("X-Forwarded-Proto over TLS HTTP/1.1: %q", p)
		}
		c.CloseIdleConnections() // else HTTP/2's graceful close waits 1s
		h1.CloseIdleConnections()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		in.Stop(ctx)
		cancel()
	}
}

// TestHTTP1AndHTTP2ShareBackendConns alternates front (HTTP/1) and
// HTTP/2 requests over one backend's keep-alive pool: state one kind
// leaves on a pooled connection (read deadlines) must not hurt the other.
func TestHTTP1AndHTTP2ShareBackendConns(t *testing.T) {
	authority, err := ca.LoadOrCreate(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	be, _ := startBackend(t, text("ok"), BackendOptions{})
	in := startIngress(t, Options{HTTPSAddr: "127.0.0.1:0", CA: authority})
	host := "svc.us-east-1.apprunner.localhost"
	route(t, in, host, be)
	h1 := newClient()
	h2 := httpsClient(t, authority.CertPath(), in.HTTPSAddr())
	t.Cleanup(h2.CloseIdleConnections) // runs before the ingress stops
	for i := 0; i < 4; i++ {
		if resp, body := do(t, h1, in, "GET", host, "/", nil); resp.StatusCode != 200 || body != "ok" {
			t.Fatalf("h1 %d: %d %q", i, resp.StatusCode, body)
		}
		time.Sleep(2 * lazyWatchAfter)
		resp, err := h2.Get("https://" + host + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.ProtoMajor != 2 {
			t.Fatalf("h2 %d: %d %s", i, resp.StatusCode, resp.Proto)
		}
		time.Sleep(2 * lazyWatchAfter)
	}
}

func TestLifecycleErrors(t *testing.T) {
	ctx := context.Background()
	if err := New(Options{}).Start(ctx); !errors.Is(err, ErrNoListener) {
		t.Errorf("no addresses: %v", err)
	}
	if err := New(Options{HTTPSAddr: "127.0.0.1:0"}).Start(ctx); !errors.Is(err, ErrNoListener) {
		t.Errorf("https without CA: %v", err)
	}
	if err := New(Options{}).Stop(ctx); err != nil {
		t.Errorf("stop before start: %v", err)
	}
	in := startIngress(t, Options{})
	if err := in.Start(ctx); !errors.Is(err, ErrStarted) {
		t.Errorf("second start: %v", err)
	}
	if in.HTTPSAddr() != "" || in.HTTPAddr() == "" {
		t.Errorf("addrs %q %q", in.HTTPAddr(), in.HTTPSAddr())
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	if err := New(Options{HTTPAddr: busy.Addr().String()}).Start(ctx); err == nil {
		t.Error("listening on a busy port succeeded")
	}
	dir := t.TempDir()
	authority, err := ca.LoadOrCreate(filepath.Join(dir, "ca"))
	if err != nil {
		t.Fatal(err)
	}
	in2 := New(Options{HTTPAddr: "127.0.0.1:0", HTTPSAddr: busy.Addr().String(), CA: authority})
	if err := in2.Start(ctx); err == nil {
		t.Error("https on a busy port succeeded")
	}
	if in2.HTTPAddr() != "" && dialable(in2.HTTPAddr()) {
		t.Error("the http listener leaked after a failed start")
	}
}

func dialable(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}
