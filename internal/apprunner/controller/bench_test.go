package controller

import (
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/autoscale"
)

// BenchmarkBurstToNewInstance measures the time from a burst of 10×
// MaxConcurrency (100 clients of a 700ms handler, MaxConcurrency 10) on
// an idle one-instance Go service to the first request served by an
// instance the autoscaler added; the target is 2s. "berth" uses
// the production settings (1s samples, 2s decisions, 2s panic window);
// "knative-panic-window" the same with Knative's 6s panic window, the
// reason berth's is shorter. Each iteration restarts the service from its
// artifact (fresh autoscaler, one instance) and lets it idle for 3s
// and a varying fraction of a sample interval.
//
//	go test -run '^$' -bench BurstToNewInstance -benchtime 3x ./internal/apprunner/controller
func BenchmarkBurstToNewInstance(b *testing.B) {
	if testing.Short() {
		b.Skip("builds and runs an app")
	}
	for _, bc := range []struct {
		name string
		mod  func(*Options)
	}{
		{"berth", nil},
		{"knative-panic-window", func(o *Options) { o.Autoscale = autoscale.Config{PanicWindow: 6 * time.Second} }},
	} {
		b.Run(bc.name, func(b *testing.B) { benchBurst(b, bc.mod) })
	}
}

func benchBurst(b *testing.B, mod func(*Options)) {
	e := newEnv(b, mod)
	r := newRepo(b, goApp("v1"))
	spec := e.spec("c123456789abcdef0123456789abcdef", r.Dir)
	spec.Run.MaxConcurrency, spec.Run.MaxInstances = 10, 4
	rel, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op1"})
	if err != nil {
		b.Fatal(err)
	}
	var total time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if err := e.c.Stop(bg, spec.ServiceID, spec.Host); err != nil {
			b.Fatal(err)
		}
		if _, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op", Release: rel}); err != nil {
			b.Fatal(err)
		}
		// Idle for 3s plus a share of a sample interval, so that the
		// bursts fall evenly across the autoscaler's sampling phase.
		time.Sleep(3*time.Second + time.Duration(i)*DefaultScaleSample/time.Duration(b.N))
		before := e.idsOf(spec.ServiceID)
		var took time.Duration
		start := time.Now()
		e.load(spec.Host, "/slow", 100, 20*time.Second, func() bool {
			if e.newServing(spec.ServiceID, before) {
				took = time.Since(start)
				return true
			}
			return false
		})
		if took == 0 {
			b.Fatal("no new instance served within 20s")
		}
		b.Logf("burst → first request on a new instance: %s", took.Round(time.Millisecond))
		total += took
	}
	// The timer ran only around the measured bursts' setup; report the
	// measured time instead.
	b.ReportMetric(float64(total.Nanoseconds())/float64(b.N), "ns/op")
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/burst-to-new-instance")
}
