package ingress

import (
	"sync/atomic"
	"time"
)

// LatencyBuckets are the upper bounds of the latency histogram kept per
// route; a final implicit bucket counts everything slower. They match the
// resolution a request-latency metric needs (1ms … 10s).
var LatencyBuckets = [...]time.Duration{
	time.Millisecond,
	5 * time.Millisecond,
	10 * time.Millisecond,
	25 * time.Millisecond,
	50 * time.Millisecond,
	100 * time.Millisecond,
	250 * time.Millisecond,
	500 * time.Millisecond,
	time.Second,
	2500 * time.Millisecond,
	5 * time.Second,
	10 * time.Second,
}

// RouteStats are a service's request counters, updated with atomics on the
// hot path and read with Snapshot by a metrics endpoint.
type RouteStats struct {
	requests  atomic.Uint64
	status    [6]atomic.Uint64 // index: status/100 (1xx … 5xx); 0 unused
	inflight  atomic.Int64
	waiting   atomic.Int64
	latencyNS atomic.Uint64
	buckets   [len(LatencyBuckets) + 1]atomic.Uint64
}

// StatsSnapshot is a point-in-time copy of RouteStats.
type StatsSnapshot struct {
	Requests uint64
	// Status2xx, Status4xx, Status5xx count responses by class (2xx
	// includes 1xx upgrades' 101; 3xx are counted in Status3xx).
	Status2xx, Status3xx, Status4xx, Status5xx uint64
	InFlight                                   int64
	// Waiting counts the requests (among InFlight) waiting for a route
	// with no backends yet to get some (Options.StartWait): the service's
	// queue while its first instances start.
	Waiting int64
	// LatencySum is the total time spent serving the counted requests.
	LatencySum time.Duration
	// Buckets[i] counts requests at most LatencyBuckets[i]; the last entry
	// counts the slower ones. Not cumulative.
	Buckets [len(LatencyBuckets) + 1]uint64
}

func (s *RouteStats) begin() { s.inflight.Add(1) }

// end records one finished request.
func (s *RouteStats) end(status int, d time.Duration) {
	s.inflight.Add(-1)
	s.requests.Add(1)
	class := status / 100
	if class == 1 {
		class = 2
	}
	if class >= 2 && class <= 5 {
		s.status[class].Add(1)
	}
	s.latencyNS.Add(uint64(d))
	i := 0
	for i < len(LatencyBuckets) && d > LatencyBuckets[i] {
		i++
	}
	s.buckets[i].Add(1)
}

// Snapshot copies the counters; fields are read one by one, so a snapshot
// taken under load may be off by the requests finishing meanwhile.
func (s *RouteStats) Snapshot() StatsSnapshot {
	out := StatsSnapshot{
		Requests:   s.requests.Load(),
		Status2xx:  s.status[2].Load(),
		Status3xx:  s.status[3].Load(),
		Status4xx:  s.status[4].Load(),
		Status5xx:  s.status[5].Load(),
		InFlight:   s.inflight.Load(),
		Waiting:    s.waiting.Load(),
		LatencySum: time.Duration(s.latencyNS.Load()),
	}
	for i := range s.buckets {
		out.Buckets[i] = s.buckets[i].Load()
	}
	return out
}
