package metrics

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"
)

// liveSource is a Source whose snapshots a test changes between samples.
type liveSource struct {
	mu    sync.Mutex
	snaps []ServiceSnapshot
	calls int
}

func (l *liveSource) Services() []ServiceSnapshot {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls++
	return append([]ServiceSnapshot(nil), l.snaps...)
}

func (l *liveSource) set(snaps ...ServiceSnapshot) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.snaps = snaps
}

var (
	t0     = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	bounds = []time.Duration{10 * ms, 100 * ms, time.Second}
)

// api is a service snapshot with the given cumulative counters.
func api(requests, s5xx uint64, lat []uint64, cpu float64) ServiceSnapshot {
	return ServiceSnapshot{
		Service: "api", Requests: requests, Status2xx: requests - s5xx, Status5xx: s5xx,
		InFlight: 4, QueueDepth: 1, ActiveInstances: 2,
		Latency: Histogram{Bounds: bounds, Counts: lat},
		Instances: []InstanceSnapshot{
			{ID: "i-1", HasUsage: true, CPUSeconds: cpu, MemoryBytes: 100 << 20},
			{ID: "i-2", HasUsage: true, CPUSeconds: cpu, MemoryBytes: 50 << 20},
		},
	}
}

func TestSamplerPoints(t *testing.T) {
	src := &liveSource{}
	s := NewSampler(src, SamplerOptions{Interval: 10 * time.Second, Retention: 30 * time.Second})

	src.set(api(100, 0, []uint64{100, 0, 0, 0}, 10))
	s.Sample(t0)
	if got := s.Series("api"); len(got) != 0 {
		t.Fatalf("after the baseline: %d points; want none", len(got))
	}

	// 200 more requests, 2 of them 5xx; 100 fast, 100 in (10, 100]ms;
	// each instance used 5 CPU-seconds in 10s (50% each).
	src.set(api(300, 2, []uint64{200, 100, 0, 0}, 15))
	s.Sample(t0.Add(10 * time.Second))
	got := s.Series("api")
	if len(got) != 1 {
		t.Fatalf("%d points; want 1", len(got))
	}
	want := Point{Time: t0.Add(10 * time.Second), Requests: 200, Errors5xx: 2,
		P50: 10 * ms, P90: 82 * ms, P99: 98200 * time.Microsecond,
		InFlight: 4, QueueDepth: 1, ActiveInstances: 2, CPU: 100, MemoryBytes: 150 << 20}
	if got[0] != want {
		t.Errorf("point = %+v\nwant    %+v", got[0], want)
	}

	// An idle interval: no requests, percentiles 0, CPU 0.
	s.Sample(t0.Add(20 * time.Second))
	if p, _ := s.Latest("api"); p.Requests != 0 || p.P99 != 0 || p.CPU != 0 {
		t.Errorf("idle point = %+v; want zero requests, latency and CPU", p)
	}

	// The ingress restarted: counters start over, and the new values are
	// the interval's.
	src.set(api(7, 1, []uint64{7, 0, 0, 0}, 1))
	s.Sample(t0.Add(30 * time.Second))
	if p, _ := s.Latest("api"); p.Requests != 7 || p.Errors5xx != 1 || p.CPU != 20 {
		t.Errorf("after a reset: %+v; want 7 requests, 1 error, 20%% CPU", p)
	}

	// Retention 30s at 10s: three points, oldest dropped.
	s.Sample(t0.Add(40 * time.Second))
	got = s.Series("api")
	if len(got) != 3 || !got[0].Time.Equal(t0.Add(20*time.Second)) || !got[2].Time.Equal(t0.Add(40*time.Second)) {
		t.Errorf("series after wraparound: %d points from %v to %v; want 3 from 20s to 40s", len(got), got[0].Time, got[len(got)-1].Time)
	}
}

func TestSamplerForgetsGoneServices(t *testing.T) {
	src := &liveSource{}
	s := NewSampler(src, SamplerOptions{Interval: 10 * time.Second, Retention: 30 * time.Second})
	src.set(api(1, 0, []uint64{1, 0, 0, 0}, 0), ServiceSnapshot{Service: "old"})
	s.Sample(t0)
	s.Sample(t0.Add(10 * time.Second))
	src.set(api(1, 0, []uint64{1, 0, 0, 0}, 0))
	s.Sample(t0.Add(30 * time.Second))
	if got := s.Services(); len(got) != 2 || got[0] != "api" || got[1] != "old" {
		t.Errorf("services 20s after old left = %v; want both kept", got)
	}
	if got := s.Series("old"); len(got) != 1 {
		t.Errorf("old's series = %d points; want its one point kept", len(got))
	}
	s.Sample(t0.Add(50 * time.Second))
	if got := s.Services(); len(got) != 1 || got[0] != "api" {
		t.Errorf("services 40s after old left = %v; want only api", got)
	}
	if got := s.Series("old"); got != nil {
		t.Errorf("forgotten series = %v; want nil", got)
	}
}

func TestSamplerClockBackwards(t *testing.T) {
	src := &liveSource{}
	src.set(api(10, 0, []uint64{10, 0, 0, 0}, 1))
	s := NewSampler(src, SamplerOptions{})
	s.Sample(t0)
	s.Sample(t0.Add(-time.Second)) // re-baselines, no point
	src.set(api(20, 0, []uint64{20, 0, 0, 0}, 2))
	s.Sample(t0.Add(9 * time.Second))
	got := s.Series("api")
	if len(got) != 1 || got[0].Requests != 10 {
		t.Errorf("points = %+v; want one point of 10 requests", got)
	}
}

func TestSamplerLifecycle(t *testing.T) {
	before := runtime.NumGoroutine()
	src := &liveSource{}
	src.set(api(1, 0, []uint64{1, 0, 0, 0}, 0))
	s := NewSampler(src, SamplerOptions{Interval: time.Millisecond})
	if src.calls != 0 {
		t.Fatal("NewSampler read the source")
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Start(ctx); err != nil {
		t.Errorf("second Start: %v; want a no-op", err)
	}
	cancel() // only bounded starting: the loop goes on
	deadline := time.Now().Add(5 * time.Second)
	for len(s.Series("api")) < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("sampler took %d points in 5s; want 3", len(s.Series("api")))
		}
		time.Sleep(time.Millisecond)
	}
	stop, cancelStop := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancelStop()
	if err := s.Stop(stop); err != nil {
		t.Fatal(err)
	}
	if err := s.Stop(stop); err != nil {
		t.Errorf("second Stop: %v; want a no-op", err)
	}
	n := len(s.Series("api"))
	time.Sleep(20 * time.Millisecond)
	if len(s.Series("api")) != n {
		t.Error("points added after Stop")
	}
	// The sampler's goroutine is gone (allow the runtime a moment).
	for i := 0; runtime.NumGoroutine() > before; i++ {
		if i == 100 {
			t.Fatalf("%d goroutines after Stop; %d before Start", runtime.NumGoroutine(), before)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestSamplerStartCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := NewSampler(&liveSource{}, SamplerOptions{})
	if err := s.Start(ctx); err == nil {
		t.Error("Start with a cancelled context: want an error")
	}
	if err := s.Stop(context.Background()); err != nil {
		t.Errorf("Stop of a sampler that never started: %v", err)
	}
}
