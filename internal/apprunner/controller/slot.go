package controller

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/berth-dev/berth/internal/ingress"
	"github.com/berth-dev/berth/internal/runtime"
)

// tailLines is how much of an instance's output a start failure quotes.
const tailLines = 10

// healthyRun is how long an instance must have run for its restart backoff
// to start over from RestartMin.
const healthyRun = time.Minute

// slot is one instance position of a generation. Its instance is replaced
// when it crashes, outgrows its memory or fails health checks.
type slot struct {
	g       *generation
	replace chan string // reasons to replace a running instance

	// ctx ends when the slot is removed (scale-in) or its generation
	// retired; done is closed when its supervisor has returned.
	ctx        context.Context
	cancel     context.CancelFunc
	done       chan struct{}
	supervised bool

	mu        sync.Mutex
	inst      runtime.Instance
	backend   *ingress.Backend
	checker   *ingress.Checker
	out       io.WriteCloser
	tail      *tail
	startedAt time.Time
	restarts  int
}

func (g *generation) newSlot() *slot {
	ctx, cancel := context.WithCancel(g.ctx)
	return &slot{g: g, replace: make(chan string, 1), ctx: ctx, cancel: cancel, done: make(chan struct{})}
}

// start starts a new instance in the slot.
func (s *slot) start(ctx context.Context) error {
	g := s.g
	c := g.c
	id := newID()
	port := 0
	if g.rel.PortEnv != "" {
		p, err := freePort()
		if err != nil {
			return &DeployError{Step: StepStart, Reason: "Could not find a free port for the instance.", Err: err}
		}
		port = p
	}
	out := c.writer(ApplicationLogGroup(g.spec.ServiceName, g.spec.ServiceID), InstanceStream(id))
	tl := newTail(tailLines)
	inst, err := c.o.Backend.Start(ctx, runtime.InstanceSpec{
		Artifact:         g.rel.Artifact,
		InstanceID:       id,
		Port:             port,
		Env:              g.instanceEnv(port),
		MemoryLimitBytes: g.spec.Run.MemoryLimitBytes,
		Output: func(line string) {
			tl.add(line)
			io.WriteString(out, line+"\n")
		},
	})
	if err != nil {
		out.Close()
		return &DeployError{Step: StepStart, Reason: "Your application could not be started.", Err: err}
	}
	b := ingress.NewBackend(inst.Addr(), g.backendOptions())
	s.mu.Lock()
	s.inst, s.backend, s.out, s.tail, s.startedAt = inst, b, out, tl, time.Now()
	s.mu.Unlock()
	return nil
}

// waitHealthy waits until the slot's instance passes its health check,
// within the generation's health window. An instance that ends meanwhile
// fails at once, quoting its last output.
func (s *slot) waitHealthy(ctx context.Context) error {
	g := s.g
	s.mu.Lock()
	inst, tl := s.inst, s.tail
	s.mu.Unlock()
	hc := g.spec.Run.HealthCheck.WithDefaults()
	hctx, cancel := context.WithTimeout(ctx, g.healthWindow())
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- ingress.WaitHealthy(hctx, inst.Addr(), hc) }()
	select {
	case err := <-errc:
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return &DeployError{Step: StepHealth, Reason: "The deployment was interrupted.", Err: ctx.Err()}
		}
		what := "TCP port " + port(inst.Addr())
		if hc.Protocol == ingress.ProtocolHTTP {
			what = fmt.Sprintf("HTTP path %s", hc.Path)
		}
		return &DeployError{Step: StepHealth, Err: err,
			Reason: fmt.Sprintf("Health check failed on %s within %s. Check your application listens on $PORT and answers health checks.%s",
				what, g.healthWindow(), quote(tl))}
	case <-inst.Done():
		cancel()
		<-errc
		return &DeployError{Step: StepHealth, Err: inst.ExitErr(),
			Reason: fmt.Sprintf("Your application stopped or failed to start: it %s.%s", exitReason(inst, g.spec.Run.MemoryLimitBytes), quote(tl))}
	}
}

// quote renders an instance's last output for an event message.
func quote(t *tail) string {
	if t == nil {
		return ""
	}
	if s := t.String(); s != "" {
		return " Last output:\n" + s
	}
	return ""
}

func port(addr string) string {
	for i := len(addr) - 1; i >= 0; i-- {
		if addr[i] == ':' {
			return addr[i+1:]
		}
	}
	return addr
}

func (s *slot) currentBackend() *ingress.Backend {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.backend
}

// startChecker begins periodic health checks of the slot's instance; a
// verdict of unhealthy asks the supervisor to replace it.
func (s *slot) startChecker() {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.backend
	ch := ingress.NewChecker(b, s.g.spec.Run.HealthCheck.WithDefaults(), func(cb *ingress.Backend, healthy bool) {
		if healthy || cb != s.currentBackend() {
			return
		}
		select {
		case s.replace <- "failed its health check":
		default:
		}
	})
	s.checker = ch
	ch.Start(s.ctx)
}

// superviseStart starts the slot's health checks and its supervisor, in
// its generation's wait group.
func (s *slot) superviseStart() {
	s.startChecker()
	s.supervised = true
	s.g.wg.Add(1)
	go s.supervise()
}

// release ends the slot's supervision (scale-in) and waits for its
// supervisor, so that stopping the instance does not restart it.
func (s *slot) release() {
	s.cancel()
	if s.supervised {
		<-s.done
	}
}

// supervise replaces the slot's instance whenever it ends or must be
// replaced, with exponential backoff between failed attempts, until the
// slot is removed or the generation retired.
func (s *slot) supervise() {
	g := s.g
	c := g.c
	defer g.wg.Done()
	defer close(s.done)
	backoff := c.o.RestartMin
	for {
		s.mu.Lock()
		inst, started := s.inst, s.startedAt
		s.mu.Unlock()
		var reason string
		select {
		case <-s.ctx.Done():
			return
		case <-inst.Done():
			reason = exitReason(inst, g.spec.Run.MemoryLimitBytes)
		case reason = <-s.replace:
		}
		if s.ctx.Err() != nil {
			return
		}
		s.note("berth: instance " + inst.ID() + " " + reason + "; replacing it")
		s.stop(s.ctx, false)
		g.updateRoute()
		if time.Since(started) > healthyRun {
			backoff = c.o.RestartMin
		}
		g.events(fmt.Sprintf("Instance %s %s; replacing it.", inst.ID(), reason))
		c.o.Logger.Info("instance replaced", "service", g.spec.ServiceID, "instance", inst.ID(), "reason", reason)
		for {
			if !sleep(s.ctx, backoff) {
				return
			}
			backoff = min(backoff*2, c.o.RestartMax)
			err := s.start(s.ctx)
			if err == nil {
				if err = s.waitHealthy(s.ctx); err != nil {
					s.stop(s.ctx, false)
				}
			}
			if s.ctx.Err() != nil {
				return
			}
			if err == nil {
				break
			}
			g.events(fmt.Sprintf("Replacement instance failed: %s", reasonOf(err)))
		}
		s.mu.Lock()
		s.restarts++
		s.mu.Unlock()
		g.updateRoute()
		s.startChecker()
	}
}

// note writes a line of berth's own into the instance's application log.
func (s *slot) note(line string) {
	s.mu.Lock()
	out := s.out
	s.mu.Unlock()
	if out != nil {
		io.WriteString(out, line+"\n")
	}
}

// stop stops the slot's instance (draining it first when asked) and
// releases what goes with it. Safe on an empty slot.
func (s *slot) stop(ctx context.Context, drain bool) {
	s.mu.Lock()
	inst, b, ch, out := s.inst, s.backend, s.checker, s.out
	s.backend, s.checker, s.out = nil, nil, nil
	s.mu.Unlock()
	if ch != nil {
		ch.Stop()
	}
	if b != nil {
		b.SetHealthy(false)
		b.StartDraining()
		if drain {
			dctx, cancel := context.WithTimeout(ctx, s.g.c.o.DrainTimeout)
			b.Drain(dctx)
			cancel()
		}
	}
	if inst != nil {
		if err := inst.Stop(ctx, s.g.c.o.StopGrace); err != nil {
			s.g.c.o.Logger.Warn("instance stop failed", "instance", inst.ID(), "err", err)
		}
		// Wait for the output to be delivered before closing its log.
		select {
		case <-inst.Done():
		case <-ctx.Done():
		}
	}
	if b != nil {
		b.Close()
	}
	if out != nil {
		out.Close()
	}
}

// sleep waits d or until ctx ends; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// reasonOf is the event-log wording of a deployment error.
func reasonOf(err error) string {
	if de, ok := err.(*DeployError); ok {
		return de.Reason
	}
	return err.Error()
}
