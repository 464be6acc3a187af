package metrics

import (
	"math"
	"slices"
	"time"
)

// Histogram is a bucketed latency distribution, in the ingress's layout.
type Histogram struct {
	// Bounds are the buckets' upper bounds, ascending.
	Bounds []time.Duration
	// Counts[i] counts observations in (Bounds[i-1], Bounds[i]];
	// Counts[len(Bounds)] counts those above the last bound. Not
	// cumulative. A Counts of another length makes the histogram empty.
	Counts []uint64
	// Sum is the total of all observations.
	Sum time.Duration
}

// valid reports whether Counts matches Bounds.
func (h Histogram) valid() bool { return len(h.Counts) == len(h.Bounds)+1 }

// Count is the number of observations.
func (h Histogram) Count() uint64 {
	if !h.valid() {
		return 0
	}
	var n uint64
	for _, c := range h.Counts {
		n += c
	}
	return n
}

// Quantile estimates the q-quantile (0 ≤ q ≤ 1) as Prometheus's
// histogram_quantile does: find the bucket holding rank q×Count and
// interpolate linearly within it, the first bucket starting at 0. A rank
// in the overflow bucket returns the last bound (the histogram cannot say
// more). It is 0 for an empty histogram or one without bounds.
func (h Histogram) Quantile(q float64) time.Duration {
	total := h.Count()
	if total == 0 || len(h.Bounds) == 0 || math.IsNaN(q) {
		return 0
	}
	q = min(max(q, 0), 1)
	rank := q * float64(total)
	var below uint64
	for i, c := range h.Counts {
		if c > 0 && float64(below+c) >= rank {
			if i == len(h.Bounds) {
				return h.Bounds[len(h.Bounds)-1]
			}
			lo := time.Duration(0)
			if i > 0 {
				lo = h.Bounds[i-1]
			}
			frac := (rank - float64(below)) / float64(c)
			return lo + time.Duration(frac*float64(h.Bounds[i]-lo))
		}
		below += c
	}
	return h.Bounds[len(h.Bounds)-1] // unreachable: rank ≤ total
}

// Sub returns the observations h has beyond prev: the histogram of one
// interval from two cumulative readings. If prev has other bounds or any
// count went down (the source restarted), h is the interval.
func (h Histogram) Sub(prev Histogram) Histogram {
	if !h.valid() || !prev.valid() || !slices.Equal(h.Bounds, prev.Bounds) || prev.Sum > h.Sum {
		return h
	}
	out := Histogram{Bounds: h.Bounds, Counts: make([]uint64, len(h.Counts)), Sum: h.Sum - prev.Sum}
	for i, c := range h.Counts {
		if c < prev.Counts[i] {
			return h
		}
		out.Counts[i] = c - prev.Counts[i]
	}
	return out
}
