package autoscale

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden decision logs in testdata/traces")

// t0 anchors every trace; traces hold seconds since t0.
var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// decideEvery is the control loop's tick in the replays (Knative's).
const decideEvery = 2 * time.Second

type sample struct {
	at time.Duration
	v  float64
}

// readTrace parses "seconds,concurrency" lines; '#' starts a comment.
func readTrace(path string) ([]sample, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []sample
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ts, vs, ok := strings.Cut(line, ",")
		sec, err1 := strconv.ParseFloat(strings.TrimSpace(ts), 64)
		v, err2 := strconv.ParseFloat(strings.TrimSpace(vs), 64)
		if !ok || err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%s:%d: want seconds,concurrency, got %q", path, n, line)
		}
		out = append(out, sample{at: time.Duration(sec * float64(time.Second)), v: v})
	}
	return out, sc.Err()
}

type step struct {
	at time.Duration
	d  Decision
}

// replay feeds a trace to a fresh Scaler and decides every decideEvery from
// warmup on (before it, the scaler only observes, as a control loop that
// starts deciding once it has history), assuming new instances serve at
// once (current = last Desired).
func replay(t *testing.T, trace []sample, cfg Config, start int, warmup time.Duration) []step {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var steps []step
	current, i := start, 0
	end := trace[len(trace)-1].at
	for at := warmup; at <= end; at += decideEvery {
		for ; i < len(trace) && trace[i].at <= at; i++ {
			s.Observe(t0.Add(trace[i].at), trace[i].v)
		}
		d := s.Decide(t0.Add(at), current)
		steps = append(steps, step{at: at, d: d})
		current = d.Desired
	}
	return steps
}

// decisionLog is the golden form of a replay: the decisions that changed
// the count or the mode, one per line.
func decisionLog(steps []step) string {
	var b strings.Builder
	panicking := false
	for _, st := range steps {
		if st.d.Changed() || st.d.Panic != panicking {
			fmt.Fprintf(&b, "%4.0fs %s\n", st.at.Seconds(), st.d.Reason)
		}
		panicking = st.d.Panic
	}
	return b.String()
}

// at returns the decision in force at offset (the last one at or before it).
func at(steps []step, offset time.Duration) Decision {
	d := steps[0].d
	for _, st := range steps {
		if st.at > offset {
			break
		}
		d = st.d
	}
	return d
}

// reversals counts changes of scaling direction (up then down, or down
// then up): the measure of flapping.
func reversals(steps []step) int {
	n, dir := 0, 0
	for _, st := range steps {
		delta := st.d.Desired - st.d.Current
		if delta == 0 {
			continue
		}
		sign := 1
		if delta < 0 {
			sign = -1
		}
		if dir != 0 && sign != dir {
			n++
		}
		dir = sign
	}
	return n
}

func changes(steps []step) int {
	n := 0
	for _, st := range steps {
		if st.d.Changed() {
			n++
		}
	}
	return n
}

// checkInvariants holds for every decision of every replay.
func checkInvariants(t *testing.T, cfg Config, steps []step) {
	t.Helper()
	cfg = cfg.WithDefaults()
	for _, st := range steps {
		d := st.d
		if d.Desired < cfg.MinSize || d.Desired > cfg.MaxSize {
			t.Errorf("%v: desired %d outside [%d, %d]", st.at, d.Desired, cfg.MinSize, cfg.MaxSize)
		}
		if d.Panic && d.Desired < min(d.Current, cfg.MaxSize) {
			t.Errorf("%v: scaled down in panic: %s", st.at, d.Reason)
		}
		if d.Reason == "" {
			t.Errorf("%v: empty reason", st.at)
		}
	}
}
