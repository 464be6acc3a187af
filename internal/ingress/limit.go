package ingress

import (
	"context"
	"time"
)

// waitForSlot queues the caller on a backend at MaxConcurrency until a slot
// frees (true, slot taken), or the queue is full, the wait times out, ctx
// ends or the backend stops being available (false). One token wakes one
// waiter; a waiter that gets a slot passes the token on while room remains,
// so a burst of releases is never lost.
func (b *Backend) waitForSlot(ctx context.Context) bool {
	if b.waiters.Add(1) > int64(b.opts.MaxQueue) {
		b.waiters.Add(-1)
		return false
	}
	defer b.waiters.Add(-1)
	timer := time.NewTimer(b.opts.QueueTimeout)
	defer timer.Stop()
	for {
		if b.tryAcquire() {
			if b.hasRoom() && b.waiters.Load() > 1 {
				b.wakeQueue()
			}
			return true
		}
		if !b.available() {
			b.wakeQueue() // let the next waiter notice too
			return false
		}
		select {
		case <-b.slot:
		case <-timer.C:
			return false
		case <-ctx.Done():
			return false
		}
	}
}

// Queued is the number of requests waiting for a free slot on b (the
// queue depth metric).
func (b *Backend) Queued() int64 { return b.waiters.Load() }
