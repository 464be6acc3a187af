package controller

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/store"
)

// restart stops e as a server stop does (every instance, without
// draining; the ingress) and returns a new env over the same data dir:
// the store opened again from its file, a new process backend over the
// same artifacts, a new ingress.
func (e *env) restart(mod func(*Options)) *env {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(bg, 20*time.Second)
	defer cancel()
	if err := e.c.Shutdown(ctx); err != nil {
		e.t.Fatal(err)
	}
	e.backend.Shutdown(ctx, time.Second)
	e.in.Stop(ctx)
	return newEnvIn(e.t, e.dir, mod)
}

// routedHealthy counts the healthy backends the ingress routes host to.
func (e *env) routedHealthy(host string) int {
	r, ok := e.in.Table().Lookup(host)
	if !ok {
		return 0
	}
	n := 0
	for _, b := range r.Backends {
		if b.Healthy() {
			n++
		}
	}
	return n
}

// scaleOut loads the service until it runs at least want instances, then
// waits until its autoscaler is idle and the count it settled on is the
// persisted one, and returns that count.
func (e *env) scaleOut(spec Spec, want int) int {
	e.t.Helper()
	e.load(spec.Host, "/slow", 20, 20*time.Second, func() bool { return len(e.c.Instances(spec.ServiceID)) >= want })
	n := 0
	eventually(e.t, 15*time.Second, "the scale-out to settle and be persisted", func() bool {
		g := e.c.live(spec.ServiceID)
		m := g.size()
		saved, ok := e.c.savedCount(bg, spec.ServiceID)
		settled := !g.acting.Load() && m == n && m >= want && ok && saved == m
		n = m
		return settled
	})
	return n
}

// restoreDeploy runs a release again as the API does after a server
// restart (no build).
func (e *env) restoreDeploy(spec Spec, rel *Release, ev *events) {
	e.t.Helper()
	if _, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "restart", Release: rel, Events: ev.add}); err != nil {
		e.t.Fatal(err)
	}
}

func TestRestartRestoresScaledCount(t *testing.T) {
	// A long scale-down delay: nothing scales in during the test.
	scaling := fastScaling(time.Minute)
	e := newEnv(t, scaling)
	r := newRepo(t, goApp("v1"))
	spec := e.spec("e123456789abcdef0123456789abcdef", r.Dir)
	spec.Run.MaxConcurrency, spec.Run.MaxInstances = 2, 4
	rel, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op1"})
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := e.c.savedCount(bg, spec.ServiceID); !ok || n != 1 {
		t.Fatalf("after the first deployment: saved %d (%v), want MinSize 1", n, ok)
	}
	if n := e.scaleOut(spec, 4); n != 4 {
		t.Fatalf("scaled out to %d, want MaxSize 4", n)
	}

	// A new server over the same store starts the 4 instances at once.
	e2 := e.restart(scaling)
	var ev events
	e2.restoreDeploy(spec, rel, &ev)
	if n := e2.routedHealthy(spec.Host); n != 4 {
		t.Fatalf("after the restart: %d healthy instances routed, want 4; events:\n%s", n, strings.Join(ev.list(), "\n"))
	}
	if !hasEvent(&ev, "Auto scaling: restored 4 instances, as many as ran before the server restarted (MinSize 1, MaxSize 4).") ||
		!hasEvent(&ev, "Starting 4 instance(s) of artifact "+rel.Artifact.ID) {
		t.Errorf("events:\n%s", strings.Join(ev.list(), "\n"))
	}
	if code, body := e2.get(spec.Host, "/"); code != 200 || !strings.HasPrefix(body, "version=v1") {
		t.Fatalf("GET / after the restart = %d %q", code, body)
	}
	eventually(t, 5*time.Second, "the autoscaler to take over", func() bool { return e2.c.scalers.Load() == 1 })
	if n, ok := e2.c.savedCount(bg, spec.ServiceID); !ok || n != 4 {
		t.Fatalf("before the second restart: saved %d (%v), want 4", n, ok)
	}

	// MaxSize lowered while the server was down: the count is capped.
	e3 := e2.restart(scaling)
	spec.Run.MaxInstances = 2
	var ev3 events
	e3.restoreDeploy(spec, rel, &ev3)
	if n := e3.routedHealthy(spec.Host); n != 2 {
		t.Fatalf("after lowering MaxSize: %d healthy instances routed, want 2; events:\n%s", n, strings.Join(ev3.list(), "\n"))
	}
	if !hasEvent(&ev3, "Auto scaling: restored 2 instances: 4 ran before the server restarted, capped at MaxSize 2 (MinSize 1).") {
		t.Errorf("events:\n%s", strings.Join(ev3.list(), "\n"))
	}
	if n, ok := e3.c.savedCount(bg, spec.ServiceID); !ok || n != 2 {
		t.Fatalf("after the capped restore: saved %d (%v), want 2", n, ok)
	}
}

func TestStoppedServiceForgetsScaledCount(t *testing.T) {
	scaling := fastScaling(time.Minute)
	e := newEnv(t, scaling)
	r := newRepo(t, goApp("v1"))
	spec := e.spec("f123456789abcdef0123456789abcdef", r.Dir)
	spec.Run.MaxConcurrency, spec.Run.MaxInstances = 2, 3
	rel, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op1"})
	if err != nil {
		t.Fatal(err)
	}
	e.scaleOut(spec, 2)

	// Paused: the count is forgotten, and a resume after a restart
	// starts at MinSize.
	if err := e.c.Stop(bg, spec.ServiceID, spec.Host); err != nil {
		t.Fatal(err)
	}
	if n, ok := e.c.savedCount(bg, spec.ServiceID); ok {
		t.Fatalf("paused service still has a saved count %d", n)
	}
	e2 := e.restart(scaling)
	var ev events
	e2.restoreDeploy(spec, rel, &ev)
	if n := e2.routedHealthy(spec.Host); n != 1 {
		t.Fatalf("resumed after a restart with %d instances, want MinSize 1", n)
	}
	if hasEvent(&ev, "restored") {
		t.Errorf("a resumed service restored a count:\n%s", strings.Join(ev.list(), "\n"))
	}

	// Scaled out again, then deleted: a later server finds no count.
	e2.scaleOut(spec, 2)
	if err := e2.c.Stop(bg, spec.ServiceID, spec.Host); err != nil {
		t.Fatal(err)
	}
	e3 := e2.restart(scaling)
	if n, ok := e3.c.savedCount(bg, spec.ServiceID); ok {
		t.Fatalf("deleted service has a saved count %d after a restart", n)
	}
}

// TestRestoredCountClamps checks the restore decision over a real store,
// without running instances.
func TestRestoredCountClamps(t *testing.T) {
	st, err := store.Open(bg, filepath.Join(t.TempDir(), "berth.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c := New(Options{Store: st, Logger: quiet()})
	cases := []struct {
		name          string
		saved         int // 0: none
		minSize, maxI int
		want          int
		event         string // "": none
	}{
		{"none", 0, 1, 4, 1, ""},
		{"at MinSize", 2, 2, 4, 2, ""},
		{"within", 3, 1, 4, 3, "Auto scaling: restored 3 instances, as many as ran before the server restarted (MinSize 1, MaxSize 4)."},
		{"capped", 5, 1, 3, 3, "Auto scaling: restored 3 instances: 5 ran before the server restarted, capped at MaxSize 3 (MinSize 1)."},
		{"raised", 2, 3, 5, 3, "Auto scaling: restored 3 instances: 2 ran before the server restarted, raised to MinSize 3 (MaxSize 5)."},
		{"now fixed size", 4, 1, 0, 1, "Auto scaling: restored 1 instance: 4 ran before the server restarted, capped at MaxSize 1 (MinSize 1)."},
		{"invalid", -3, 1, 4, 1, ""},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id := strings.Repeat(string(rune('a'+i)), 32)
			if tc.saved != 0 {
				c.saveCount(id, tc.saved)
			}
			var ev events
			d := &Deployment{Spec: Spec{ServiceID: id, Run: Run{Instances: tc.minSize, MaxInstances: tc.maxI}}, Events: ev.add}
			if got := c.restoredCount(bg, d, max(tc.minSize, 1)); got != tc.want {
				t.Errorf("restored %d, want %d", got, tc.want)
			}
			got := strings.Join(ev.list(), "\n")
			if got != tc.event {
				t.Errorf("event %q, want %q", got, tc.event)
			}
			c.clearCount(id)
			if n, ok := c.savedCount(bg, id); ok {
				t.Errorf("saved %d after clearCount", n)
			}
		})
	}
}
