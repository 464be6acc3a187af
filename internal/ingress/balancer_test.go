package ingress

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// blocker is a handler whose requests to /slow wait until released.
type blocker struct {
	entered chan struct{}
	release chan struct{}
	name    string
}

func newBlocker(name string) *blocker {
	return &blocker{entered: make(chan struct{}, 16), release: make(chan struct{}), name: name}
}

func (h *blocker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/slow" {
		h.entered <- struct{}{}
		select {
		case <-h.release:
		case <-r.Context().Done():
			return
		}
	}
	w.Write([]byte(h.name))
}

func TestBalancingSpreadsLoad(t *testing.T) {
	in := startIngress(t, Options{})
	var bs []*Backend
	for _, name := range []string{"a", "b", "c"} {
		b, _ := startBackend(t, text(name), BackendOptions{})
		bs = append(bs, b)
	}
	route(t, in, "app.localhost", bs...)
	c := newClient()
	counts := map[string]int{}
	for i := 0; i < 300; i++ {
		_, body := do(t, c, in, "GET", "app.localhost", "/", nil)
		counts[body]++
	}
	for _, name := range []string{"a", "b", "c"} {
		if n := counts[name]; n < 90 || n > 110 {
			t.Errorf("backend %s got %d of 300 requests: %v", name, n, counts)
		}
	}
}

func TestBalancingPrefersLeastBusy(t *testing.T) {
	in := startIngress(t, Options{})
	busy := newBlocker("busy")
	a, _ := startBackend(t, busy, BackendOptions{})
	b, _ := startBackend(t, text("idle"), BackendOptions{})
	route(t, in, "app.localhost", a, b)
	c := newClient()
	// Occupy a with a slow request (b is briefly out of rotation so the
	// request cannot land there), then bring b back.
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(busy.release)
	b.SetHealthy(false)
	wg.Go(func() { do(t, c, in, "GET", "app.localhost", "/slow", nil) })
	<-busy.entered
	b.SetHealthy(true)
	for i := 0; i < 50; i++ {
		if _, body := do(t, c, in, "GET", "app.localhost", "/", nil); body != "idle" {
			t.Fatalf("request %d went to the busy backend", i)
		}
	}
}

func TestDrainWaitsForInFlight(t *testing.T) {
	in := startIngress(t, Options{})
	old := newBlocker("old")
	a, _ := startBackend(t, old, BackendOptions{})
	b, _ := startBackend(t, text("new"), BackendOptions{})
	route(t, in, "app.localhost", a)
	c := newClient()

	slowDone := make(chan string, 1)
	go func() {
		_, body := do(t, c, in, "GET", "app.localhost", "/slow", nil)
		slowDone <- body
	}()
	<-old.entered
	route(t, in, "app.localhost", b) // swap: new requests go to b

	// A drain with a short deadline gives up while the request runs.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	if err := a.Drain(ctx); err == nil {
		t.Fatal("drain returned before the in-flight request finished")
	}
	cancel()
	if _, body := do(t, c, in, "GET", "app.localhost", "/", nil); body != "new" {
		t.Fatalf("new request served by %q", body)
	}

	drained := make(chan error, 1)
	go func() { drained <- a.Drain(context.Background()) }()
	select {
	case err := <-drained:
		t.Fatalf("drain finished early: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(old.release)
	if err := <-drained; err != nil {
		t.Fatal(err)
	}
	if body := <-slowDone; body != "old" {
		t.Fatalf("in-flight request got %q", body)
	}
	if !a.Draining() || a.InFlight() != 0 || a.pool.idleCount() != 0 {
		t.Fatalf("after drain: draining=%v inflight=%d idle=%d", a.Draining(), a.InFlight(), a.pool.idleCount())
	}
}

// TestSwapUnderLoadDropsNothing rolls a service through several
// deployments (start new → route → drain old) while clients send 2000
// requests; every request must succeed.
func TestSwapUnderLoadDropsNothing(t *testing.T) {
	in := startIngress(t, Options{})
	first, _ := startBackend(t, text("v0"), BackendOptions{})
	route(t, in, "app.localhost", first)
	const total, workers = 2000, 8
	var (
		mu       sync.Mutex
		failures []string
		next     int
	)
	c := newClient()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Go(func() {
			for {
				mu.Lock()
				if next >= total {
					mu.Unlock()
					return
				}
				next++
				mu.Unlock()
				req, _ := http.NewRequest("GET", "http://"+in.HTTPAddr()+"/", nil)
				req.Host = "app.localhost"
				resp, err := c.Do(req)
				if err == nil {
					resp.Body.Close()
				}
				if err != nil || resp.StatusCode != 200 {
					mu.Lock()
					failures = append(failures, stringOf(resp, err))
					mu.Unlock()
				}
			}
		})
	}
	cur := first
	for v := 1; v <= 5; v++ {
		time.Sleep(10 * time.Millisecond)
		next, _ := startBackend(t, text("v"), BackendOptions{})
		if err := WaitHealthy(context.Background(), next.Addr(), HealthCheck{}); err != nil {
			t.Fatal(err)
		}
		route(t, in, "app.localhost", next)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := cur.Drain(ctx); err != nil {
			t.Errorf("drain v%d: %v", v-1, err)
		}
		cancel()
		cur = next
	}
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d of %d requests failed, first: %s", len(failures), total, failures[0])
	}
}

func stringOf(resp *http.Response, err error) string {
	if err != nil {
		return err.Error()
	}
	return resp.Status
}

func TestNoHealthyBackend(t *testing.T) {
	// No StartWait: the empty route answers at once (wait_test.go covers
	// the wait).
	in := startIngress(t, Options{StartWait: -1})
	a, _ := startBackend(t, text("a"), BackendOptions{})
	a.SetHealthy(false)
	route(t, in, "app.localhost", a)
	route(t, in, "empty.localhost")
	c := newClient()
	for _, host := range []string{"app.localhost", "empty.localhost"} {
		resp, body := do(t, c, in, "GET", host, "/", nil)
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("%s: status %d, Retry-After %q", host, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		if id := resp.Header.Get("X-Request-Id"); id == "" || !strings.Contains(body, id) {
			t.Fatalf("%s: page lacks the request id", host)
		}
	}
	a.SetHealthy(true)
	if resp, _ := do(t, c, in, "GET", "app.localhost", "/", nil); resp.StatusCode != 200 {
		t.Fatalf("healthy again: status %d", resp.StatusCode)
	}
}
