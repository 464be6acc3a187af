package autoscale

import "time"

// delayWindow is the scale-down delay: the maximum of the values recorded
// over the last span. It is a monotonic queue (times ascending, values
// strictly descending), so it holds at most one entry per distinct value and
// each record costs amortised O(1).
type delayWindow struct {
	span  time.Duration
	items []stamped
}

type stamped struct {
	at time.Time
	v  int
}

// record adds v at t (t never earlier than the previous record) and drops
// what has left the window.
func (w *delayWindow) record(t time.Time, v int) {
	for len(w.items) > 0 && w.items[len(w.items)-1].v <= v {
		w.items = w.items[:len(w.items)-1]
	}
	w.items = append(w.items, stamped{at: t, v: v})
	cutoff := t.Add(-w.span)
	i := 0
	for i < len(w.items)-1 && !w.items[i].at.After(cutoff) {
		i++
	}
	if i > 0 {
		w.items = append(w.items[:0], w.items[i:]...)
	}
}

// max is the largest value recorded within the span (0 when empty).
func (w *delayWindow) max() int {
	if len(w.items) == 0 {
		return 0
	}
	return w.items[0].v
}
