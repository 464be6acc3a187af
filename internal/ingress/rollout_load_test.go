package ingress

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// These tests put the ingress under a steady open-loop load (bounded in
// time and count, loopback only) while instances come and go, and count
// every failed request. The queue-overflow 429 is covered without load by
// TestConcurrencyLimitQueuesThen429.

// loadRate is the load's requests per second: above the 200 req/s the
// traffic issue asks rollouts to survive.
const loadRate = 250

// load sends GETs through an ingress at loadRate, open loop (a slow answer
// does not hold back the next request), and records every outcome.
type load struct {
	sent, ok atomic.Int64
	mu       sync.Mutex
	failures []string
	served   map[string]int // 200 responses by body (the instance's name)
	stop     context.CancelFunc
	done     chan struct{}
}

// startLoad starts the load against host; stopLoad ends it. It sends at
// most loadRate × limit requests whatever happens to the test.
func startLoad(t *testing.T, in *Ingress, host string, limit time.Duration) *load {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	l := &load{served: map[string]int{}, stop: cancel, done: make(chan struct{})}
	c := newClient()
	url := "http://" + in.HTTPAddr() + "/"
	go func() {
		defer close(l.done)
		var wg sync.WaitGroup
		defer wg.Wait()
		tick := time.NewTicker(time.Second / loadRate)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			l.sent.Add(1)
			wg.Go(func() { l.get(c, url, host) })
		}
	}()
	t.Cleanup(l.stopLoad)
	return l
}

func (l *load) get(c *http.Client, url, host string) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		l.fail(err.Error())
		return
	}
	req.Host = host
	resp, err := c.Do(req)
	if err != nil {
		l.fail(err.Error())
		return
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	switch {
	case err != nil:
		l.fail("read body: " + err.Error())
	case resp.StatusCode != http.StatusOK:
		l.fail(fmt.Sprintf("%s (request id %s)", resp.Status, resp.Header.Get("X-Request-Id")))
	default:
		l.ok.Add(1)
		l.mu.Lock()
		l.served[string(body)]++
		l.mu.Unlock()
	}
}

func (l *load) fail(what string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures = append(l.failures, what)
}

// stopLoad ends the load and waits for the requests in flight.
func (l *load) stopLoad() {
	l.stop()
	<-l.done
}

// check fails the test on any failed request, or when too few were sent
// for the test to mean anything.
func (l *load) check(t *testing.T, atLeast int64) {
	t.Helper()
	l.stopLoad()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.failures) > 0 {
		t.Fatalf("%d of %d requests failed, first: %s", len(l.failures), l.sent.Load(), l.failures[0])
	}
	if l.sent.Load() < atLeast {
		t.Fatalf("only %d requests sent, want at least %d", l.sent.Load(), atLeast)
	}
	t.Logf("%d requests, all 200; served by %v", l.ok.Load(), l.served)
}

// kill stops a test server the way a crashed process stops: the listener
// goes away and every connection, idle or mid-request, is cut.
func kill(srv *httptest.Server) {
	srv.Listener.Close()
	srv.CloseClientConnections()
}

// slowText answers body with 200 after d, so requests are in flight
// whenever an instance is swapped, drained or killed.
func slowText(body string, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(d)
		w.Write([]byte(body))
	})
}

// TestRolloutUnderSteadyLoadDropsNothing rolls a two-instance service
// three times while GETs arrive at loadRate, as App Runner's controller
// does: start the new generation, wait for its health check, swap the
// route, drain the old generation, then kill it. No request may fail.
func TestRolloutUnderSteadyLoadDropsNothing(t *testing.T) {
	in := startIngress(t, Options{})
	type gen struct {
		backends []*Backend
		servers  []*httptest.Server
	}
	deploy := func(v int) gen {
		var g gen
		for i := 0; i < 2; i++ {
			b, srv := startBackend(t, slowText(fmt.Sprintf("v%d", v), 3*time.Millisecond), BackendOptions{MaxConcurrency: 100})
			if err := WaitHealthy(context.Background(), b.Addr(), HealthCheck{Protocol: ProtocolHTTP, Path: "/"}); err != nil {
				t.Fatal(err)
			}
			g.backends, g.servers = append(g.backends, b), append(g.servers, srv)
		}
		return g
	}
	cur := deploy(0)
	route(t, in, "app.localhost", cur.backends...)
	l := startLoad(t, in, "app.localhost", 10*time.Second)

	time.Sleep(300 * time.Millisecond)
	for v := 1; v <= 3; v++ {
		next := deploy(v)
		route(t, in, "app.localhost", next.backends...)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		for _, b := range cur.backends {
			if err := b.Drain(ctx); err != nil {
				t.Errorf("drain v%d: %v", v-1, err)
			}
		}
		cancel()
		for _, srv := range cur.servers {
			kill(srv)
		}
		cur = next
		time.Sleep(900 * time.Millisecond) // the new generation serves for a while
	}
	l.check(t, loadRate*2)
	for v := 0; v <= 3; v++ {
		if l.served[fmt.Sprintf("v%d", v)] == 0 {
			t.Errorf("generation v%d served nothing: %v", v, l.served)
		}
	}
}

// TestInstanceKilledUnderLoadRetriesGETs kills one of two instances while
// it holds requests and GETs keep arriving: the requests cut mid-flight
// and the ones that then meet a refused connection are retried on the
// live instance, so no GET fails.
func TestInstanceKilledUnderLoadRetriesGETs(t *testing.T) {
	var armed atomic.Bool
	entered := make(chan struct{}, 1024)
	release := make(chan struct{})
	doomed := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if armed.Load() { // held until the instance dies under it
			entered <- struct{}{}
			<-release
			return
		}
		time.Sleep(3 * time.Millisecond)
		w.Write([]byte("doomed"))
	})
	a, srvA := startBackend(t, doomed, BackendOptions{})
	t.Cleanup(func() { close(release) }) // before srvA's cleanup waits for its handlers
	b, _ := startBackend(t, slowText("live", 3*time.Millisecond), BackendOptions{})
	in := startIngress(t, Options{})
	route(t, in, "app.localhost", a, b)
	l := startLoad(t, in, "app.localhost", 10*time.Second)

	time.Sleep(300 * time.Millisecond)
	armed.Store(true)
	<-entered // at least one request is mid-flight on a
	held := a.InFlight()
	kill(srvA)
	time.Sleep(time.Second) // a stays in the route, refusing connections
	l.check(t, loadRate)
	if l.served["doomed"] == 0 || l.served["live"] == 0 {
		t.Fatalf("both instances should have served before the kill: %v", l.served)
	}
	t.Logf("%d requests were in flight on the killed instance", held)
}
