package metrics

import (
	"github.com/berth-dev/berth/internal/lifecycle"

	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Defaults for SamplerOptions' zero values: one point every 10s for the
// last hour, 360 points per service.
const (
	DefaultInterval  = 10 * time.Second
	DefaultRetention = time.Hour
)

// SamplerOptions tunes a Sampler.
type SamplerOptions struct {
	// Interval is the time between samples (DefaultInterval when 0).
	Interval time.Duration
	// Retention is how much history each series keeps, and how long a
	// service that left the source keeps its series (DefaultRetention
	// when 0).
	Retention time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Sampler keeps the last Retention of each service's metrics as Points,
// sampling its Source every Interval. Its life is NewSampler (no side
// effects) → Start → Stop; Sample and Series are safe to call at any time,
// from any goroutine.
type Sampler struct {
	src  Source
	opts SamplerOptions
	size int // points per series

	mu       sync.Mutex
	services map[string]*serviceState

	life   sync.Mutex
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// serviceState is one service's series and the previous reading its next
// point is a delta from.
type serviceState struct {
	points *series
	prev   ServiceSnapshot
	prevAt time.Time
	cpu    cpuTracker
}

// NewSampler returns a stopped Sampler over src.
func NewSampler(src Source, opts SamplerOptions) *Sampler {
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.Retention <= 0 {
		opts.Retention = DefaultRetention
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	size := int(max(opts.Retention/opts.Interval, 1))
	return &Sampler{src: src, opts: opts, size: size, services: map[string]*serviceState{}}
}

// Start takes a first sample (the baseline of the first interval) and
// then samples every Interval until Stop. ctx only bounds starting: the
// loop outlives it. Starting a running sampler does nothing.
func (s *Sampler) Start(ctx context.Context) error {
	s.life.Lock()
	defer s.life.Unlock()
	if s.cancel != nil {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("metrics: start sampler: %w", err)
	}
	loop, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s.cancel = cancel
	s.Sample(s.opts.Now())
	s.wg.Go(func() { s.run(loop) })
	return nil
}

// Stop ends the sampling loop and waits for it, or for ctx to end. The
// series stay readable. Stopping a stopped sampler does nothing.
func (s *Sampler) Stop(ctx context.Context) error {
	s.life.Lock()
	cancel := s.cancel
	s.cancel = nil
	s.life.Unlock()
	if cancel == nil {
		return nil
	}
	cancel()
	if err := lifecycle.Wait(ctx, &s.wg); err != nil {
		return fmt.Errorf("metrics: stop sampler: %w", err)
	}
	return nil
}

func (s *Sampler) run(ctx context.Context) {
	t := time.NewTicker(s.opts.Interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.Sample(s.opts.Now())
		}
	}
}

// Sample reads the source once and appends a Point, the interval since the
// previous sample, to each service's series. A service seen for the first
// time only gets its baseline. Services gone from the source for longer
// than Retention are forgotten. The loop calls it every Interval.
func (s *Sampler) Sample(now time.Time) {
	snaps := s.src.Services()
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := make(map[string]bool, len(snaps))
	for _, snap := range snaps {
		seen[snap.Service] = true
		st, ok := s.services[snap.Service]
		if !ok {
			st = &serviceState{points: newSeries(s.size)}
			s.services[snap.Service] = st
		}
		if dt := now.Sub(st.prevAt); ok && dt > 0 {
			st.points.push(interval(st.prev, snap, now, st.cpu.percent(snap.Instances, dt)))
		} else {
			st.cpu.percent(snap.Instances, 0) // baseline only
		}
		st.prev, st.prevAt = snap, now
	}
	for name, st := range s.services {
		if !seen[name] && now.Sub(st.prevAt) > s.opts.Retention {
			delete(s.services, name)
		}
	}
}

// interval computes the Point for (prev, cur]: deltas of counters (a
// counter that went down restarted, and its value is the delta), the
// interval's latency percentiles, and gauges as of cur.
func interval(prev, cur ServiceSnapshot, at time.Time, cpu float64) Point {
	lat := cur.Latency.Sub(prev.Latency)
	var mem int64
	for _, in := range cur.Instances {
		if in.HasUsage {
			mem += in.MemoryBytes
		}
	}
	return Point{
		Time:            at,
		Requests:        delta(prev.Requests, cur.Requests),
		Errors4xx:       delta(prev.Status4xx, cur.Status4xx),
		Errors5xx:       delta(prev.Status5xx, cur.Status5xx),
		P50:             lat.Quantile(0.50),
		P90:             lat.Quantile(0.90),
		P99:             lat.Quantile(0.99),
		InFlight:        cur.InFlight,
		QueueDepth:      cur.QueueDepth,
		ActiveInstances: cur.ActiveInstances,
		CPU:             cpu,
		MemoryBytes:     mem,
	}
}

func delta(prev, cur uint64) uint64 {
	if cur < prev {
		return cur
	}
	return cur - prev
}

// Series returns service's points, oldest first (nil for an unknown
// service). The slice is a copy.
func (s *Sampler) Series(service string) []Point {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.services[service]; ok {
		return st.points.list()
	}
	return nil
}

// Latest returns service's newest point.
func (s *Sampler) Latest(service string) (Point, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.services[service]; ok {
		return st.points.last()
	}
	return Point{}, false
}

// Services lists the services with a series, sorted.
func (s *Sampler) Services() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.services))
	for name := range s.services {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}
