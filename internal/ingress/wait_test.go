package ingress

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/ingress/ca"
)

// waitOpts makes requests for empty routes wait far longer than any test
// runs: only a table change, the client or Stop can end their wait.
var waitOpts = Options{StartWait: time.Hour}

// waiting is how many requests wait for service key's empty route.
func waiting(in *Ingress, key string) int64 {
	s, _ := in.ServiceStats(key)
	return s.Waiting
}

// answer is one request's result, for requests sent in the background.
type answer struct {
	status int
	body   string
	header http.Header
	err    error
}

// send runs req on c in the background.
func send(c *http.Client, req *http.Request) <-chan answer {
	ch := make(chan answer, 1)
	go func() {
		resp, err := c.Do(req)
		if err != nil {
			ch <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		ch <- answer{status: resp.StatusCode, body: string(b), header: resp.Header, err: err}
	}()
	return ch
}

// request builds a request for host through in's HTTP listener.
func request(t testing.TB, ctx context.Context, in *Ingress, method, host, body string) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://"+in.HTTPAddr()+"/", rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	return req
}

func TestEmptyRouteWaitsForBackends(t *testing.T) {
	in := startIngress(t, waitOpts)
	const host = "starting.localhost"
	route(t, in, host) // the service is deployed, its instances are starting
	c := newClient()
	var answers []<-chan answer
	for i := range 6 {
		method, body := "GET", ""
		if i%2 == 1 {
			method, body = "POST", "body-"+fmt.Sprint(i) // a body: no client watch
		}
		answers = append(answers, send(c, request(t, context.Background(), in, method, host, body)))
	}
	eventually(t, "6 requests waiting", func() bool { return waiting(in, host) == 6 })

	// Another route changes; this one is still empty: they keep waiting.
	other, _ := startBackend(t, text("other"), BackendOptions{})
	route(t, in, "other.localhost", other)
	if resp, body := do(t, c, in, "GET", "other.localhost", "/", nil); resp.StatusCode != 200 || body != "other" {
		t.Fatalf("other route: %d %q", resp.StatusCode, body)
	}
	route(t, in, host) // set again, still without backends
	for i, ch := range answers {
		select {
		case a := <-ch:
			t.Fatalf("request %d answered before the route had a backend: %d %q %v", i, a.status, a.body, a.err)
		default:
		}
	}
	if n := waiting(in, host); n != 6 {
		t.Fatalf("%d requests waiting after unrelated swaps, want 6", n)
	}

	be, _ := startBackend(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "ready %s %s", r.Method, b)
	}), BackendOptions{})
	route(t, in, host, be)
	for i, ch := range answers {
		a := <-ch
		want := "ready GET "
		if i%2 == 1 {
			want = fmt.Sprintf("ready POST body-%d", i)
		}
		if a.err != nil || a.status != 200 || a.body != want {
			t.Errorf("request %d: %d %q %v, want 200 %q", i, a.status, a.body, a.err, want)
		}
	}
	if n := waiting(in, host); n != 0 {
		t.Errorf("%d requests still counted as waiting", n)
	}
	if s, _ := in.ServiceStats(host); s.Status2xx != 6 || s.Status4xx+s.Status5xx != 0 {
		t.Errorf("stats %+v, want 6 2xx and no errors", s)
	}
}

func TestEmptyRouteTimesOut(t *testing.T) {
	in := startIngress(t, Options{StartWait: 20 * time.Millisecond})
	route(t, in, "stuck.localhost")
	resp, body := do(t, newClient(), in, "GET", "stuck.localhost", "/", nil)
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", resp.StatusCode)
	}
	if ra := resp.Header.Get("Retry-After"); ra == "" {
		t.Error("503 without Retry-After")
	}
	if id := resp.Header.Get("X-Request-Id"); id == "" || !strings.Contains(body, id) {
		t.Errorf("page lacks the request id %q:\n%s", id, body)
	}
	if !strings.Contains(body, "no instance ready") {
		t.Errorf("page:\n%s", body)
	}
	if n := waiting(in, "stuck.localhost"); n != 0 {
		t.Errorf("%d requests still counted as waiting", n)
	}
}

func TestEmptyRouteRemovedWhileWaiting(t *testing.T) {
	in := startIngress(t, waitOpts)
	const host = "failed.localhost"
	route(t, in, host)
	ch := send(newClient(), request(t, context.Background(), in, "GET", host, ""))
	eventually(t, "the request to wait", func() bool { return waiting(in, host) == 1 })
	if !in.RemoveRoute(host) {
		t.Fatal("no route to remove")
	}
	a := <-ch
	if a.err != nil || a.status != http.StatusNotFound || !strings.Contains(a.body, "No service is deployed at this address.") {
		t.Fatalf("got %d %q %v, want the unknown-host 404", a.status, a.body, a.err)
	}
}

func TestWaitingClientLeaves(t *testing.T) {
	authority, err := ca.LoadOrCreate(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	opts := waitOpts
	opts.HTTPSAddr, opts.CA = "127.0.0.1:0", authority
	in := startIngress(t, opts)
	h2 := httpsClient(t, authority.CertPath(), in.HTTPSAddr())
	defer h2.CloseIdleConnections()
	cases := []struct {
		name, host string
		client     *http.Client
		url        string
	}{
		// The front's requests have no context: their connection is watched.
		{"HTTP/1.1 front", "h1.us-east-1.apprunner.localhost", newClient(), "http://" + in.HTTPAddr() + "/"},
		// net/http's HTTP/2 requests end with their context.
		{"HTTP/2", "h2.us-east-1.apprunner.localhost", h2, "https://h2.us-east-1.apprunner.localhost/"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			host := tc.host
			route(t, in, host)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			req, err := http.NewRequestWithContext(ctx, "GET", tc.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Host = host
			ch := send(tc.client, req)
			eventually(t, "the request to wait", func() bool { return waiting(in, host) == 1 })
			cancel()
			if a := <-ch; !errors.Is(a.err, context.Canceled) {
				t.Fatalf("got %d %q %v, want the client's cancellation", a.status, a.body, a.err)
			}
			eventually(t, "the waiter to be freed", func() bool {
				s, _ := in.ServiceStats(host)
				return s.Waiting == 0 && s.InFlight == 0
			})
		})
	}
}

func TestStopAnswersWaiters(t *testing.T) {
	in := New(Options{HTTPAddr: "127.0.0.1:0", StartWait: time.Hour})
	if err := in.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	route(t, in, "slow.localhost")
	ch := send(newClient(), request(t, context.Background(), in, "GET", "slow.localhost", ""))
	eventually(t, "the request to wait", func() bool { return waiting(in, "slow.localhost") == 1 })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	var stopErr error
	wg.Go(func() { stopErr = in.Stop(ctx) })
	a := <-ch
	wg.Wait()
	if stopErr != nil {
		t.Fatalf("stop: %v (a waiting request held it)", stopErr)
	}
	if a.err != nil || a.status != http.StatusServiceUnavailable || a.header.Get("Retry-After") == "" {
		t.Fatalf("waiting request at stop: %d %v, want 503 with Retry-After", a.status, a.err)
	}
}
