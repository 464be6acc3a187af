// Command rollout measures failed requests across back-to-back redeploys
// under load: it runs berth's ingress in front of a generation of hello
// instances (processes), sends a steady open-loop GET load through it, and
// rolls the service -redeploys times the way App Runner's controller does:
// start the new generation, wait until its health check passes, swap the
// route (SetRoutes), drain the old generation, stop it. Every non-2xx
// answer and transport error counts as a failure (target 0).
//
// It prints one line, "ROLLOUT key=value …", for bench/traffic.sh.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/berth-dev/berth/bench/internal/instance"
	"github.com/berth-dev/berth/internal/ingress"
)

const host = "hello.localhost"

type config struct {
	hello     string
	rate      int
	redeploys int
	instances int
	delay     time.Duration
	settle    time.Duration
	drain     time.Duration
	kill      bool
}

func main() {
	var c config
	flag.StringVar(&c.hello, "hello", "", "path of the hello backend binary (bench/cmd/hello)")
	flag.IntVar(&c.rate, "rate", 400, "requests per second, open loop")
	flag.IntVar(&c.redeploys, "redeploys", 3, "back-to-back redeploys")
	flag.IntVar(&c.instances, "instances", 2, "instances per generation")
	flag.DurationVar(&c.delay, "delay", 5*time.Millisecond, "time each request takes in the backend, so requests are in flight at every swap")
	flag.DurationVar(&c.settle, "settle", time.Second, "load before the first and after the last redeploy")
	flag.DurationVar(&c.drain, "drain", 10*time.Second, "drain timeout")
	flag.BoolVar(&c.kill, "kill", true, "stop drained instances with SIGKILL (proves nothing was left on them)")
	flag.Parse()
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "rollout:", err)
		os.Exit(1)
	}
}

// generation is one deployed version's instances and their backends.
type generation struct {
	procs    []*instance.Instance
	backends []*ingress.Backend
}

func run(c config) error {
	if c.hello == "" || c.rate <= 0 || c.instances <= 0 {
		return fmt.Errorf("flags: need -hello, -rate > 0 and -instances > 0")
	}
	in := ingress.New(ingress.Options{HTTPAddr: "127.0.0.1:0"})
	if err := in.Start(context.Background()); err != nil {
		return fmt.Errorf("start ingress: %w", err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		in.Stop(ctx)
	}()
	cur, err := deploy(c, 0)
	if err != nil {
		return err
	}
	defer func() { cur.stop(c.kill) }()
	if err := in.SetRoutes([]ingress.Route{{Host: host, ServiceID: "hello", Backends: cur.backends}}); err != nil {
		return fmt.Errorf("route: %w", err)
	}

	client := &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 512}, Timeout: 10 * time.Second}
	t := newTally()
	ctx, cancel := context.WithCancel(context.Background())
	loadDone := make(chan struct{})
	start := time.Now()
	go func() {
		pace(ctx, client, "http://"+in.HTTPAddr()+"/", host, c.rate, t)
		close(loadDone)
	}()

	time.Sleep(c.settle)
	var steps []string
	for r := 1; r <= c.redeploys; r++ {
		t0 := time.Now()
		next, err := deploy(c, r) // start new → health check passes
		if err != nil {
			cancel()
			<-loadDone
			return err
		}
		healthy := time.Since(t0)
		if err := in.SetRoutes([]ingress.Route{{Host: host, ServiceID: "hello", Backends: next.backends}}); err != nil {
			cancel()
			<-loadDone
			return fmt.Errorf("swap route: %w", err)
		}
		drainErr := cur.drain(c.drain)
		drained := time.Since(t0)
		cur.stop(c.kill)
		cur = next
		steps = append(steps, fmt.Sprintf("%d/%d/%d", healthy.Milliseconds(), drained.Milliseconds(), time.Since(t0).Milliseconds()))
		if drainErr != nil {
			fmt.Fprintf(os.Stderr, "rollout: redeploy %d: %v\n", r, drainErr)
		}
	}
	time.Sleep(c.settle)
	cancel()
	<-loadDone
	elapsed := time.Since(start)

	fmt.Printf("ROLLOUT sent=%d ok=%d non2xx=%d errors=%d seconds=%.1f rate=%.0f redeploys=%d instances=%d steps_ms=%s served=%s\n",
		t.sent.Load(), t.ok.Load(), t.non2xx.Load(), t.transport.Load(), elapsed.Seconds(),
		float64(t.sent.Load())/elapsed.Seconds(), c.redeploys, c.instances, strings.Join(steps, ","), t.generations())
	for _, f := range t.failures {
		fmt.Fprintln(os.Stderr, "rollout: failure:", f)
	}
	return nil
}

// deploy starts generation g's instances and waits until each passes an
// HTTP health check, as the controller does before routing to them.
func deploy(c config, g int) (*generation, error) {
	gen := &generation{}
	args := []string{"-delay", c.delay.String()}
	for i := 0; i < c.instances; i++ {
		p, err := instance.Start(c.hello, fmt.Sprintf("g%d-%d", g, i), io.Discard, args...)
		if err != nil {
			gen.stop(true)
			return nil, err
		}
		gen.procs = append(gen.procs, p)
		gen.backends = append(gen.backends, ingress.NewBackend(p.Addr, ingress.BackendOptions{MaxConcurrency: 100}))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	hc := ingress.HealthCheck{Protocol: ingress.ProtocolHTTP, Path: "/", Interval: time.Second}
	for _, p := range gen.procs {
		if err := ingress.WaitHealthy(ctx, p.Addr, hc); err != nil {
			gen.stop(true)
			return nil, fmt.Errorf("generation %d: %s never healthy: %w", g, p.Name, err)
		}
	}
	return gen, nil
}

// drain drains every backend of the generation in parallel.
func (gen *generation) drain(timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, len(gen.backends))
	for i, b := range gen.backends {
		wg.Go(func() { errs[i] = b.Drain(ctx) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// stop stops the generation's processes and drops its pooled connections.
func (gen *generation) stop(kill bool) {
	for _, p := range gen.procs {
		p.Stop(kill)
	}
	for _, b := range gen.backends {
		b.Close()
	}
	gen.procs, gen.backends = nil, nil
}
