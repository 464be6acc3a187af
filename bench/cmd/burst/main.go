// Command burst measures how fast berth scales out under a burst: the
// time from a burst of -factor × MaxConcurrency concurrent clients to the
// first request served by a new instance (target ≤ 2 s).
//
// App Runner's controller does not scale beyond MinSize yet, so this runs
// the pieces scaling is built from: berth's ingress in front of hello
// instances (processes), package autoscale deciding from the ingress's
// in-flight plus queued count (sampled every -sample, decided every
// -tick), and a loop that starts the instances it asks for, waits for
// their health check and adds them to the route. The service first sees
// light traffic for -warm (so the scaler has a quiet history, as a
// service would), then the burst for -duration.
//
// It prints one line, "BURST key=value …", for bench/traffic.sh; the
// scaler's decisions go to stderr.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/berth-dev/berth/internal/autoscale"
	"github.com/berth-dev/berth/internal/ingress"
)

const host = "hello.localhost"

type config struct {
	hello       string
	maxConc     int
	factor      int
	delay       time.Duration
	warm        time.Duration
	duration    time.Duration
	sample      time.Duration
	tick        time.Duration
	panicWindow time.Duration
	backoff     time.Duration
}

func main() {
	var c config
	flag.StringVar(&c.hello, "hello", "", "path of the hello backend binary (bench/cmd/hello)")
	flag.IntVar(&c.maxConc, "max-concurrency", 100, "per-instance MaxConcurrency (App Runner's default)")
	flag.IntVar(&c.factor, "factor", 10, "burst clients = factor × MaxConcurrency")
	flag.DurationVar(&c.delay, "delay", 50*time.Millisecond, "time each request takes in the backend")
	flag.DurationVar(&c.warm, "warm", 7*time.Second, "light traffic (10 req/s) before the burst")
	flag.DurationVar(&c.duration, "duration", 8*time.Second, "burst length")
	flag.DurationVar(&c.sample, "sample", 200*time.Millisecond, "concurrency sampling interval")
	flag.DurationVar(&c.tick, "tick", time.Second, "autoscaler decision interval")
	flag.DurationVar(&c.panicWindow, "panic-window", 0, "autoscaler panic window (0: the package default)")
	flag.DurationVar(&c.backoff, "backoff", 100*time.Millisecond, "client pause after a 429")
	flag.Parse()
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "burst:", err)
		os.Exit(1)
	}
}

func run(c config) error {
	if c.hello == "" || c.maxConc <= 0 || c.factor <= 0 {
		return fmt.Errorf("flags: need -hello, -max-concurrency > 0 and -factor > 0")
	}
	scaler, err := autoscale.New(autoscale.Config{MaxConcurrency: c.maxConc, PanicWindow: c.panicWindow})
	if err != nil {
		return fmt.Errorf("scaler: %w", err)
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
	f := &fleet{in: in, hello: c.hello, args: []string{"-delay", c.delay.String()},
		opts: ingress.BackendOptions{MaxConcurrency: c.maxConc}}
	defer f.stop()
	if err := f.add(); err != nil { // i0, the MinSize instance
		return err
	}
	url := "http://" + in.HTTPAddr() + "/"

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ctl := &control{scaler: scaler, fleet: f, errs: make(chan error, 1)}
	var wg sync.WaitGroup
	wg.Go(func() { ctl.loop(ctx, c.sample, c.tick) })

	warmCtx, warmDone := context.WithTimeout(ctx, c.warm)
	trickle(warmCtx, url, 10)
	warmDone()

	start := time.Now()
	ctl.markStart(start)
	var s burstStats
	burstCtx, burstDone := context.WithTimeout(ctx, c.duration)
	burst(burstCtx, c.factor*c.maxConc, url, "i0", c.backoff, start, &s)
	burstDone()
	cancel()
	wg.Wait()
	select {
	case err := <-ctl.errs:
		return err
	default:
	}

	f.mu.Lock()
	ready := append([]time.Duration(nil), f.ready...)
	serving := len(f.serving)
	f.mu.Unlock()
	fmt.Printf("BURST max_concurrency=%d clients=%d delay=%s sample=%s tick=%s panic_window=%s first_decision_ms=%s first_ready_ms=%s first_served_ms=%s last_ready_ms=%s instances_end=%d desired_max=%d ok=%d r429=%d other=%d errors=%d\n",
		c.maxConc, c.factor*c.maxConc, c.delay, c.sample, c.tick, scaler.Config().PanicWindow,
		ms(ctl.firstDecision), msAt(ready, 0), ms(time.Duration(s.firstNew.Load())), msAt(ready, len(ready)-1),
		serving, ctl.desiredMax, s.ok.Load(), s.tooMany.Load(), s.other.Load(), s.transport.Load())
	return nil
}

func ms(d time.Duration) string {
	if d <= 0 {
		return "none"
	}
	return fmt.Sprint(d.Milliseconds())
}

func msAt(ds []time.Duration, i int) string {
	if i < 0 || i >= len(ds) {
		return "none"
	}
	return ms(ds[i])
}
