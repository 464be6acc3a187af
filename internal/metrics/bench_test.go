package metrics

import (
	"fmt"
	"io"
	"net/http/httptest"
	"testing"
	"time"
)

// bigSource is 20 services of 5 instances each, in the ingress's layout.
func bigSource() fakeSource {
	var src fakeSource
	for i := range 20 {
		s := ServiceSnapshot{Service: fmt.Sprintf("svc-%02d", i), Requests: 1e6, Status2xx: 1e6, InFlight: 40, ActiveInstances: 5,
			Latency: Histogram{Bounds: bounds, Counts: []uint64{1e5, 8e5, 9e4, 1e4}, Sum: 50 * time.Second}}
		for j := range 5 {
			s.Instances = append(s.Instances, InstanceSnapshot{ID: fmt.Sprintf("i-%d", j), InFlight: 8, Requests: 2e5,
				Healthy: true, HasUsage: true, CPUSeconds: 100, MemoryBytes: 64 << 20})
		}
		src = append(src, s)
	}
	return src
}

// BenchmarkScrape is one /_berth/metrics request for 20 services.
func BenchmarkScrape(b *testing.B) {
	h, err := Handler(bigSource())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/_berth/metrics", nil))
		io.Copy(io.Discard, rec.Body)
	}
}

// BenchmarkSample is one Sampler tick for 20 services.
func BenchmarkSample(b *testing.B) {
	s := NewSampler(bigSource(), SamplerOptions{})
	at := t0
	b.ReportAllocs()
	for b.Loop() {
		at = at.Add(10 * time.Second)
		s.Sample(at)
	}
}
