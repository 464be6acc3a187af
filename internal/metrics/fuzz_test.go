package metrics

import (
	"testing"
	"time"
)

// FuzzQuantile checks the percentile math on arbitrary bucket counts: the
// estimate lies within [0, last bound] and never decreases as q grows.
func FuzzQuantile(f *testing.F) {
	f.Add([]byte{0, 100, 0, 0}, 0.5, 0.99)
	f.Add([]byte{255, 0, 0, 255}, 0.0, 1.0)
	f.Add([]byte{}, 0.3, 0.2)
	f.Fuzz(func(t *testing.T, counts []byte, q1, q2 float64) {
		if len(counts) > 64 {
			return
		}
		if q1 > q2 {
			q1, q2 = q2, q1
		}
		h := Histogram{Counts: make([]uint64, len(counts))}
		for i, c := range counts {
			h.Counts[i] = uint64(c)
			if i < len(counts)-1 {
				h.Bounds = append(h.Bounds, time.Duration(i+1)*time.Millisecond)
			}
		}
		a, b := h.Quantile(q1), h.Quantile(q2)
		last := time.Duration(0)
		if n := len(h.Bounds); n > 0 {
			last = h.Bounds[n-1]
		}
		for _, v := range []time.Duration{a, b} {
			if v < 0 || v > last {
				t.Fatalf("Quantile = %v outside [0, %v] for %v", v, last, counts)
			}
		}
		if q1 >= 0 && q2 <= 1 && a > b {
			t.Fatalf("Quantile(%v) = %v > Quantile(%v) = %v for %v", q1, a, q2, b, counts)
		}
	})
}
