package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/berth-dev/berth/internal/autoscale"
)

// control is the scaling loop: it feeds the scaler the fleet's concurrency
// every sample and acts on its decision every tick (scale-out only: the
// run is shorter than the scale-down delay).
type control struct {
	scaler *autoscale.Scaler
	fleet  *fleet
	errs   chan error

	mu            sync.Mutex
	start         time.Time
	firstDecision time.Duration // burst start → first scale-up decision
	desiredMax    int
}

func (c *control) markStart(t time.Time) {
	c.mu.Lock()
	c.start = t
	c.mu.Unlock()
	c.fleet.mu.Lock()
	c.fleet.start = t
	c.fleet.mu.Unlock()
}

func (c *control) loop(ctx context.Context, sample, tick time.Duration) {
	st := time.NewTicker(sample)
	defer st.Stop()
	dt := time.NewTicker(tick)
	defer dt.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-st.C:
			_, conc := c.fleet.counts()
			c.scaler.Observe(now, conc)
		case now := <-dt.C:
			c.decide(now)
		}
	}
}

func (c *control) decide(now time.Time) {
	serving, conc := c.fleet.counts()
	c.scaler.Observe(now, conc)
	d := c.scaler.Decide(now, serving)
	c.mu.Lock()
	since := time.Duration(0)
	if !c.start.IsZero() {
		since = now.Sub(c.start)
	}
	c.desiredMax = max(c.desiredMax, d.Desired)
	if d.Desired > serving && c.firstDecision == 0 && since > 0 {
		c.firstDecision = since
	}
	c.mu.Unlock()
	if d.Changed() {
		fmt.Fprintf(os.Stderr, "burst: t=%+.2fs %s\n", since.Seconds(), d.Reason)
	}
	c.fleet.scaleUp(d.Desired, c.errs)
}
