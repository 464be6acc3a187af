package ingress

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestRoutingByHost(t *testing.T) {
	a, _ := startBackend(t, text("service a"), BackendOptions{})
	b, _ := startBackend(t, text("service b"), BackendOptions{})
	in := startIngress(t, Options{})
	if err := in.SetRoutes([]Route{
		{Host: "a.us-east-1.apprunner.localhost", ServiceID: "a", Backends: []*Backend{a}},
		{Host: "B.us-east-1.apprunner.localhost", ServiceID: "b", Backends: []*Backend{b}},
	}); err != nil {
		t.Fatal(err)
	}
	c := newClient()
	cases := []struct {
		host, want string
		status     int
	}{
		{"a.us-east-1.apprunner.localhost", "service a", 200},
		{"A.US-EAST-1.apprunner.localhost:8080", "service a", 200},
		{"b.us-east-1.apprunner.localhost", "service b", 200},
		{"b.us-east-1.apprunner.localhost.", "service b", 200},
		{"c.us-east-1.apprunner.localhost", "No service is deployed at this address", 404},
		{"127.0.0.1", "No service is deployed at this address", 404},
	}
	for _, tc := range cases {
		t.Run(tc.host, func(t *testing.T) {
			resp, body := do(t, c, in, "GET", tc.host, "/", nil)
			if resp.StatusCode != tc.status || !strings.Contains(body, tc.want) {
				t.Fatalf("got %d %q, want %d containing %q", resp.StatusCode, body, tc.status, tc.want)
			}
		})
	}
}

func TestNotFoundPageNamesNoInternals(t *testing.T) {
	be, _ := startBackend(t, text("x"), BackendOptions{})
	in := startIngress(t, Options{})
	route(t, in, "known.localhost", be)
	resp, body := do(t, newClient(), in, "GET", "unknown.localhost", "/secret", nil)
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type %q", ct)
	}
	for _, leak := range []string{be.Addr(), "known.localhost", "127.0.0.1", "ingress", "berth", "/secret"} {
		if strings.Contains(body, leak) {
			t.Errorf("404 page mentions %q:\n%s", leak, body)
		}
	}
}

func TestForwardedHeaders(t *testing.T) {
	seen := make(chan http.Header, 4)
	be, _ := startBackend(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Clone()
		h.Set("Host", r.Host)
		seen <- h
		w.Header().Set("Connection", "X-Secret-Hop")
		w.Header().Set("X-Secret-Hop", "1")
		w.Header().Set("Keep-Alive", "timeout=5")
	}), BackendOptions{})
	in := startIngress(t, Options{})
	route(t, in, "app.localhost", be)
	c := newClient()

	req, _ := http.NewRequest("GET", "http://"+in.HTTPAddr()+"/p?q=1", nil)
	req.Host = "app.localhost"
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	req.Header.Set("X-Forwarded-Proto", "https") // spoofed: overwritten
	req.Header.Set("Connection", "X-Hop")
	req.Header.Set("X-Hop", "secret")
	req.Header.Set("X-App", "kept")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	h := <-seen
	checks := map[string]string{
		"X-Forwarded-For":   "203.0.113.9, 127.0.0.1",
		"X-Forwarded-Proto": "http",
		"X-Forwarded-Host":  "app.localhost",
		"Host":              "app.localhost",
		"X-App":             "kept",
		"X-Hop":             "",
	}
	for k, want := range checks {
		if got := h.Get(k); got != want {
			t.Errorf("backend saw %s = %q, want %q", k, got, want)
		}
	}
	rid := h.Get("X-Request-Id")
	if !uuidRE.MatchString(rid) {
		t.Errorf("generated request id %q is not a UUID", rid)
	}
	if got := resp.Header.Get("X-Request-Id"); got != rid {
		t.Errorf("response X-Request-Id %q, backend saw %q", got, rid)
	}
	for _, k := range []string{"X-Secret-Hop", "Keep-Alive"} {
		if v := resp.Header.Get(k); v != "" {
			t.Errorf("hop-by-hop response header %s = %q reached the client", k, v)
		}
	}

	req, _ = http.NewRequest("GET", "http://"+in.HTTPAddr()+"/", nil)
	req.Host = "app.localhost"
	req.Header.Set("X-Request-Id", "client-chosen-42")
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := (<-seen).Get("X-Request-Id"); got != "client-chosen-42" {
		t.Errorf("client request id not passed through: %q", got)
	}
}

func TestBodiesAndFraming(t *testing.T) {
	be, _ := startBackend(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/echo":
			w.Header().Set("X-Len", fmt.Sprint(r.ContentLength))
			io.Copy(w, r.Body)
		case "/chunked":
			w.Write([]byte("part1,"))
			w.(http.Flusher).Flush()
			w.Write([]byte("part2"))
		case "/nocontent":
			w.WriteHeader(http.StatusNoContent)
		case "/trailer":
			w.Header().Set("Trailer", "X-Checksum")
			w.Write([]byte("data"))
			w.Header().Set("X-Checksum", "abc")
		case "/early":
			http.Error(w, "too big for me", http.StatusRequestEntityTooLarge)
		case "/redirect":
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
		}
	}), BackendOptions{})
	in := startIngress(t, Options{})
	route(t, in, "app.localhost", be)
	c := newClient()
	big := strings.Repeat("0123456789abcdef", 1<<16) // 1 MiB: written concurrently
	cases := []struct {
		name, method, path string
		body               io.Reader
		status             int
		want               string
	}{
		{"small post", "POST", "/echo", strings.NewReader("hello"), 200, "hello"},
		{"empty post", "POST", "/echo", nil, 200, ""},
		{"large post", "POST", "/echo", strings.NewReader(big), 200, big},
		{"chunked post", "POST", "/echo", io.MultiReader(strings.NewReader("a"), strings.NewReader("b")), 200, "ab"},
		{"early answer to a large body", "POST", "/early", strings.NewReader(big), 413, "too big for me\n"},
		{"chunked response", "GET", "/chunked", nil, 200, "part1,part2"},
		{"no content", "GET", "/nocontent", nil, 204, ""},
		{"head", "HEAD", "/chunked", nil, 200, ""},
		{"redirect", "GET", "/redirect", nil, 302, ""},
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := do(t, c, in, tc.method, "app.localhost", tc.path, tc.body)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if tc.status == 302 {
				body = resp.Header.Get("Location")
				tc.want = "/elsewhere"
			}
			if body != tc.want {
				t.Fatalf("body %d bytes %.40q, want %d bytes %.40q", len(body), body, len(tc.want), tc.want)
			}
		})
	}
	t.Run("trailer", func(t *testing.T) {
		req, _ := http.NewRequest("GET", "http://"+in.HTTPAddr()+"/trailer", nil)
		req.Host = "app.localhost"
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := resp.Trailer.Get("X-Checksum"); got != "abc" {
			t.Fatalf("trailer X-Checksum = %q", got)
		}
	})
}

func TestBodyLimit(t *testing.T) {
	be, _ := startBackend(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(w, r.Body)
	}), BackendOptions{})
	in := startIngress(t, Options{MaxBodyBytes: 1024})
	route(t, in, "app.localhost", be)
	c := newClient()
	cases := []struct {
		name   string
		body   io.Reader
		status int
	}{
		{"under", strings.NewReader(strings.Repeat("x", 1024)), 200},
		{"declared over", strings.NewReader(strings.Repeat("x", 2048)), 413},
		{"chunked over", io.MultiReader(strings.NewReader(strings.Repeat("x", 1000)), strings.NewReader(strings.Repeat("y", 1000))), 413},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := do(t, c, in, "POST", "app.localhost", "/", tc.body)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %.100s", resp.StatusCode, tc.status, body)
			}
		})
	}
}
