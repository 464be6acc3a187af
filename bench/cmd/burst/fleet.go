package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/berth-dev/berth/bench/internal/instance"
	"github.com/berth-dev/berth/internal/ingress"
)

// fleet is the service's instances behind one route: the part of App
// Runner's controller that scaling needs (start an instance, wait for its
// health check, add it to the route).
type fleet struct {
	in    *ingress.Ingress
	hello string
	args  []string
	opts  ingress.BackendOptions
	start time.Time // burst start, for the timings

	mu       sync.Mutex
	serving  []*member
	starting int
	launched int
	ready    []time.Duration // since burst start, in order of readiness
	wg       sync.WaitGroup
}

type member struct {
	proc    *instance.Instance
	backend *ingress.Backend
}

// add starts one instance, waits until it passes a TCP health check (App
// Runner's default) and adds it to the route.
func (f *fleet) add() error {
	f.mu.Lock()
	name := fmt.Sprintf("i%d", f.launched)
	f.launched++
	f.mu.Unlock()
	p, err := instance.Start(f.hello, name, io.Discard, f.args...)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := ingress.WaitHealthy(ctx, p.Addr, ingress.HealthCheck{Protocol: ingress.ProtocolTCP, Interval: time.Second}); err != nil {
		p.Stop(true)
		return fmt.Errorf("instance %s never healthy: %w", name, err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.serving = append(f.serving, &member{proc: p, backend: ingress.NewBackend(p.Addr, f.opts)})
	if !f.start.IsZero() {
		f.ready = append(f.ready, time.Since(f.start))
	}
	return f.route()
}

// route points the service's route at every serving instance; callers
// hold f.mu.
func (f *fleet) route() error {
	bs := make([]*ingress.Backend, len(f.serving))
	for i, m := range f.serving {
		bs[i] = m.backend
	}
	if err := f.in.SetRoute(ingress.Route{Host: host, ServiceID: "hello", Backends: bs}); err != nil {
		return fmt.Errorf("route: %w", err)
	}
	return nil
}

// scaleUp launches instances in the background until serving plus
// starting reaches desired; it reports how many it launched.
func (f *fleet) scaleUp(desired int, errs chan<- error) int {
	f.mu.Lock()
	n := desired - len(f.serving) - f.starting
	if n <= 0 {
		f.mu.Unlock()
		return 0
	}
	f.starting += n
	f.mu.Unlock()
	for i := 0; i < n; i++ {
		f.wg.Go(func() {
			err := f.add()
			f.mu.Lock()
			f.starting--
			f.mu.Unlock()
			if err != nil {
				select {
				case errs <- err:
				default:
				}
			}
		})
	}
	return n
}

// counts returns the serving instances and their concurrency: requests in
// flight plus queued, the figure the autoscaler is fed.
func (f *fleet) counts() (serving int, concurrency float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, m := range f.serving {
		concurrency += float64(m.backend.InFlight() + m.backend.Queued())
	}
	return len(f.serving), concurrency
}

// stop waits for launches in progress, then kills every instance.
func (f *fleet) stop() {
	f.wg.Wait()
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, m := range f.serving {
		m.proc.Stop(true)
		m.backend.Close()
	}
	f.serving = nil
}
