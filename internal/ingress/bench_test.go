package ingress

import (
	"io"
	"net/http"
	"testing"
)

// The two benchmarks below run the same parallel keep-alive GET loop
// against a hello-world backend, directly and through the ingress; the
// ratio of their ns/op is the proxy's overhead. (Client, ingress and
// backend share the machine's cores, as in the nginx comparison.)

func BenchmarkDirectHTTP(b *testing.B) {
	_, srv := startBackend(b, hello(), BackendOptions{})
	benchGET(b, srv.URL+"/", "")
}

func BenchmarkProxyHTTP(b *testing.B) {
	be, _ := startBackend(b, hello(), BackendOptions{})
	in := startIngress(b, Options{})
	if err := in.SetRoutes([]Route{{Host: "bench.localhost", ServiceID: "bench", Backends: []*Backend{be}}}); err != nil {
		b.Fatal(err)
	}
	benchGET(b, "http://"+in.HTTPAddr()+"/", "bench.localhost")
}

func hello() http.Handler {
	body := []byte("Hello, world!\n")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write(body)
	})
}

func benchGET(b *testing.B, url, host string) {
	client := &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 256}}
	b.Cleanup(client.CloseIdleConnections)
	b.SetParallelism(8) // enough requests in flight to be CPU-bound, not latency-bound
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		req, err := http.NewRequest(http.MethodGet, url, nil)
		if err != nil {
			b.Error(err)
			return
		}
		if host != "" {
			req.Host = host
		}
		for pb.Next() {
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
}
