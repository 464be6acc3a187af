package autoscale

import (
	"math"
	"testing"
	"time"
)

func TestHistoryAverages(t *testing.T) {
	type obs struct {
		sec int
		v   float64
	}
	cases := []struct {
		name          string
		samples       []obs
		head          int // advance to this second before averaging
		stable, panic float64
		ok            bool
	}{
		{name: "empty", head: 10},
		{name: "one sample is a partial window", samples: []obs{{0, 100}}, head: 0, stable: 100, panic: 100, ok: true},
		{name: "a sample holds until the next", samples: []obs{{0, 100}}, head: 59, stable: 100, panic: 100, ok: true},
		{name: "samples in one second average", samples: []obs{{3, 10}, {3, 30}}, head: 3, stable: 20, panic: 20, ok: true},
		// 0..53 at 0, 54..59 at 60: stable = 6×60/60, panic = 60.
		{name: "panic window sees the burst", samples: []obs{{0, 0}, {54, 60}}, head: 59, stable: 6, panic: 60, ok: true},
		// The window is 60s: the first 20 seconds fall out.
		{name: "old seconds leave the window", samples: []obs{{0, 120}, {20, 0}}, head: 79, stable: 0, panic: 0, ok: true},
		// Evicted values carry: a long gap averages to the last value.
		{name: "carry across a gap", samples: []obs{{0, 0}, {5, 42}}, head: 500, stable: 42, panic: 42, ok: true},
		// 5..9 hold 60, 10 is 0, nothing before 5: both windows see 300/6.
		{name: "late sample in the window counts", samples: []obs{{10, 0}, {5, 60}}, head: 10, stable: 50, panic: 50, ok: true},
		{name: "sample older than the window is dropped", samples: []obs{{100, 7}, {10, 1000}}, head: 100, stable: 7, panic: 7, ok: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHistory(60 * time.Second)
			for _, o := range tc.samples {
				h.add(t0.Add(time.Duration(o.sec)*time.Second), o.v)
			}
			h.advance(bucketOf(t0.Add(time.Duration(tc.head) * time.Second)))
			s, p, ok := h.averages(60, 6)
			if ok != tc.ok || math.Abs(s-tc.stable) > 1e-9 || math.Abs(p-tc.panic) > 1e-9 {
				t.Errorf("averages = %v, %v, %v; want %v, %v, %v", s, p, ok, tc.stable, tc.panic, tc.ok)
			}
		})
	}
}

func TestDelayWindow(t *testing.T) {
	w := delayWindow{span: 10 * time.Second}
	steps := []struct {
		sec, v, want int
	}{
		{0, 5, 5},
		{2, 3, 5},
		{4, 4, 5},
		{9, 1, 5},
		{10, 1, 4}, // 5 (at 0) leaves; 4 (at 4) is the largest left
		{14, 2, 2}, // 4 (at 4) leaves; 2 replaces the smaller 1s
		{15, 9, 9},
		{40, 1, 1},
	}
	for _, st := range steps {
		w.record(t0.Add(time.Duration(st.sec)*time.Second), st.v)
		if got := w.max(); got != st.want {
			t.Errorf("after %d at %ds: max = %d; want %d", st.v, st.sec, got, st.want)
		}
	}
	if len(w.items) != 1 {
		t.Errorf("window kept %d entries; want 1", len(w.items))
	}
}
