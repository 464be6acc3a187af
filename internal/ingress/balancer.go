package ingress

import "context"

// acquire picks the backend with the fewest outstanding requests among the
// available ones (ties broken round-robin by a rotating start), skipping
// exclude (the backend a retry is moving away from), and takes a slot on
// it. When every candidate is at MaxConcurrency it queues on the least busy
// one. It returns ErrNoBackend when nothing can serve, ErrOverloaded when
// the queue is full or timed out.
func (e *routeEntry) acquire(ctx context.Context, exclude *Backend) (*Backend, error) {
	n := len(e.backends)
	if n == 0 {
		return nil, ErrNoBackend
	}
	for attempt := 0; attempt < 4; attempt++ {
		start := int(e.rr.Add(1))
		var best, full *Backend
		var bestN, fullN int64
		for i := 0; i < n; i++ {
			b := e.backends[(start+i)%n]
			if b == exclude || !b.available() {
				continue
			}
			f := b.inflight.Load()
			if !b.hasRoom() {
				if full == nil || f < fullN {
					full, fullN = b, f
				}
				continue
			}
			if best == nil || f < bestN {
				best, bestN = b, f
			}
		}
		switch {
		case best != nil:
			if best.tryAcquire() {
				return best, nil
			}
			// Lost a race for the last slot or the backend began
			// draining: look again.
		case full != nil:
			if full.waitForSlot(ctx) {
				return full, nil
			}
			if full.available() {
				return nil, ErrOverloaded
			}
		default:
			return nil, ErrNoBackend
		}
	}
	return nil, ErrOverloaded
}
