package ingress

import (
	"context"
	"sync"
	"time"
)

// Checker probes one backend every Interval and flips its health after
// HealthyThreshold consecutive successes or UnhealthyThreshold consecutive
// failures, as App Runner does. Its goroutine lives between Start and Stop.
type Checker struct {
	b        *Backend
	hc       HealthCheck
	onChange func(b *Backend, healthy bool)

	mu     sync.Mutex
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// NewChecker returns a stopped checker for b. onChange (may be nil) is
// called from the checker's goroutine after each transition, after b's
// health flag has changed; it should not block for long.
func NewChecker(b *Backend, hc HealthCheck, onChange func(b *Backend, healthy bool)) *Checker {
	return &Checker{b: b, hc: hc.WithDefaults(), onChange: onChange}
}

// Start launches the probe loop (first probe at once). Starting a running
// checker does nothing.
func (c *Checker) Start(ctx context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cancel != nil {
		return
	}
	ctx, c.cancel = context.WithCancel(ctx)
	c.wg.Go(func() { c.run(ctx) })
}

// Stop ends the probe loop and waits for it. Safe to call more than once.
func (c *Checker) Stop() {
	c.mu.Lock()
	cancel := c.cancel
	c.cancel = nil
	c.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	c.wg.Wait()
}

func (c *Checker) run(ctx context.Context) {
	t := time.NewTicker(c.hc.Interval)
	defer t.Stop()
	var ok, bad int
	for {
		err := Probe(ctx, c.b.addr, c.hc)
		if ctx.Err() != nil {
			return
		}
		if err == nil {
			ok, bad = ok+1, 0
			if !c.b.Healthy() && ok >= c.hc.HealthyThreshold {
				c.transition(true)
			}
		} else {
			ok, bad = 0, bad+1
			if c.b.Healthy() && bad >= c.hc.UnhealthyThreshold {
				c.transition(false)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (c *Checker) transition(healthy bool) {
	c.b.SetHealthy(healthy)
	if c.onChange != nil {
		c.onChange(c.b, healthy)
	}
}
