package autoscale

import (
	"testing"
	"time"
)

// BenchmarkObserve is the per-sample cost (a sampler calling it every
// second per service, or an ingress pushing every change).
func BenchmarkObserve(b *testing.B) {
	s := mustNew(b, Config{})
	at := t0
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		at = at.Add(100 * time.Millisecond)
		s.Observe(at, float64(i%500))
	}
}

// BenchmarkObserveDecide is one control-loop tick: a second's sample and a
// decision over the 60s window.
func BenchmarkObserveDecide(b *testing.B) {
	s := mustNew(b, Config{})
	at, current := t0, 1
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		at = at.Add(time.Second)
		s.Observe(at, float64((i*37)%1500))
		current = s.Decide(at, current).Desired
	}
}
