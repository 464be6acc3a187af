package metrics

import (
	"math"
	"testing"
	"time"
)

const ms = time.Millisecond

func TestHistogramQuantile(t *testing.T) {
	bounds := []time.Duration{10 * ms, 100 * ms, time.Second}
	cases := []struct {
		name   string
		counts []uint64
		q      float64
		want   time.Duration
	}{
		{"empty", []uint64{0, 0, 0, 0}, 0.5, 0},
		// All 100 in (10ms, 100ms]: rank 50 is halfway through it.
		{"one bucket, median", []uint64{0, 100, 0, 0}, 0.5, 55 * ms},
		{"one bucket, p99", []uint64{0, 100, 0, 0}, 0.99, 99100 * time.Microsecond},
		// First bucket starts at 0: rank 25 of 50 is 5ms.
		{"first bucket from zero", []uint64{50, 50, 0, 0}, 0.25, 5 * ms},
		// Rank 90 of 100: 60 below 10ms, 30 in (10, 100] → the end of it.
		{"bucket edge", []uint64{60, 30, 10, 0}, 0.9, 100 * ms},
		{"across buckets", []uint64{60, 30, 10, 0}, 0.95, 550 * ms},
		{"overflow bucket gives the last bound", []uint64{0, 0, 1, 9}, 0.5, time.Second},
		{"q=0 is the first non-empty bucket's start", []uint64{0, 4, 4, 0}, 0, 10 * ms},
		{"q=1 is the last non-empty bucket's end", []uint64{0, 4, 4, 0}, 1, time.Second},
		{"q above 1 is 1", []uint64{0, 4, 4, 0}, 7, time.Second},
		{"NaN", []uint64{0, 4, 4, 0}, math.NaN(), 0},
		{"counts of the wrong length", []uint64{1, 2}, 0.5, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := Histogram{Bounds: bounds, Counts: tc.counts}
			if got := h.Quantile(tc.q); got != tc.want {
				t.Errorf("Quantile(%v) = %v; want %v", tc.q, got, tc.want)
			}
		})
	}
	if got := (Histogram{Counts: []uint64{5}}).Quantile(0.5); got != 0 {
		t.Errorf("no bounds: Quantile = %v; want 0", got)
	}
}

func TestHistogramSub(t *testing.T) {
	bounds := []time.Duration{10 * ms, 100 * ms}
	prev := Histogram{Bounds: bounds, Counts: []uint64{5, 3, 1}, Sum: 300 * ms}
	cur := Histogram{Bounds: bounds, Counts: []uint64{9, 3, 2}, Sum: 1300 * ms}
	d := cur.Sub(prev)
	if d.Count() != 5 || d.Counts[0] != 4 || d.Counts[1] != 0 || d.Counts[2] != 1 || d.Sum != time.Second {
		t.Errorf("Sub = %+v; want counts [4 0 1], sum 1s", d)
	}
	if prev.Counts[0] != 5 || cur.Counts[0] != 9 {
		t.Error("Sub modified its operands")
	}
	// A reset (counts went down) or another layout: the reading is the
	// interval.
	reset := Histogram{Bounds: bounds, Counts: []uint64{1, 0, 0}, Sum: ms}
	if d := reset.Sub(cur); d.Count() != 1 {
		t.Errorf("after a reset: %+v; want the new reading", d)
	}
	other := Histogram{Bounds: []time.Duration{ms}, Counts: []uint64{1, 1}}
	if d := cur.Sub(other); d.Count() != cur.Count() {
		t.Errorf("other bounds: %+v; want the new reading", d)
	}
	if d := cur.Sub(Histogram{}); d.Count() != cur.Count() {
		t.Errorf("from nothing: %+v; want the new reading", d)
	}
}
