// Package controller runs App Runner services: it builds a service's source
// at a commit into an artifact, starts its instances, waits until they are
// healthy, moves the service's route to them atomically, drains and stops
// the instances it replaces, and keeps instances alive afterwards
// (a crashed, unhealthy or over-memory instance is replaced, with backoff).
// Between deployments, a service's autoscaler (autoscaler.go, scale.go,
// over package autoscale) adds instances of the running artifact when its
// concurrency grows and drains and removes them when it falls, within
// [Run.Instances, Run.MaxInstances]; each instance's ingress backend holds
// Run.MaxConcurrency requests and queues as many more.
//
// It is the only writer of the ingress routing table. A service's first
// run in the controller (a restore after a server restart, a resume, a
// create) gets a route without backends before its instances start, so
// requests wait for them at the ingress; a failed run removes it again
// (startroute.go). Deploy returns a
// Release, which the App Runner API layer stores and hands back
// (Deployment.Release) to run the same version again after a restart
// without rebuilding. The controller persists one thing itself, with
// Options.Store: how many instances each service runs (savedcount.go),
// written whenever the autoscaler or a deployment changes it and
// forgotten when the service stops, so that a service's first run after a
// restart starts as many as it ran, within its current [MinSize, MaxSize].
package controller

import (
	"github.com/berth-dev/berth/internal/lifecycle"

	"context"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/berth-dev/berth/internal/autoscale"
	"github.com/berth-dev/berth/internal/ingress"
	"github.com/berth-dev/berth/internal/logs"
	"github.com/berth-dev/berth/internal/runtime"
	"github.com/berth-dev/berth/internal/store"
)

// Defaults for Options' zero values.
const (
	DefaultBuildTimeout    = 20 * time.Minute
	DefaultDrainTimeout    = 30 * time.Second
	DefaultStopGrace       = 10 * time.Second
	DefaultRestartMin      = time.Second
	DefaultRestartMax      = 30 * time.Second
	DefaultMinHealthWindow = 10 * time.Second
	DefaultQueueTimeout    = 2 * time.Second
	DefaultScaleSample     = time.Second
	DefaultScaleDecide     = 2 * time.Second
	// DefaultPanicWindow is berth's panic window, shorter than Knative's
	// (10% of the stable window, 6s): a burst must get new instances
	// within about 2s. Panic only ever scales up, and scale-in still waits
	// for the stable window and the scale-down delay, so a short panic
	// window costs spare instances for a minute or two, never requests.
	DefaultPanicWindow = 2 * time.Second
)

// Options configures a Controller.
type Options struct {
	// Backend builds artifacts and runs instances; required.
	Backend runtime.Backend
	// Ingress receives the routes; required.
	Ingress *ingress.Ingress
	// Logs stores build and application logs; nil discards them.
	Logs *logs.Logs
	// Store keeps each service's instance count across server restarts
	// (table apprunner_scale); nil keeps it in memory only, and a
	// restarted service starts at MinSize.
	Store *store.Store
	// WorkDir holds the source workspaces of builds in progress; required.
	WorkDir string
	// ResolveSecrets turns variable → parameter reference into variable →
	// value when instances start (RuntimeEnvironmentSecrets).
	ResolveSecrets func(ctx context.Context, refs map[string]string) (map[string]string, error)
	// BuildTimeout bounds fetching and building one version.
	BuildTimeout time.Duration
	// DrainTimeout bounds the wait for in-flight requests of replaced
	// instances.
	DrainTimeout time.Duration
	// StopGrace is how long a stopping instance gets after SIGTERM.
	StopGrace time.Duration
	// RestartMin and RestartMax bound the backoff between restarts of a
	// failing instance.
	RestartMin, RestartMax time.Duration
	// MinHealthWindow is the least time a new instance gets to become
	// healthy; the window is otherwise UnhealthyThreshold × (Interval +
	// Timeout) of the health check, App Runner's verdict time.
	MinHealthWindow time.Duration
	// QueueTimeout bounds how long a request waits for a free slot on an
	// instance at its MaxConcurrency before it gets 429.
	QueueTimeout time.Duration
	// Autoscale tunes the services' autoscalers (windows, utilization,
	// panic threshold, rates); MaxConcurrency, MinSize and MaxSize are
	// ignored here, they come from each service's Spec.Run. A zero
	// PanicWindow is DefaultPanicWindow; other zero fields take package
	// autoscale's defaults (Knative's).
	Autoscale autoscale.Config
	// ScaleSample is how often a service's concurrency (requests in
	// flight and queued at the ingress) is sampled; ScaleDecide how often
	// the autoscaler decides. A sample that finds requests queued decides
	// at once, as Knative's activator pokes its autoscaler.
	ScaleSample, ScaleDecide time.Duration
	// Logger receives the controller's own events; nil discards them.
	Logger *slog.Logger
}

// Controller runs services. New has no side effects; Shutdown stops every
// instance it started.
type Controller struct {
	o Options

	mu       sync.Mutex
	services map[string]*serviceState
	closed   bool

	scalers atomic.Int32 // autoscaler loops running, for tests
}

// serviceState is what runs for one service.
type serviceState struct {
	// mu serializes deployments and stops of the service.
	mu  sync.Mutex
	gen *generation // the version the route points at; nil when none
	// current is gen, for readers that must not wait for a deployment.
	current atomic.Pointer[generation]
	// scaler carries the autoscaler's history from one generation to the
	// next, as long as the service's scaling settings stay the same.
	scaler    *autoscale.Scaler
	scalerCfg autoscale.Config
}

// setGen records the generation serving the service. The caller holds
// s.mu.
func (s *serviceState) setGen(g *generation) {
	s.gen = g
	s.current.Store(g)
}

// New returns a controller.
func New(o Options) *Controller {
	if o.BuildTimeout <= 0 {
		o.BuildTimeout = DefaultBuildTimeout
	}
	if o.DrainTimeout <= 0 {
		o.DrainTimeout = DefaultDrainTimeout
	}
	if o.StopGrace <= 0 {
		o.StopGrace = DefaultStopGrace
	}
	if o.RestartMin <= 0 {
		o.RestartMin = DefaultRestartMin
	}
	if o.RestartMax < o.RestartMin {
		o.RestartMax = max(DefaultRestartMax, o.RestartMin)
	}
	if o.MinHealthWindow <= 0 {
		o.MinHealthWindow = DefaultMinHealthWindow
	}
	if o.QueueTimeout <= 0 {
		o.QueueTimeout = DefaultQueueTimeout
	}
	if o.ScaleSample <= 0 {
		o.ScaleSample = DefaultScaleSample
	}
	if o.ScaleDecide < o.ScaleSample {
		o.ScaleDecide = max(DefaultScaleDecide, o.ScaleSample)
	}
	if o.Autoscale.PanicWindow == 0 {
		o.Autoscale.PanicWindow = DefaultPanicWindow
		if sw := o.Autoscale.StableWindow; sw > 0 && sw < DefaultPanicWindow {
			o.Autoscale.PanicWindow = sw
		}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Controller{o: o, services: map[string]*serviceState{}}
}

// state returns the service's state, creating it.
func (c *Controller) state(serviceID string) (*serviceState, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, ErrStopped
	}
	s := c.services[serviceID]
	if s == nil {
		s = &serviceState{}
		c.services[serviceID] = s
	}
	return s, nil
}

// Instance describes a running instance, for inspection and tests.
type Instance struct {
	ID         string
	Addr       string
	ArtifactID string
	Healthy    bool
	Restarts   int
	// Served counts the requests the ingress has given the instance.
	Served uint64
}

// Instances lists the instances serving a service now (instances the
// autoscaler is still starting are not listed until they serve).
func (c *Controller) Instances(serviceID string) []Instance {
	g := c.live(serviceID)
	if g == nil {
		return nil
	}
	return g.instances()
}

// InstanceAt returns the runtime instance serving a service at addr
// ("host:port", the ingress backend's address), for resource metrics.
// It does not wait for a deployment in progress.
func (c *Controller) InstanceAt(serviceID, addr string) (runtime.Instance, bool) {
	g := c.live(serviceID)
	if g == nil {
		return nil, false
	}
	return g.instanceAt(addr)
}

// live returns the generation serving a service, nil when none. It does
// not wait for a deployment in progress (which holds the service's lock
// for as long as it builds).
func (c *Controller) live(serviceID string) *generation {
	c.mu.Lock()
	s := c.services[serviceID]
	c.mu.Unlock()
	if s == nil {
		return nil
	}
	return s.current.Load()
}

// Release returns the release serving a service, nil when none.
func (c *Controller) Release(serviceID string) *Release {
	c.mu.Lock()
	s := c.services[serviceID]
	c.mu.Unlock()
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gen == nil {
		return nil
	}
	return s.gen.rel
}

// Stop takes a service out of the routing table, drains its instances and
// stops them (PauseService, DeleteService), and forgets its persisted
// instance count. Stopping a service that runs nothing only forgets it.
func (c *Controller) Stop(ctx context.Context, serviceID, host string) error {
	s, err := c.state(serviceID)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if host != "" {
		c.o.Ingress.RemoveRoute(host)
	}
	g := s.gen
	s.setGen(nil)
	// A stopped service starts its next run with a fresh autoscaler: the
	// load it had before says nothing about the load after.
	s.scaler = nil
	if g != nil {
		if g.spec.Host != host {
			c.o.Ingress.RemoveRoute(g.spec.Host)
		}
		g.retire(ctx, true)
	}
	// After retire, which waits for the scale action in progress and
	// its write. Paused or deleted, the service starts at MinSize next.
	c.clearCount(serviceID)
	return nil
}

// RemoveArtifact deletes a release's files once nothing runs it.
func (c *Controller) RemoveArtifact(ctx context.Context, rel *Release) error {
	if rel == nil || rel.Artifact == nil {
		return nil
	}
	return c.o.Backend.RemoveArtifact(ctx, rel.Artifact)
}

// Shutdown stops every instance the controller runs, without draining
// (the server is going away), bounded by ctx. Deployments started after
// it fail with ErrStopped.
func (c *Controller) Shutdown(ctx context.Context) error {
	c.mu.Lock()
	c.closed = true
	states := make([]*serviceState, 0, len(c.services))
	for _, s := range c.services {
		states = append(states, s)
	}
	c.mu.Unlock()
	var wg sync.WaitGroup
	for _, s := range states {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.mu.Lock()
			g := s.gen
			s.setGen(nil)
			s.mu.Unlock()
			if g != nil {
				g.retire(ctx, false)
			}
		}()
	}
	return lifecycle.Wait(ctx, &wg)
}
