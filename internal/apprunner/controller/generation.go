package controller

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/berth-dev/berth/internal/autoscale"
	"github.com/berth-dev/berth/internal/ingress"
	"github.com/berth-dev/berth/internal/runtime"
)

// generation is the set of instances running one Release of a service.
// A deployment starts a new generation next to the live one and moves the
// route to it once it is healthy; the old one is then retired. While live,
// its autoscaler adds and removes instances (scale.go, autoscaler.go).
type generation struct {
	c      *Controller
	spec   Spec
	rel    *Release
	env    map[string]string // without PORT
	events func(string)

	ctx    context.Context // ends when the generation is retired
	cancel context.CancelFunc
	// hard ends when the generation is retired without draining (server
	// shutdown): it cuts the drains of scaled-in instances short.
	hard       context.Context
	hardCancel context.CancelFunc
	wg         sync.WaitGroup // supervisors, the autoscaler, scale actions, drains

	scaler  *autoscale.Scaler // nil: the generation runs a fixed count
	scaleMu sync.Mutex        // held by the scale action in progress
	frozen  atomic.Bool       // a deployment is replacing the generation: no scaling
	acting  atomic.Bool       // a scale action is running

	mu    sync.Mutex
	slots []*slot            // guarded by mu once the generation is supervised
	live  bool               // the route points at this generation
	abort context.CancelFunc // ends the scale action in progress; nil when none
}

// newGeneration returns a generation of n instance slots (at least one).
func (c *Controller) newGeneration(spec Spec, rel *Release, env map[string]string, events func(string), n int) *generation {
	ctx, cancel := context.WithCancel(context.Background())
	hard, hardCancel := context.WithCancel(context.Background())
	g := &generation{c: c, spec: spec, rel: rel, env: env, events: events, ctx: ctx, cancel: cancel, hard: hard, hardCancel: hardCancel}
	if g.events == nil {
		g.events = func(string) {}
	}
	for range max(n, 1) {
		g.slots = append(g.slots, g.newSlot())
	}
	return g
}

// start starts every instance; on failure the started ones are stopped.
func (g *generation) start(ctx context.Context) error {
	err := firstErr(each(g.slots, func(s *slot) error { return s.start(ctx) }))
	if err != nil {
		g.retire(context.WithoutCancel(ctx), false)
	}
	return err
}

// waitHealthy waits until every instance passes its health check; on
// failure every instance is stopped.
func (g *generation) waitHealthy(ctx context.Context) error {
	err := firstErr(each(g.slots, func(s *slot) error { return s.waitHealthy(ctx) }))
	if err != nil {
		g.retire(context.WithoutCancel(ctx), false)
	}
	return err
}

// each runs fn on every slot in parallel and returns each one's error.
func each(slots []*slot, fn func(*slot) error) []error {
	errs := make([]error, len(slots))
	var wg sync.WaitGroup
	for i, s := range slots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn(s)
		}()
	}
	wg.Wait()
	return errs
}

func firstErr(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// route is the ingress route of the generation's current backends. The
// caller holds g.mu.
func (g *generation) route() ingress.Route {
	r := ingress.Route{Host: g.spec.Host, ServiceID: g.spec.ServiceID}
	for _, s := range g.slots {
		if b := s.currentBackend(); b != nil {
			r.Backends = append(r.Backends, b)
		}
	}
	return r
}

// goLive points the route at the generation. Only one generation of a
// service is live: the caller takes the previous one down first.
func (g *generation) goLive() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if err := g.c.o.Ingress.SetRoute(g.route()); err != nil {
		return err
	}
	g.live = true
	return nil
}

// setLive changes whether the generation may write the route; taking it
// down waits for a route update in progress.
func (g *generation) setLive(live bool) {
	g.mu.Lock()
	g.live = live
	g.mu.Unlock()
}

// updateRoute rewrites the route after an instance was replaced, if the
// generation is still the live one.
func (g *generation) updateRoute() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.live {
		return
	}
	if err := g.c.o.Ingress.SetRoute(g.route()); err != nil {
		g.c.o.Logger.Warn("route update failed", "service", g.spec.ServiceID, "err", err)
	}
}

// supervise starts health checks and the restart loop of every instance,
// and the autoscaler when the generation has one.
func (g *generation) supervise() {
	g.mu.Lock()
	slots := g.slots
	g.mu.Unlock()
	for _, s := range slots {
		s.superviseStart()
	}
	if g.scaler != nil {
		g.wg.Add(1)
		go g.autoscale()
	}
}

// retire ends supervision and autoscaling, then (drain) waits for
// in-flight requests and stops every instance. The caller has taken the
// generation off the route.
func (g *generation) retire(ctx context.Context, drain bool) {
	g.setLive(false)
	g.cancel()
	if !drain {
		g.hardCancel()
	}
	g.wg.Wait()
	defer g.hardCancel()
	g.mu.Lock()
	slots := g.slots
	g.mu.Unlock()
	var wg sync.WaitGroup
	for _, s := range slots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.stop(ctx, drain)
		}()
	}
	wg.Wait()
}

// size is the number of instances the generation runs (or is replacing).
func (g *generation) size() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.slots)
}

func (g *generation) instances() []Instance {
	g.mu.Lock()
	slots := g.slots
	g.mu.Unlock()
	var out []Instance
	for _, s := range slots {
		s.mu.Lock()
		if s.inst != nil && s.backend != nil {
			out = append(out, Instance{ID: s.inst.ID(), Addr: s.inst.Addr(), ArtifactID: g.rel.Artifact.ID,
				Healthy: s.backend.Healthy(), Restarts: s.restarts, Served: s.backend.Served()})
		}
		s.mu.Unlock()
	}
	return out
}

// instanceAt returns the runtime instance serving at addr.
func (g *generation) instanceAt(addr string) (runtime.Instance, bool) {
	g.mu.Lock()
	slots := g.slots
	g.mu.Unlock()
	for _, s := range slots {
		s.mu.Lock()
		inst := s.inst
		s.mu.Unlock()
		if inst != nil && inst.Addr() == addr {
			return inst, true
		}
	}
	return nil, false
}

// healthWindow is how long a new instance gets to pass its health check:
// as long as App Runner takes to call an instance unhealthy, and at least
// MinHealthWindow.
func (g *generation) healthWindow() time.Duration {
	hc := g.spec.Run.HealthCheck.WithDefaults()
	w := time.Duration(hc.UnhealthyThreshold) * (hc.Interval + hc.Timeout)
	return max(w, g.c.o.MinHealthWindow)
}

// instanceEnv is the environment of one instance listening on port.
func (g *generation) instanceEnv(port int) map[string]string {
	env := make(map[string]string, len(g.env)+1)
	for k, v := range g.env {
		env[k] = v
	}
	if g.rel.PortEnv != "" && port > 0 {
		env[g.rel.PortEnv] = strconv.Itoa(port)
	}
	return env
}

// exitReason words why an instance ended, for the event log.
func exitReason(inst runtime.Instance, limit int64) string {
	err := inst.ExitErr()
	switch {
	case errors.Is(err, runtime.ErrMemoryLimitExceeded):
		return fmt.Sprintf("exceeded its memory limit (%d MB)", limit>>20)
	case err != nil:
		return "exited: " + err.Error()
	}
	return "exited"
}

// newID returns 32 hex digits, the form of App Runner's ids.
func newID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// freePort asks the kernel for a free loopback port. It is used only when
// the app wants its port in a second variable, which must be known before
// the instance starts.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
