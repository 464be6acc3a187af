package autoscale

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// traceCase replays testdata/traces/<trace>.trace and compares the decision
// log with testdata/traces/<name>.golden (go test -update rewrites it);
// check asserts what the scenario is about.
type traceCase struct {
	name  string
	trace string
	cfg   Config
	start int
	// warmup is how long the scaler observes before the first decision.
	warmup time.Duration
	check  func(t *testing.T, steps []step)
}

const sec = time.Second

var traceCases = []traceCase{
	{name: "steady", trace: "steady", start: 1, check: func(t *testing.T, steps []step) {
		// 250 ÷ 70 → 4 instances, reached on the first tick (panic: 4 ≥ 2×1)
		// and then held without a single further change.
		if d := at(steps, 4*sec); d.Desired != 4 {
			t.Errorf("at 4s: %s; want 4", d.Reason)
		}
		if n := changes(steps); n != 1 {
			t.Errorf("%d changes; want 1 (one step up, then hold)", n)
		}
		if d := at(steps, 599*sec); d.Panic {
			t.Errorf("still panicking at the end: %s", d.Reason)
		}
	}},
	{name: "burst", trace: "burst", start: 1, check: func(t *testing.T, steps []step) {
		if d := at(steps, 119*sec); d.Desired != 1 || d.Panic {
			t.Errorf("before the burst: %s; want 1, calm", d.Reason)
		}
		// 1000 ÷ 70 → 15, reached within the 6s panic window.
		if d := at(steps, 126*sec); d.Desired < 15 || !d.Panic {
			t.Errorf("6s into the burst: %s; want ≥ 15 in panic", d.Reason)
		}
		// Panic lasts a stable window after its last trigger (122s: 8 → 13
		// is under 2×), by when the burst fills the stable average too.
		if d := at(steps, 182*sec); !d.Panic {
			t.Errorf("at 182s: %s; want still in panic", d.Reason)
		}
		if d := at(steps, 184*sec); d.Panic {
			t.Errorf("at 184s: %s; want panic over", d.Reason)
		}
		// The burst ends at 240s; the stable average decays over a minute
		// and each lower count must first last ScaleDownDelay (30s), so
		// nothing is removed for at least 20s.
		if d := at(steps, 260*sec); d.Desired != 15 {
			t.Errorf("20s after the burst: %s; want still 15", d.Reason)
		}
		if d := at(steps, 599*sec); d.Desired != 1 || d.Panic {
			t.Errorf("at the end: %s; want back to 1, calm", d.Reason)
		}
	}},
	{name: "burst-maxsize5", trace: "burst", cfg: Config{MaxSize: 5}, start: 1, check: func(t *testing.T, steps []step) {
		d := at(steps, 130*sec)
		if d.Desired != 5 || !strings.Contains(d.Reason, "capped at MaxSize 5") {
			t.Errorf("in the burst: %s; want 5, capped", d.Reason)
		}
	}},
	{name: "ramp", trace: "ramp", start: 1, check: func(t *testing.T, steps []step) {
		prev, entries := 0, 0
		for i, st := range steps {
			if st.d.Desired < prev {
				t.Errorf("%v: scaled down on a rising ramp: %s", st.at, st.d.Reason)
			}
			prev = st.d.Desired
			if st.d.Panic && (i == 0 || !steps[i-1].d.Panic) {
				entries++
				if st.d.Current != 1 {
					t.Errorf("%v: panic on a slow ramp: %s", st.at, st.d.Reason)
				}
			}
		}
		// At one instance, needing two is a 200% jump: the only panic.
		if entries > 1 {
			t.Errorf("%d panics; want at most the one at 1 instance", entries)
		}
		// The stable average lags the ramp by half a window (35 requests,
		// half an instance): the count follows ceil(c ÷ 70) within one.
		if d := at(steps, 598*sec); d.Desired < 9 || d.Desired > 10 {
			t.Errorf("at the end (≈700): %s; want 9 or 10", d.Reason)
		}
	}},
	{name: "drop", trace: "drop", start: 8, check: func(t *testing.T, steps []step) {
		if d := at(steps, 179*sec); d.Desired != 8 {
			t.Errorf("under load: %s; want 8", d.Reason)
		}
		// Traffic stops at 180s: nothing is removed for ScaleDownDelay.
		for _, st := range steps {
			if st.at < 210*sec && st.d.Desired < st.d.Current {
				t.Errorf("%v: scaled in before the quiet period: %s", st.at, st.d.Reason)
			}
		}
		if d := at(steps, 599*sec); d.Desired != 1 {
			t.Errorf("at the end: %s; want MinSize 1", d.Reason)
		}
	}},
	{name: "drop-minsize3", trace: "drop", cfg: Config{MinSize: 3}, start: 8, check: func(t *testing.T, steps []step) {
		if d := at(steps, 599*sec); d.Desired != 3 {
			t.Errorf("at the end: %s; want MinSize 3", d.Reason)
		}
	}},
	{name: "drop-nodelay", trace: "drop", cfg: Config{ScaleDownDelay: -1}, start: 8, check: func(t *testing.T, steps []step) {
		// Without the delay, scale-in starts as soon as the stable average
		// falls (a control for the case above).
		if d := at(steps, 180*sec+29*sec); d.Desired >= 8 {
			t.Errorf("29s after the drop, no delay: %s; want fewer than 8", d.Reason)
		}
	}},
	// Flapping load averages to 250 (4 instances) and 200 (3): after a
	// stable window of history, the count must not move at all.
	{name: "flapping", trace: "flapping", start: 4, warmup: 60 * sec, check: noFlapping},
	{name: "flapping-slow", trace: "flapping-slow", start: 3, warmup: 60 * sec, check: noFlapping},
	// Starting cold on the high phase, the partial window overshoots once
	// and comes back: one reversal, then calm.
	{name: "flapping-cold", trace: "flapping", start: 4, check: func(t *testing.T, steps []step) {
		if n := reversals(steps); n > 1 {
			t.Errorf("%d reversals; want at most 1 (the cold start)", n)
		}
		if n := changes(steps[30:]); n != 0 {
			t.Errorf("%d changes after the first minute; want none", n)
		}
	}},
	{name: "overload", trace: "overload", start: 1, check: func(t *testing.T, steps []step) {
		d := at(steps, 70*sec)
		if d.Desired != 25 || !strings.Contains(d.Reason, "capped at MaxSize 25") {
			t.Errorf("3000 concurrent: %s; want 25, capped", d.Reason)
		}
	}},
}

func noFlapping(t *testing.T, steps []step) {
	if n := reversals(steps); n != 0 {
		t.Errorf("%d reversals of direction; want none", n)
	}
	if n := changes(steps); n != 0 {
		t.Errorf("%d changes; want none", n)
	}
}

func TestTraces(t *testing.T) {
	for _, tc := range traceCases {
		t.Run(tc.name, func(t *testing.T) {
			trace, err := readTrace(filepath.Join("testdata", "traces", tc.trace+".trace"))
			if err != nil || len(trace) == 0 {
				t.Fatalf("trace %s: %v (%d samples)", tc.trace, err, len(trace))
			}
			steps := replay(t, trace, tc.cfg, tc.start, tc.warmup)
			checkInvariants(t, tc.cfg, steps)
			tc.check(t, steps)

			got := decisionLog(steps)
			golden := filepath.Join("testdata", "traces", tc.name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("decision log differs from %s (go test -update rewrites it):\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
}
