package ingress

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestConcurrencyLimitQueuesThen429(t *testing.T) {
	h := newBlocker("a")
	be, _ := startBackend(t, h, BackendOptions{MaxConcurrency: 1, MaxQueue: 1, QueueTimeout: 2 * time.Second})
	in := startIngress(t, Options{})
	route(t, in, "app.localhost", be)
	c := newClient()

	var wg sync.WaitGroup
	defer wg.Wait()
	statuses := make(chan int, 2)
	wg.Go(func() { // takes the only slot
		resp, _ := do(t, c, in, "GET", "app.localhost", "/slow", nil)
		statuses <- resp.StatusCode
	})
	<-h.entered
	wg.Go(func() { // waits in the queue
		resp, _ := do(t, c, in, "GET", "app.localhost", "/", nil)
		statuses <- resp.StatusCode
	})
	eventually(t, "a request queued", func() bool { return be.waiters.Load() == 1 })

	// The queue is full: the next request is turned away at once.
	resp, body := do(t, c, in, "GET", "app.localhost", "/", nil)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("status %d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if !strings.Contains(body, resp.Header.Get("X-Request-Id")) {
		t.Error("429 page lacks the request id")
	}

	close(h.release) // the slot frees: the queued request goes through
	for i := 0; i < 2; i++ {
		if s := <-statuses; s != 200 {
			t.Fatalf("status %d", s)
		}
	}
}

func TestConcurrencyLimitQueueTimeout(t *testing.T) {
	h := newBlocker("a")
	be, _ := startBackend(t, h, BackendOptions{MaxConcurrency: 1, QueueTimeout: 30 * time.Millisecond})
	in := startIngress(t, Options{})
	route(t, in, "app.localhost", be)
	c := newClient()
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(h.release)
	wg.Go(func() { do(t, c, in, "GET", "app.localhost", "/slow", nil) })
	<-h.entered
	if resp, _ := do(t, c, in, "GET", "app.localhost", "/", nil); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429 after the queue wait", resp.StatusCode)
	}
}

func TestConcurrencyLimitSpillsToOtherBackend(t *testing.T) {
	h := newBlocker("a")
	a, _ := startBackend(t, h, BackendOptions{MaxConcurrency: 1})
	b, _ := startBackend(t, text("b"), BackendOptions{MaxConcurrency: 1})
	in := startIngress(t, Options{})
	route(t, in, "app.localhost", a)
	c := newClient()
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(h.release)
	wg.Go(func() { do(t, c, in, "GET", "app.localhost", "/slow", nil) })
	<-h.entered
	route(t, in, "app.localhost", a, b)
	for i := 0; i < 5; i++ {
		if resp, body := do(t, c, in, "GET", "app.localhost", "/", nil); resp.StatusCode != 200 || body != "b" {
			t.Fatalf("%d %q", resp.StatusCode, body)
		}
	}
}
