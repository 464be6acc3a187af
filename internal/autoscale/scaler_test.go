package autoscale

import (
	"math"
	"strings"
	"sync"
	"testing"
	"time"
)

func mustNew(t testing.TB, cfg Config) *Scaler {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// feed observes v once a second over [from, to) seconds after t0.
func feed(s *Scaler, from, to int, v float64) {
	for i := from; i < to; i++ {
		s.Observe(t0.Add(time.Duration(i)*time.Second), v)
	}
}

func TestDecideReason(t *testing.T) {
	s := mustNew(t, Config{})
	feed(s, 0, 6, 280)
	d := s.Decide(t0.Add(5*time.Second), 1)
	want := "scale 1 → 4: panic, concurrency 280.0 over 6s, target 70 per instance"
	if d.Reason != want || d.Desired != 4 || !d.Panic || !d.Changed() || d.String() != want {
		t.Errorf("Decide = %+v\nwant reason %q", d, want)
	}
	d = s.Decide(t0.Add(7*time.Second), 4)
	if want := "hold 4: panic, concurrency 280.0 over 6s, target 70 per instance"; d.Reason != want {
		t.Errorf("Reason = %q; want %q", d.Reason, want)
	}
}

func TestDecideNoData(t *testing.T) {
	s := mustNew(t, Config{MinSize: 2, MaxSize: 5})
	cases := []struct {
		current, want int
		reason        string
	}{
		{3, 3, "hold 3: no concurrency samples yet"},
		{0, 2, "scale 0 → 2: no concurrency samples yet, keeping within [2, 5]"},
		{9, 5, "scale 9 → 5: no concurrency samples yet, keeping within [2, 5]"},
	}
	for _, tc := range cases {
		d := s.Decide(t0, tc.current)
		if d.Desired != tc.want || d.Reason != tc.reason {
			t.Errorf("Decide(%d) = %d %q; want %d %q", tc.current, d.Desired, d.Reason, tc.want, tc.reason)
		}
	}
}

func TestObserveIgnoresBadSamples(t *testing.T) {
	s := mustNew(t, Config{})
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), -5} {
		s.Observe(t0, v)
	}
	if d := s.Decide(t0, 1); !strings.Contains(d.Reason, "no concurrency samples") {
		t.Errorf("after bad samples: %s; want no data", d.Reason)
	}
}

func TestDecideRateLimits(t *testing.T) {
	// 7000 concurrent wants 100 instances; MaxScaleUpRate 2 allows 2× per
	// step; MaxSize is out of the way.
	s := mustNew(t, Config{MaxSize: 1000, MaxScaleUpRate: 2, ScaleDownDelay: -1})
	feed(s, 0, 60, 7000)
	current := 3
	for _, want := range []int{6, 12, 24, 48, 96, 100} {
		d := s.Decide(t0.Add(59*time.Second), current)
		if d.Desired != want {
			t.Fatalf("from %d: %s; want %d", current, d.Reason, want)
		}
		current = d.Desired
	}
	// Down: at most halving per step (MaxScaleDownRate 2) once calm.
	s = mustNew(t, Config{MaxSize: 1000, ScaleDownDelay: -1})
	feed(s, 0, 60, 70)
	d := s.Decide(t0.Add(59*time.Second), 40)
	if d.Desired != 20 || !strings.Contains(d.Reason, "scale-down limited to 20 (÷2, wanted 1)") {
		t.Errorf("from 40 at 70 concurrent: %s; want 20, limited", d.Reason)
	}
}

func TestDecidePanicNeverScalesDown(t *testing.T) {
	s := mustNew(t, Config{ScaleDownDelay: -1})
	feed(s, 0, 54, 0)
	feed(s, 54, 60, 700) // panic window: 700 → 10 instances ≥ 2 × 1
	d := s.Decide(t0.Add(59*time.Second), 1)
	if !d.Panic || d.Desired != 10 {
		t.Fatalf("burst: %s; want panic to 10", d.Reason)
	}
	// Load vanishes; an operator meanwhile ran 12 instances. Panic holds
	// the higher count for a stable window after the last trigger.
	feed(s, 60, 100, 0)
	d = s.Decide(t0.Add(99*time.Second), 12)
	if !d.Panic || d.Desired != 12 || !strings.Contains(d.Reason, "holding 12 in panic") {
		t.Errorf("in panic with no load: %s; want hold 12", d.Reason)
	}
	feed(s, 100, 121, 0)
	d = s.Decide(t0.Add(120*time.Second), 12)
	if d.Panic || d.Desired >= 12 || !strings.Contains(d.Reason, "panic over") {
		t.Errorf("a stable window after the burst: %s; want calm, scaling down", d.Reason)
	}
}

func TestDecideTimeGoingBack(t *testing.T) {
	s := mustNew(t, Config{})
	feed(s, 0, 60, 140)
	a := s.Decide(t0.Add(59*time.Second), 2)
	b := s.Decide(t0, 2) // clock stepped back: taken as 59s
	if a.Desired != 2 || b.Desired != 2 || b.StableConcurrency != a.StableConcurrency {
		t.Errorf("decisions %+v then %+v; want both 2 on the same average", a, b)
	}
}

func TestScalerConcurrentUse(t *testing.T) {
	s := mustNew(t, Config{})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				at := t0.Add(time.Duration(i) * 10 * time.Millisecond)
				if g == 0 {
					s.Decide(at, 3)
				} else {
					s.Observe(at, float64(i%300))
				}
			}
		}()
	}
	wg.Wait()
	if d := s.Decide(t0.Add(10*time.Second), 3); d.Desired < 1 || d.Desired > 25 {
		t.Errorf("after concurrent use: %+v", d)
	}
}
