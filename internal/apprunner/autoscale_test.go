package apprunner_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ar "github.com/aws/aws-sdk-go-v2/service/apprunner"
	artypes "github.com/aws/aws-sdk-go-v2/service/apprunner/types"

	"github.com/berth-dev/berth/internal/apprunner"
	"github.com/berth-dev/berth/internal/apprunner/apprunnertest"
	"github.com/berth-dev/berth/internal/autoscale"
)

// fastScaling shortens the autoscaler's windows and ticks for tests.
func fastScaling(d *apprunner.Deps) {
	d.Controller.Autoscale = autoscale.Config{StableWindow: 4 * time.Second, PanicWindow: time.Second, ScaleDownDelay: 2 * time.Second}
	d.Controller.ScaleSample, d.Controller.ScaleDecide = 200*time.Millisecond, 500*time.Millisecond
}

// burst runs workers loops of GET path on a service (through the
// ingress's HTTP listener, on loopback) until stop holds or d elapses,
// and returns the answers by status (0: transport errors).
func (h *harness) burst(serviceURL, path string, workers int, d time.Duration, stop func() bool) map[int]int {
	host, _, _ := strings.Cut(serviceURL, ":")
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: workers}}
	defer client.CloseIdleConnections()
	return apprunnertest.Burst(workers, d, stop, func() int {
		req, _ := http.NewRequest("GET", "http://"+h.in.HTTPAddr()+path, nil)
		req.Host = host
		resp, err := client.Do(req)
		if err != nil {
			return 0
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	})
}

// TestAutoscalingFromConfiguration drives the autoscaler through the API:
// a service created with an AutoScalingConfiguration (MaxConcurrency 2,
// MaxSize 3) scales out under a burst and never past MaxSize; an update
// to a configuration with MaxSize 2 keeps as many instances as the new
// bounds allow, not MinSize; the quiet service scales back in; every
// decision is in the service's event log; instances report their CPU and
// memory for the metrics.
func TestAutoscalingFromConfiguration(t *testing.T) {
	h := start(t, t.TempDir(), fastScaling)
	asc := func(name string, maxSize int32) *string {
		out, err := h.client.CreateAutoScalingConfiguration(bg, &ar.CreateAutoScalingConfigurationInput{
			AutoScalingConfigurationName: aws.String(name), MaxConcurrency: aws.Int32(2), MinSize: aws.Int32(1), MaxSize: aws.Int32(maxSize)})
		if err != nil {
			t.Fatal(err)
		}
		return out.AutoScalingConfiguration.AutoScalingConfigurationArn
	}
	in := goService("burst-app", newGoRepo(t), h.connection("github"))
	in.AutoScalingConfigurationArn = asc("burst-three", 3)
	out, err := h.client.CreateService(bg, in)
	if err != nil {
		t.Fatal(err)
	}
	svc := h.wait(*out.Service.ServiceArn)
	id, url := *svc.ServiceId, *svc.ServiceUrl
	count := func() int { return len(h.api.Controller().Instances(id)) }
	if svc.Status != artypes.ServiceStatusRunning || count() != 1 {
		t.Fatalf("service %s with %d instances", svc.Status, count())
	}

	// Usage for the metrics, by ServiceId and backend address.
	inst := h.api.Controller().Instances(id)[0]
	if u, ok := h.api.InstanceUsage(id, inst.Addr); !ok || u.ID != inst.ID || u.MemoryBytes <= 0 {
		t.Fatalf("InstanceUsage = %+v, %v", u, ok)
	}
	if _, ok := h.api.InstanceUsage(id, "127.0.0.1:1"); ok {
		t.Fatal("InstanceUsage of an unknown address")
	}

	peak := 0
	codes := h.burst(url, "/slow", 20, 20*time.Second, func() bool {
		peak = max(peak, count())
		return count() == 3
	})
	if count() != 3 || peak > 3 {
		t.Fatalf("burst: %d instances (peak %d), want MaxSize 3; answers %v; events:\n%s", count(), peak, codes, h.events("burst-app", id))
	}
	if codes[0] > 0 || codes[502] > 0 || codes[503] > 0 || codes[200] == 0 {
		t.Fatalf("answers during the burst: %v", codes)
	}
	if ev := h.events("burst-app", id); !strings.Contains(ev, "[AppRunner] Auto scaling: scale 1 → ") || !strings.Contains(ev, "target 1.4 per instance") {
		t.Fatalf("no scale-out decision in the event log:\n%s", ev)
	}

	// A new configuration with MaxSize 2: the update keeps 2, not MinSize.
	up, err := h.client.UpdateService(bg, &ar.UpdateServiceInput{ServiceArn: svc.ServiceArn, AutoScalingConfigurationArn: asc("burst-two", 2)})
	if err != nil {
		t.Fatal(err)
	}
	if s := h.wait(*up.Service.ServiceArn); s.Status != artypes.ServiceStatusRunning || *s.AutoScalingConfigurationSummary.AutoScalingConfigurationName != "burst-two" {
		t.Fatalf("update: %s %+v", s.Status, s.AutoScalingConfigurationSummary)
	}
	if n := count(); n != 2 {
		t.Fatalf("after the update: %d instances, want 2 (the scaled-out count within the new MaxSize)", n)
	}
	if ev := h.events("burst-app", id); !strings.Contains(ev, "Starting 2 instance(s)") {
		t.Fatalf("events:\n%s", ev)
	}

	// Quiet: back to MinSize on the new release's autoscaler.
	deadline := time.Now().Add(30 * time.Second)
	for count() != 1 {
		if time.Now().After(deadline) {
			t.Fatalf("still %d instances; events:\n%s", count(), h.events("burst-app", id))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if ev := h.events("burst-app", id); !strings.Contains(ev, "[AppRunner] Auto scaling: scale 2 → 1") {
		t.Fatalf("no scale-in decision in the event log:\n%s", ev)
	}
	if c, _ := h.get(url, "/"); c != 200 {
		t.Fatalf("GET / after scale-in = %d", c)
	}
}
