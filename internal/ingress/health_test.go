package ingress

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

func TestProbe(t *testing.T) {
	_, srv := startBackend(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
		case "/moved":
			http.Redirect(w, r, "/ok", http.StatusFound)
		case "/slow":
			time.Sleep(200 * time.Millisecond)
		default:
			http.Error(w, "sick", http.StatusInternalServerError)
		}
	}), BackendOptions{})
	addr := srv.Listener.Addr().String()
	closed := refusedBackend(t).Addr()
	cases := []struct {
		name string
		addr string
		hc   HealthCheck
		ok   bool
	}{
		{"tcp open", addr, HealthCheck{}, true},
		{"tcp refused", closed, HealthCheck{Protocol: ProtocolTCP}, false},
		{"http 200", addr, HealthCheck{Protocol: ProtocolHTTP, Path: "/ok"}, true},
		{"http path without slash", addr, HealthCheck{Protocol: "http", Path: "ok"}, true},
		{"http redirect counts as up", addr, HealthCheck{Protocol: ProtocolHTTP, Path: "/moved"}, true},
		{"http 500", addr, HealthCheck{Protocol: ProtocolHTTP, Path: "/sick"}, false},
		{"http timeout", addr, HealthCheck{Protocol: ProtocolHTTP, Path: "/slow", Timeout: 50 * time.Millisecond}, false},
		{"http refused", closed, HealthCheck{Protocol: ProtocolHTTP}, false},
		{"unknown protocol", addr, HealthCheck{Protocol: "UDP"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := Probe(context.Background(), tc.addr, tc.hc)
			if (err == nil) != tc.ok {
				t.Fatalf("Probe = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

func TestHealthCheckDefaults(t *testing.T) {
	got := HealthCheck{}.WithDefaults()
	want := HealthCheck{Protocol: ProtocolTCP, Path: "/", Interval: 5 * time.Second, Timeout: 2 * time.Second, HealthyThreshold: 1, UnhealthyThreshold: 5}
	if got != want {
		t.Fatalf("got %+v, want App Runner's defaults %+v", got, want)
	}
}

func TestCheckerTransitions(t *testing.T) {
	var failing atomic.Bool
	be, _ := startBackend(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if failing.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}), BackendOptions{})
	changes := make(chan bool, 8)
	hc := HealthCheck{Protocol: ProtocolHTTP, Path: "/health", Interval: 5 * time.Millisecond,
		Timeout: time.Second, HealthyThreshold: 2, UnhealthyThreshold: 3}
	ch := NewChecker(be, hc, func(b *Backend, healthy bool) {
		if b != be {
			t.Errorf("callback for another backend")
		}
		changes <- healthy
	})
	ch.Start(context.Background())
	ch.Start(context.Background()) // no second loop
	defer ch.Stop()

	failing.Store(true)
	if got := waitChange(t, changes); got != false {
		t.Fatal("first transition should be to unhealthy")
	}
	if be.Healthy() {
		t.Fatal("backend still marked healthy")
	}
	failing.Store(false)
	if got := waitChange(t, changes); got != true {
		t.Fatal("second transition should be to healthy")
	}
	if !be.Healthy() {
		t.Fatal("backend still marked unhealthy")
	}
	ch.Stop()
	ch.Stop()
	failing.Store(true)
	time.Sleep(50 * time.Millisecond)
	select {
	case v := <-changes:
		t.Fatalf("transition %v after Stop", v)
	default:
	}
}

func waitChange(t *testing.T, changes chan bool) bool {
	t.Helper()
	select {
	case v := <-changes:
		return v
	case <-time.After(5 * time.Second):
		t.Fatal("no health transition")
		return false
	}
}

func TestCheckerThresholds(t *testing.T) {
	// One failure in a row below the threshold must not flip the state.
	var n atomic.Int64
	be, _ := startBackend(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%2 == 0 {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}), BackendOptions{})
	changes := make(chan bool, 8)
	ch := NewChecker(be, HealthCheck{Protocol: ProtocolHTTP, Interval: 2 * time.Millisecond, UnhealthyThreshold: 2},
		func(_ *Backend, h bool) { changes <- h })
	ch.Start(context.Background())
	eventually(t, "20 probes", func() bool { return n.Load() >= 20 })
	ch.Stop()
	select {
	case v := <-changes:
		t.Fatalf("alternating results flipped health to %v", v)
	default:
	}
}

func TestWaitHealthy(t *testing.T) {
	// The app starts listening a little after the deployment begins.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	srv := &http.Server{Handler: text("up")}
	started := make(chan struct{})
	go func() {
		time.Sleep(100 * time.Millisecond)
		ln, err := net.Listen("tcp", addr)
		close(started)
		if err != nil {
			return
		}
		srv.Serve(ln)
	}()
	t.Cleanup(func() { <-started; srv.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := WaitHealthy(ctx, addr, HealthCheck{Protocol: ProtocolHTTP, HealthyThreshold: 2}); err != nil {
		t.Fatal(err)
	}

	ctx2, cancel2 := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel2()
	err = WaitHealthy(ctx2, refusedBackend(t).Addr(), HealthCheck{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("never-healthy: %v", err)
	}
}
