package metrics

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/ingress"
	"github.com/berth-dev/berth/internal/runtime"
)

// TestIngressSource drives real requests through a real ingress on
// loopback and reads them back as snapshots.
func TestIngressSource(t *testing.T) {
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/boom":
			w.WriteHeader(http.StatusInternalServerError)
		case "/missing":
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer app.Close()
	healthy := ingress.NewBackend(app.Listener.Addr().String(), ingress.BackendOptions{})
	draining := ingress.NewBackend("127.0.0.1:1", ingress.BackendOptions{})
	draining.StartDraining()
	defer healthy.Close()

	in := ingress.New(ingress.Options{HTTPAddr: "127.0.0.1:0"})
	if err := in.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := in.Stop(ctx); err != nil {
			t.Errorf("stop ingress: %v", err)
		}
	}()
	err := in.SetRoutes([]ingress.Route{
		{Host: "api.example", ServiceID: "svc-api", Backends: []*ingress.Backend{healthy, draining}},
		{Host: "www.api.example", ServiceID: "svc-api", Backends: []*ingress.Backend{healthy}},
		{Host: "Static.Example"},
	})
	if err != nil {
		t.Fatal(err)
	}

	client := &http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: 5 * time.Second}
	for _, path := range []string{"/", "/", "/boom", "/missing"} {
		req, _ := http.NewRequest(http.MethodGet, "http://"+in.HTTPAddr()+path, nil)
		req.Host = "api.example"
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}

	usage := func(service, addr string) (Usage, bool) {
		if service != "svc-api" || addr != healthy.Addr() {
			return Usage{}, false
		}
		return Usage{ID: "inst-1", CPUSeconds: 2.5, MemoryBytes: 1 << 20}, true
	}
	snaps := NewIngressSource(in, usage).Services()
	if len(snaps) != 2 || snaps[0].Service != "static.example" || snaps[1].Service != "svc-api" {
		t.Fatalf("services = %+v; want static.example (keyed by host) and svc-api", snaps)
	}
	api := snaps[1]
	if api.Requests != 4 || api.Status2xx != 2 || api.Status4xx != 1 || api.Status5xx != 1 || api.InFlight != 0 {
		t.Errorf("counters = %+v; want 4 requests: 2 2xx, 1 4xx, 1 5xx", api)
	}
	if api.Latency.Count() != 4 || len(api.Latency.Bounds) != len(ingress.LatencyBuckets) || api.Latency.Quantile(0.5) <= 0 {
		t.Errorf("latency = %+v; want 4 observations in the ingress's buckets", api.Latency)
	}
	// The healthy backend is shared by two hosts: one instance, counted
	// once; the draining one is listed but not active.
	if api.ActiveInstances != 1 || len(api.Instances) != 2 {
		t.Fatalf("instances = %+v, active %d; want 2 listed, 1 active", api.Instances, api.ActiveInstances)
	}
	want := InstanceSnapshot{ID: "inst-1", Addr: healthy.Addr(), Requests: 4, Healthy: true,
		HasUsage: true, CPUSeconds: 2.5, MemoryBytes: 1 << 20}
	if api.Instances[0] != want {
		t.Errorf("instance = %+v\nwant       %+v", api.Instances[0], want)
	}
	if d := api.Instances[1]; d.ID != "127.0.0.1:1" || !d.Draining || d.HasUsage {
		t.Errorf("draining instance = %+v; want labelled by address, no usage", d)
	}

	// The same source behind the metrics handler.
	body := scrape(t, NewIngressSource(in, usage))
	for _, line := range []string{
		`berth_requests_total{service="svc-api",status_class="5xx"} 1`,
		`berth_instance_cpu_seconds_total{instance="inst-1",service="svc-api"} 2.5`,
		`berth_active_instances{service="static.example"} 0`,
		`berth_request_duration_seconds_count{service="svc-api"} 4`,
	} {
		if !strings.Contains(body, line+"\n") {
			t.Errorf("metrics lack %q", line)
		}
	}
}

// fakeInstance is a runtime.Instance whose Stats the test sets.
type fakeInstance struct {
	runtime.Instance
	stats runtime.Stats
	err   error
}

func (f fakeInstance) ID() string                    { return "i-42" }
func (f fakeInstance) Stats() (runtime.Stats, error) { return f.stats, f.err }

func TestRuntimeUsage(t *testing.T) {
	u, ok := RuntimeUsage(fakeInstance{stats: runtime.Stats{CPUSeconds: 1.5, RSSBytes: 4096, Processes: 2}})
	if !ok || u != (Usage{ID: "i-42", CPUSeconds: 1.5, MemoryBytes: 4096}) {
		t.Errorf("RuntimeUsage = %+v, %v", u, ok)
	}
	if _, ok := RuntimeUsage(fakeInstance{err: errors.New("ended")}); ok {
		t.Error("RuntimeUsage of an ended instance: want false")
	}
}
