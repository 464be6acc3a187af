package ingress

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRouteStats(t *testing.T) {
	be, _ := startBackend(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/missing":
			http.NotFound(w, r)
		case "/boom":
			http.Error(w, "boom", http.StatusInternalServerError)
		}
	}), BackendOptions{})
	in := startIngress(t, Options{MaxBodyBytes: 4})
	if err := in.SetRoutes([]Route{
		{Host: "a.localhost", ServiceID: "svc-1", Backends: []*Backend{be}},
		{Host: "b.localhost", ServiceID: "svc-1", Backends: []*Backend{be}},
	}); err != nil {
		t.Fatal(err)
	}
	c := newClient()
	do(t, c, in, "GET", "a.localhost", "/", nil)
	do(t, c, in, "GET", "b.localhost", "/", nil)
	do(t, c, in, "GET", "a.localhost", "/missing", nil)
	do(t, c, in, "POST", "a.localhost", "/", strings.NewReader("too long"))
	do(t, c, in, "GET", "a.localhost", "/boom", nil)
	do(t, c, in, "GET", "nobody.localhost", "/", nil) // 404 from the ingress: no service to count

	s, ok := in.ServiceStats("svc-1")
	if !ok {
		t.Fatal("no stats for svc-1")
	}
	want := StatsSnapshot{Requests: 5, Status2xx: 2, Status4xx: 2, Status5xx: 1}
	if s.Requests != want.Requests || s.Status2xx != want.Status2xx || s.Status4xx != want.Status4xx ||
		s.Status5xx != want.Status5xx || s.InFlight != 0 {
		t.Fatalf("got %+v", s)
	}
	var inBuckets uint64
	for _, n := range s.Buckets {
		inBuckets += n
	}
	if inBuckets != 5 || s.LatencySum <= 0 {
		t.Fatalf("histogram holds %d requests, latency sum %v", inBuckets, s.LatencySum)
	}
	// Counters survive a route swap.
	if err := in.SetRoutes([]Route{{Host: "a.localhost", ServiceID: "svc-1", Backends: []*Backend{be}}}); err != nil {
		t.Fatal(err)
	}
	do(t, c, in, "GET", "a.localhost", "/", nil)
	if s := in.Stats()["svc-1"]; s.Requests != 6 {
		t.Fatalf("after swap: %d requests", s.Requests)
	}
}

func TestLatencyBuckets(t *testing.T) {
	var s RouteStats
	for _, d := range []time.Duration{0, time.Millisecond, time.Millisecond + 1, 7 * time.Second, time.Hour} {
		s.begin()
		s.end(200, d)
	}
	got := s.Snapshot().Buckets
	want := map[int]uint64{0: 2, 1: 1, 11: 1, len(LatencyBuckets): 1}
	for i, n := range got {
		if n != want[i] {
			t.Fatalf("buckets %v", got)
		}
	}
}
