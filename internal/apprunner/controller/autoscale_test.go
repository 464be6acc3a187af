package controller

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/autoscale"
)

// fastScaling shortens the autoscaler's windows and ticks for tests.
func fastScaling(delay time.Duration) func(*Options) {
	return func(o *Options) {
		o.Autoscale = autoscale.Config{StableWindow: 4 * time.Second, PanicWindow: time.Second, ScaleDownDelay: delay}
		o.ScaleSample, o.ScaleDecide = 200*time.Millisecond, 500*time.Millisecond
	}
}

// noServerErrors fails the test if a load run got 5xx answers or
// transport errors: scaling must never cost a request more than a 429.
func noServerErrors(t *testing.T, res *loadResult) {
	t.Helper()
	res.mu.Lock()
	defer res.mu.Unlock()
	for code, n := range res.codes {
		if code >= 500 {
			t.Errorf("%d answers %d during scaling", n, code)
		}
	}
	if res.errs > 0 {
		t.Errorf("%d transport errors during scaling", res.errs)
	}
}

func hasEvent(ev *events, frags ...string) bool {
	for _, m := range ev.list() {
		ok := true
		for _, f := range frags {
			ok = ok && strings.Contains(m, f)
		}
		if ok {
			return true
		}
	}
	return false
}

func TestAutoscaleBurstScalesOutThenIn(t *testing.T) {
	e := newEnv(t, fastScaling(2*time.Second))
	r := newRepo(t, goApp("v1"))
	spec := e.spec("7123456789abcdef0123456789abcdef", r.Dir)
	spec.Run.MaxConcurrency, spec.Run.MaxInstances = 2, 4
	var ev events
	if _, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op1", Events: ev.add}); err != nil {
		t.Fatal(err)
	}
	before := e.idsOf(spec.ServiceID)
	if len(before) != 1 {
		t.Fatalf("instances = %d, want MinSize 1", len(before))
	}
	eventually(t, 5*time.Second, "the autoscaler", func() bool { return e.c.scalers.Load() == 1 })

	// A burst of 10× MaxConcurrency: the service goes to MaxSize and no
	// further, keeping the load on for 2s once there.
	peak := 0
	var firstNew time.Duration
	var atMax time.Time
	start := time.Now()
	res := e.load(spec.Host, "/slow", 20, 20*time.Second, func() bool {
		n := len(e.c.Instances(spec.ServiceID))
		peak = max(peak, n)
		if firstNew == 0 && e.newServing(spec.ServiceID, before) {
			firstNew = time.Since(start)
		}
		if n == 4 && atMax.IsZero() {
			atMax = time.Now()
		}
		return !atMax.IsZero() && time.Since(atMax) > 2*time.Second
	})
	if atMax.IsZero() {
		t.Fatalf("never reached MaxSize 4 (peak %d); events:\n%s", peak, strings.Join(ev.list(), "\n"))
	}
	t.Logf("burst (10× MaxConcurrency) → first request served by a new instance: %s; MaxSize reached after %s", firstNew.Round(time.Millisecond), atMax.Sub(start).Round(time.Millisecond))
	if peak > 4 {
		t.Errorf("peak %d instances, over MaxSize 4", peak)
	}
	if firstNew == 0 || res.count(200) == 0 {
		t.Fatalf("no request served by a new instance (200s: %d)", res.count(200))
	}
	noServerErrors(t, res)
	if !hasEvent(&ev, "Auto scaling: scale 1 → ", "concurrency", "target 1.4 per instance") {
		t.Errorf("no scale-out decision with its numbers in:\n%s", strings.Join(ev.list(), "\n"))
	}

	// Quiet: back to MinSize once the stable window and the scale-down
	// delay have passed, still serving.
	quiet := time.Now()
	eventually(t, 30*time.Second, "scale-in to MinSize", func() bool {
		return len(e.c.Instances(spec.ServiceID)) == 1
	})
	t.Logf("quiet → back to MinSize: %s", time.Since(quiet).Round(time.Millisecond))
	if code, _ := e.get(spec.Host, "/"); code != 200 {
		t.Fatalf("GET / after scale-in = %d", code)
	}
	if !hasEvent(&ev, "Auto scaling: scale ", " → 1") || !hasEvent(&ev, "taken out of service") {
		t.Errorf("no scale-in decision in:\n%s", strings.Join(ev.list(), "\n"))
	}
}

func TestMaxConcurrencyQueuesThen429(t *testing.T) {
	e := newEnv(t, fastScaling(2*time.Second))
	r := newRepo(t, goApp("v1"))
	spec := e.spec("8123456789abcdef0123456789abcdef", r.Dir)
	spec.Run.MaxConcurrency = 1 // MaxInstances 0: fixed size
	if _, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op1"}); err != nil {
		t.Fatal(err)
	}
	res := e.load(spec.Host, "/slow", 6, 3*time.Second, nil)
	ok, tooMany := res.count(200), res.count(429)
	t.Logf("200: %d, 429: %d", ok, tooMany)
	// One request in flight and one queued at a time: about two answers
	// per 700ms request, every other request refused at once.
	if ok < 3 || tooMany == 0 {
		t.Fatalf("200s %d, 429s %d: want both", ok, tooMany)
	}
	if res.retryAfter != tooMany {
		t.Errorf("%d of %d 429s had Retry-After", res.retryAfter, tooMany)
	}
	noServerErrors(t, res)
	if n := len(e.c.Instances(spec.ServiceID)); n != 1 || e.c.scalers.Load() != 0 {
		t.Errorf("fixed-size service: %d instances, %d autoscalers", n, e.c.scalers.Load())
	}
}

func TestDeploymentKeepsScaledOutCount(t *testing.T) {
	// A long scale-down delay keeps the scaled-out count through the
	// deployment.
	e := newEnv(t, fastScaling(time.Minute))
	r := newRepo(t, goApp("v1"))
	spec := e.spec("9123456789abcdef0123456789abcdef", r.Dir)
	spec.Run.MaxConcurrency, spec.Run.MaxInstances = 2, 5
	var ev events
	if _, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op1", Events: ev.add}); err != nil {
		t.Fatal(err)
	}
	// Two clients at a time want two instances, not MaxSize.
	e.load(spec.Host, "/slow", 2, 15*time.Second, func() bool { return len(e.c.Instances(spec.ServiceID)) >= 2 })
	var n int
	eventually(t, 10*time.Second, "scale-out to settle", func() bool {
		g := e.c.live(spec.ServiceID)
		m := g.size()
		settled := !g.acting.Load() && m == n && m >= 2
		n = m
		return settled
	})
	if n >= 5 {
		t.Fatalf("scaled out to %d, leaving no room to scale further", n)
	}
	sc := e.c.live(spec.ServiceID).scaler

	r.commit(goApp("v2"), "v2")
	rel2, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op2", Events: ev.add})
	if err != nil {
		t.Fatal(err)
	}
	insts := e.c.Instances(spec.ServiceID)
	if len(insts) != n {
		t.Fatalf("after the deployment: %d instances, want the scaled-out %d", len(insts), n)
	}
	for _, i := range insts {
		if i.ArtifactID != rel2.Artifact.ID {
			t.Fatalf("instance %s runs %s, want %s", i.ID, i.ArtifactID, rel2.Artifact.ID)
		}
	}
	if !hasEvent(&ev, "Starting "+strconv.Itoa(n)+" instance(s) of artifact "+rel2.Artifact.ID) {
		t.Errorf("events:\n%s", strings.Join(ev.list(), "\n"))
	}
	g := e.c.live(spec.ServiceID)
	if g.scaler != sc || e.c.scalers.Load() != 1 {
		t.Fatalf("autoscaler not carried over (same %v, running %d)", g.scaler == sc, e.c.scalers.Load())
	}
	// The autoscaler resumes on the new release.
	e.load(spec.Host, "/slow", 20, 15*time.Second, func() bool { return len(e.c.Instances(spec.ServiceID)) == 5 })
	if got := len(e.c.Instances(spec.ServiceID)); got != 5 {
		t.Fatalf("second burst: %d instances, want MaxSize 5", got)
	}
	if code, body := e.get(spec.Host, "/"); code != 200 || !strings.Contains(body, "version=v2") {
		t.Fatalf("GET / = %d %q", code, body)
	}
}

func TestStopEndsAutoscaler(t *testing.T) {
	e := newEnv(t, fastScaling(time.Minute))
	r := newRepo(t, goApp("v1"))
	spec := e.spec("a123456789abcdef0123456789abcdef", r.Dir)
	spec.Run.MaxConcurrency, spec.Run.MaxInstances = 2, 3
	rel, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op1"})
	if err != nil {
		t.Fatal(err)
	}
	e.load(spec.Host, "/slow", 20, 15*time.Second, func() bool { return len(e.c.Instances(spec.ServiceID)) >= 2 })
	if err := e.c.Stop(bg, spec.ServiceID, spec.Host); err != nil {
		t.Fatal(err)
	}
	if n := e.c.scalers.Load(); n != 0 {
		t.Fatalf("%d autoscalers still running after Stop", n)
	}
	res := e.load(spec.Host, "/slow", 5, 500*time.Millisecond, nil)
	if res.count(404) == 0 || len(e.c.Instances(spec.ServiceID)) != 0 || len(e.backend.Instances()) != 0 {
		t.Fatalf("paused service: 404s %d, instances %d, processes %d", res.count(404),
			len(e.c.Instances(spec.ServiceID)), len(e.backend.Instances()))
	}
	// Resumed, it starts at MinSize with a fresh autoscaler.
	if _, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op2", Release: rel}); err != nil {
		t.Fatal(err)
	}
	if n := len(e.c.Instances(spec.ServiceID)); n != 1 {
		t.Fatalf("resumed with %d instances, want MinSize 1", n)
	}
	eventually(t, 5*time.Second, "the autoscaler again", func() bool { return e.c.scalers.Load() == 1 })
}

// blockedApp is the test app, except that while the file $BLOCK_FILE
// exists a new instance does what block says ("os.Exit(3)", "select {}").
func blockedApp(block string) map[string]string {
	files := goApp("v1")
	files["main.go"] = strings.Replace(files["main.go"], "func main() {\n", `func main() {
	if _, err := os.Stat(os.Getenv("BLOCK_FILE")); err == nil {
		fmt.Println("blocked by", os.Getenv("BLOCK_FILE"))
		`+block+`
	}
`, 1)
	return files
}

func TestFailedScaleOutKeepsServingAndRetries(t *testing.T) {
	e := newEnv(t, fastScaling(time.Minute))
	r := newRepo(t, blockedApp("os.Exit(3)"))
	block := filepath.Join(t.TempDir(), "block")
	spec := e.spec("b123456789abcdef0123456789abcdef", r.Dir)
	spec.Run.MaxConcurrency, spec.Run.MaxInstances = 2, 3
	spec.Code.Env = map[string]string{"BLOCK_FILE": block}
	var ev events
	if _, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op1", Events: ev.add}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(block, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	peak := 0
	res := e.load(spec.Host, "/slow", 20, 15*time.Second, func() bool {
		peak = max(peak, len(e.c.Instances(spec.ServiceID)))
		return hasEvent(&ev, "did not become healthy and were stopped", "blocked by")
	})
	if !hasEvent(&ev, "did not become healthy and were stopped", "blocked by") {
		t.Fatalf("no failed scale-out in:\n%s", strings.Join(ev.list(), "\n"))
	}
	if peak != 1 || res.count(200) == 0 {
		t.Fatalf("serving set changed by a failed scale-out: peak %d, 200s %d", peak, res.count(200))
	}
	noServerErrors(t, res)

	// Once instances can start again, a later decision succeeds.
	os.Remove(block)
	e.load(spec.Host, "/slow", 20, 15*time.Second, func() bool { return len(e.c.Instances(spec.ServiceID)) >= 2 })
	if n := len(e.c.Instances(spec.ServiceID)); n < 2 {
		t.Fatalf("no retry: %d instances; events:\n%s", n, strings.Join(ev.list(), "\n"))
	}
}

func TestDeploymentInterruptsScaleOut(t *testing.T) {
	e := newEnv(t, fastScaling(time.Minute))
	r := newRepo(t, blockedApp("select {}")) // started, never listening
	block := filepath.Join(t.TempDir(), "block")
	spec := e.spec("d123456789abcdef0123456789abcdef", r.Dir)
	spec.Run.MaxConcurrency, spec.Run.MaxInstances = 2, 3
	spec.Code.Env = map[string]string{"BLOCK_FILE": block}
	var ev events
	rel, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op1", Events: ev.add})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(block, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	// Load until the autoscaler is starting instances that will not get
	// healthy within the 10s health window.
	starting := func() bool { return len(e.backend.Instances()) > len(e.c.Instances(spec.ServiceID)) }
	e.load(spec.Host, "/slow", 20, 15*time.Second, starting)
	if !starting() {
		t.Fatalf("no scale-out started; events:\n%s", strings.Join(ev.list(), "\n"))
	}
	os.Remove(block)
	start := time.Now()
	if _, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op2", Release: rel, Events: ev.add}); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	t.Logf("deployment during a hanging scale-out took %s", took.Round(time.Millisecond))
	if took > 5*time.Second {
		t.Errorf("the deployment waited %s for the scale-out", took)
	}
	if n := len(e.c.Instances(spec.ServiceID)); n != 1 {
		t.Errorf("%d instances after the deployment, want 1 (the hanging ones never served)", n)
	}
	if !hasEvent(&ev, "scale-out interrupted: a deployment is replacing the instances") {
		t.Errorf("events:\n%s", strings.Join(ev.list(), "\n"))
	}
}
