package controller

import (
	"time"

	"github.com/berth-dev/berth/internal/autoscale"
)

// scalerFor returns the autoscaler of a service about to run spec: the
// one it has when its scaling settings are unchanged (its history and
// scale-down delay carry over to the new generation), else a new one.
// It returns nil for a service of fixed size, or when the settings are
// invalid (then logged: the service runs its minimum). The caller holds
// st.mu.
func (c *Controller) scalerFor(st *serviceState, spec Spec) *autoscale.Scaler {
	run := spec.Run
	minSize := max(run.Instances, 1)
	if run.MaxInstances <= minSize {
		st.scaler = nil
		return nil
	}
	cfg := c.o.Autoscale
	cfg.MaxConcurrency, cfg.MinSize, cfg.MaxSize = run.MaxConcurrency, minSize, run.MaxInstances
	if st.scaler != nil && st.scalerCfg == cfg {
		return st.scaler
	}
	sc, err := autoscale.New(cfg)
	if err != nil {
		c.o.Logger.Warn("autoscaler disabled", "service", spec.ServiceID, "err", err)
		st.scaler = nil
		return nil
	}
	st.scaler, st.scalerCfg = sc, cfg
	return sc
}

// desiredCount is how many instances a deployment of spec starts: as many
// as the generation it replaces runs (the autoscaler's count), within the
// new [MinSize, MaxSize]; MinSize for a first deployment. It freezes the
// old generation's scaling; the caller unholds it if the deployment fails.
func desiredCount(old *generation, run Run) int {
	minSize := max(run.Instances, 1)
	if old == nil {
		return minSize
	}
	n := old.hold()
	return min(max(n, minSize), max(run.MaxInstances, minSize))
}

// autoscale is the generation's autoscaler loop, from go-live to
// retirement. Every ScaleSample it records the service's concurrency
// (requests in flight or queued at the ingress, for all its hosts);
// every ScaleDecide, or at once when a sample finds requests queued
// behind busy instances, it asks the scaler for a count and, when that
// changes, writes the decision with its numbers to the service's event
// log and acts on it in the background. One action runs at a time;
// decisions are not taken while one runs. A scale-out that failed is
// retried no sooner than the restart backoff, doubling up to RestartMax.
func (g *generation) autoscale() {
	defer g.wg.Done()
	c := g.c
	c.scalers.Add(1)
	defer c.scalers.Add(-1)
	tick := time.NewTicker(c.o.ScaleSample)
	defer tick.Stop()
	var lastDecide, retryAt time.Time
	backoff := c.o.RestartMin
	results := make(chan bool, 1)
	for {
		select {
		case <-g.ctx.Done():
			return
		case failed := <-results:
			g.acting.Store(false)
			if failed {
				retryAt = time.Now().Add(backoff)
				backoff = min(backoff*2, c.o.RestartMax)
			} else {
				backoff = c.o.RestartMin
			}
			continue
		case <-tick.C:
		}
		if g.frozen.Load() || g.acting.Load() {
			continue
		}
		now := time.Now()
		conc, queued := g.load()
		g.scaler.Observe(now, conc)
		if now.Sub(lastDecide) < c.o.ScaleDecide && queued == 0 {
			continue
		}
		lastDecide = now
		d := g.scaler.Decide(now, g.size())
		if !d.Changed() || (d.Desired > d.Current && now.Before(retryAt)) {
			continue
		}
		g.events("Auto scaling: " + d.Reason + ".")
		c.o.Logger.Info("autoscale decision", "service", g.spec.ServiceID, "decision", d.Reason)
		g.acting.Store(true)
		g.wg.Add(1)
		go func() {
			defer g.wg.Done()
			results <- g.scaleTo(d.Desired)
		}()
	}
}

// load is the service's concurrency as the ingress sees it (requests
// between arrival and response, queued ones included) and how many of
// the generation's requests wait for a slot.
func (g *generation) load() (concurrency float64, queued int64) {
	if st, ok := g.c.o.Ingress.ServiceStats(g.spec.ServiceID); ok {
		concurrency = float64(max(st.InFlight, 0))
	}
	g.mu.Lock()
	slots := g.slots
	g.mu.Unlock()
	for _, s := range slots {
		if b := s.currentBackend(); b != nil {
			queued += b.Queued()
		}
	}
	return concurrency, queued
}
