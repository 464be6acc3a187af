package controller

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/berth-dev/berth/internal/ingress"
)

// backendOptions are the ingress settings of the generation's instances:
// App Runner's per-instance MaxConcurrency, with a queue as long as it.
func (g *generation) backendOptions() ingress.BackendOptions {
	mc := g.spec.Run.MaxConcurrency
	if mc <= 0 {
		return ingress.BackendOptions{}
	}
	return ingress.BackendOptions{MaxConcurrency: mc, MaxQueue: mc, QueueTimeout: g.c.o.QueueTimeout}
}

// scaleTo adds or removes instances until the generation runs desired,
// unless a deployment froze it meanwhile. It reports whether instances
// that should have started did not become healthy.
func (g *generation) scaleTo(desired int) (failed bool) {
	g.scaleMu.Lock()
	defer g.scaleMu.Unlock()
	g.mu.Lock()
	if g.frozen.Load() || g.ctx.Err() != nil {
		g.mu.Unlock()
		if g.ctx.Err() == nil {
			g.events("Auto scaling: decision not applied: a deployment is replacing the instances.")
		}
		return false
	}
	ctx, cancel := context.WithCancel(g.ctx)
	g.abort = cancel
	cur := len(g.slots)
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		g.abort = nil
		g.mu.Unlock()
		cancel()
	}()
	switch {
	case desired > cur:
		return !g.grow(ctx, desired-cur)
	case desired < cur:
		g.shrink(cur - desired)
	}
	return false
}

// grow starts n instances of the generation's release (the same artifact:
// nothing is rebuilt) and adds to the route those that pass their health
// check. Instances that fail are stopped and never routed, so the serving
// set is untouched; the failure goes to the event log. It reports whether
// all n serve, or ctx (a deployment taking over) ended the attempt.
func (g *generation) grow(ctx context.Context, n int) bool {
	start := time.Now()
	pending := make([]*slot, n)
	for i := range pending {
		pending[i] = g.newSlot()
	}
	errs := each(pending, func(s *slot) error {
		if err := s.start(ctx); err != nil {
			return err
		}
		return s.waitHealthy(ctx)
	})
	if ctx.Err() != nil {
		for _, s := range pending {
			s.cancel()
			s.stop(context.Background(), false)
		}
		if g.ctx.Err() == nil {
			g.events("Auto scaling: scale-out interrupted: a deployment is replacing the instances.")
		}
		return true
	}
	var ok []*slot
	var firstFail error
	for i, s := range pending {
		if errs[i] != nil {
			s.cancel()
			s.stop(context.Background(), false)
			if firstFail == nil {
				firstFail = errs[i]
			}
			continue
		}
		ok = append(ok, s)
	}
	if len(ok) > 0 {
		g.mu.Lock()
		// A new slice: readers may hold the old one.
		g.slots = append(slices.Clip(g.slots), ok...)
		total := len(g.slots)
		if g.live {
			if err := g.c.o.Ingress.SetRoute(g.route()); err != nil {
				g.c.o.Logger.Warn("route update failed", "service", g.spec.ServiceID, "err", err)
			}
		}
		g.mu.Unlock()
		for _, s := range ok {
			s.superviseStart()
		}
		g.c.saveCount(g.spec.ServiceID, total)
		g.events(fmt.Sprintf("Auto scaling: %d new instance(s) healthy and serving after %s; %d instance(s) running.",
			len(ok), time.Since(start).Round(time.Millisecond), total))
		g.c.o.Logger.Info("scaled out", "service", g.spec.ServiceID, "added", len(ok), "instances", total)
	}
	if firstFail != nil {
		g.events(fmt.Sprintf("Auto scaling: %d new instance(s) did not become healthy and were stopped; the serving instances are unchanged. Reason: %s",
			n-len(ok), reasonOf(firstFail)))
		return false
	}
	return true
}

// shrink takes n instances (at most all but one, the least busy first)
// off the route at once, then drains and stops them in the background,
// bounded by DrainTimeout (cut short if the server stops).
func (g *generation) shrink(n int) {
	g.mu.Lock()
	n = min(n, len(g.slots)-1)
	if n <= 0 {
		g.mu.Unlock()
		return
	}
	type load struct {
		s *slot
		n int64
	}
	loads := make([]load, len(g.slots))
	for i, s := range g.slots {
		loads[i] = load{s, s.inFlight()}
	}
	slices.SortStableFunc(loads, func(a, b load) int { return cmp.Compare(b.n, a.n) })
	keep := make([]*slot, 0, len(loads)-n)
	var victims []*slot
	for i, l := range loads {
		if i < len(loads)-n {
			keep = append(keep, l.s)
		} else {
			victims = append(victims, l.s)
		}
	}
	g.slots = keep
	if g.live {
		if err := g.c.o.Ingress.SetRoute(g.route()); err != nil {
			g.c.o.Logger.Warn("route update failed", "service", g.spec.ServiceID, "err", err)
		}
	}
	total := len(keep)
	g.mu.Unlock()
	g.c.saveCount(g.spec.ServiceID, total)
	for _, s := range victims {
		if b := s.currentBackend(); b != nil {
			b.StartDraining()
		}
		g.wg.Add(1)
		go func() {
			defer g.wg.Done()
			s.release()
			s.stop(g.hard, true)
		}()
	}
	g.events(fmt.Sprintf("Auto scaling: %d instance(s) taken out of service, draining; %d instance(s) running.", n, total))
	g.c.o.Logger.Info("scaled in", "service", g.spec.ServiceID, "removed", n, "instances", total)
}

// inFlight is the number of requests the slot's instance is serving.
func (s *slot) inFlight() int64 {
	if b := s.currentBackend(); b != nil {
		return b.InFlight() + b.Queued()
	}
	return 0
}

// hold stops the generation's scaling while a deployment replaces it,
// interrupts a scale action in progress and waits for it, and returns the count it runs:
// the count the deployment starts.
func (g *generation) hold() int {
	g.frozen.Store(true)
	g.mu.Lock()
	if g.abort != nil {
		g.abort() // a scale-out must not delay the deployment
	}
	g.mu.Unlock()
	g.scaleMu.Lock()
	defer g.scaleMu.Unlock()
	return g.size()
}

// unhold lets the generation scale again after a failed deployment.
func (g *generation) unhold() { g.frozen.Store(false) }
