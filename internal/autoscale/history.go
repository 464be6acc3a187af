package autoscale

import "time"

// history keeps one-second buckets of concurrency samples covering the last
// stable window, in a ring indexed by absolute second. Concurrency is a
// gauge: a bucket without samples holds the value of the bucket before it,
// and the value of the newest bucket pushed out of the ring is kept as carry
// so that a long gap still averages to the last value seen.
type history struct {
	ring     []bucket
	head     int64 // absolute second of the newest bucket
	started  bool
	carry    float64
	hasCarry bool
}

type bucket struct {
	sec int64 // absolute second this slot holds while n > 0
	sum float64
	n   int
}

func newHistory(window time.Duration) history {
	return history{ring: make([]bucket, int(window/bucketWidth))}
}

func bucketOf(t time.Time) int64 { return t.Unix() }

func (h *history) slot(sec int64) *bucket {
	n := int64(len(h.ring))
	return &h.ring[((sec%n)+n)%n]
}

// advance moves the head to sec, evicting the buckets that fall out of the
// ring; the newest evicted bucket with samples becomes the carry.
func (h *history) advance(sec int64) {
	if !h.started {
		h.head, h.started = sec, true
		return
	}
	if sec <= h.head {
		return
	}
	n := int64(len(h.ring))
	for s := h.head - n + 1; s <= min(h.head, sec-n); s++ {
		if b := h.slot(s); b.n > 0 && b.sec == s {
			h.carry, h.hasCarry = b.sum/float64(b.n), true
		}
	}
	for s := max(h.head+1, sec-n+1); s <= sec; s++ {
		*h.slot(s) = bucket{sec: s}
	}
	h.head = sec
}

// add records one sample. Samples older than the ring are dropped: they
// cannot change any window the scaler still looks at.
func (h *history) add(t time.Time, v float64) {
	sec := bucketOf(t)
	h.advance(sec)
	if sec <= h.head-int64(len(h.ring)) {
		return
	}
	b := h.slot(sec)
	if b.n == 0 || b.sec != sec {
		b.sec, b.sum, b.n = sec, 0, 0
	}
	b.sum += v
	b.n++
}

// averages returns the mean concurrency over the last stableN and panicN
// seconds ending at the head. Seconds before the first sample ever seen do
// not count, so a new service averages over the partial window it has. ok
// is false when there is no sample at all.
func (h *history) averages(stableN, panicN int64) (stable, panic float64, ok bool) {
	if !h.started {
		return 0, 0, false
	}
	hold, have := h.carry, h.hasCarry
	var sSum, pSum float64
	var sN, pN int
	n := int64(len(h.ring))
	for s := h.head - n + 1; s <= h.head; s++ {
		if b := h.slot(s); b.n > 0 && b.sec == s {
			hold, have = b.sum/float64(b.n), true
		}
		if !have {
			continue
		}
		if s > h.head-stableN {
			sSum += hold
			sN++
		}
		if s > h.head-panicN {
			pSum += hold
			pN++
		}
	}
	if sN == 0 || pN == 0 {
		return 0, 0, false
	}
	return sSum / float64(sN), pSum / float64(pN), true
}
