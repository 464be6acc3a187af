package metrics

import (
	"fmt"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metric descriptions. Names follow Prometheus conventions (base units,
// _total for counters); "service" is the App Runner ServiceId.
var (
	descRequests = prometheus.NewDesc("berth_requests_total",
		"Requests answered by the ingress, by status class.", []string{"service", "status_class"}, nil)
	descDuration = prometheus.NewDesc("berth_request_duration_seconds",
		"Time from a request's arrival at the ingress to the end of its response.", []string{"service"}, nil)
	descInFlight = prometheus.NewDesc("berth_inflight_requests",
		"Requests between arrival and response, queued ones included.", []string{"service"}, nil)
	descQueue = prometheus.NewDesc("berth_queue_depth",
		"Requests waiting for an instance, all instances being at MaxConcurrency.", []string{"service"}, nil)
	descActive = prometheus.NewDesc("berth_active_instances",
		"Instances taking new requests (healthy, not draining).", []string{"service"}, nil)
	descInstInFlight = prometheus.NewDesc("berth_instance_inflight_requests",
		"Requests an instance is serving.", []string{"service", "instance"}, nil)
	descInstRequests = prometheus.NewDesc("berth_instance_requests_total",
		"Requests given to an instance.", []string{"service", "instance"}, nil)
	descInstCPU = prometheus.NewDesc("berth_instance_cpu_seconds_total",
		"User and system CPU time an instance has used, its child processes included.", []string{"service", "instance"}, nil)
	descInstMemory = prometheus.NewDesc("berth_instance_memory_bytes",
		"Resident memory of an instance, its child processes included.", []string{"service", "instance"}, nil)
)

// Collector is a prometheus.Collector that reads a Source on every scrape.
// It holds no counters of its own, so values are exactly the source's.
type Collector struct {
	src Source
}

var _ prometheus.Collector = (*Collector)(nil)

// NewCollector returns a Collector over src, to register with any
// prometheus.Registerer.
func NewCollector(src Source) *Collector { return &Collector{src: src} }

// Describe sends the descriptions of every metric Collect may send.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descRequests, descDuration, descInFlight, descQueue, descActive,
		descInstInFlight, descInstRequests, descInstCPU, descInstMemory} {
		ch <- d
	}
}

// Collect snapshots the source and sends its metrics. A snapshot that
// cannot be expressed (say, a histogram without bounds) becomes an invalid
// metric, which the registry reports without failing the scrape.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	for _, s := range c.src.Services() {
		for _, class := range []struct {
			name string
			n    uint64
		}{{"2xx", s.Status2xx}, {"3xx", s.Status3xx}, {"4xx", s.Status4xx}, {"5xx", s.Status5xx}} {
			ch <- constMetric(descRequests, prometheus.CounterValue, float64(class.n), s.Service, class.name)
		}
		ch <- histogram(s)
		ch <- constMetric(descInFlight, prometheus.GaugeValue, float64(s.InFlight), s.Service)
		ch <- constMetric(descQueue, prometheus.GaugeValue, float64(s.QueueDepth), s.Service)
		ch <- constMetric(descActive, prometheus.GaugeValue, float64(s.ActiveInstances), s.Service)
		for _, in := range s.Instances {
			ch <- constMetric(descInstInFlight, prometheus.GaugeValue, float64(in.InFlight), s.Service, in.ID)
			ch <- constMetric(descInstRequests, prometheus.CounterValue, float64(in.Requests), s.Service, in.ID)
			if in.HasUsage {
				ch <- constMetric(descInstCPU, prometheus.CounterValue, in.CPUSeconds, s.Service, in.ID)
				ch <- constMetric(descInstMemory, prometheus.GaugeValue, float64(in.MemoryBytes), s.Service, in.ID)
			}
		}
	}
}

func constMetric(d *prometheus.Desc, t prometheus.ValueType, v float64, labels ...string) prometheus.Metric {
	m, err := prometheus.NewConstMetric(d, t, v, labels...)
	if err != nil {
		return prometheus.NewInvalidMetric(d, err)
	}
	return m
}

// histogram converts the ingress's per-bucket counts to Prometheus's
// cumulative ones; the overflow bucket is +Inf, implied by the count.
func histogram(s ServiceSnapshot) prometheus.Metric {
	h := s.Latency
	buckets := make(map[float64]uint64, len(h.Bounds))
	var cum uint64
	if h.valid() {
		for i, b := range h.Bounds {
			cum += h.Counts[i]
			buckets[b.Seconds()] = cum
		}
	}
	m, err := prometheus.NewConstHistogram(descDuration, h.Count(), h.Sum.Seconds(), buckets, s.Service)
	if err != nil {
		return prometheus.NewInvalidMetric(descDuration, err)
	}
	return m
}

// Handler serves src's metrics, and those of any extra collectors (say,
// collectors.NewGoCollector()), in the Prometheus exposition format, as
// /_berth/metrics does. A collector failing at scrape time costs its own
// metrics, not the scrape. It fails when extra collectors clash.
func Handler(src Source, extra ...prometheus.Collector) (http.Handler, error) {
	reg := prometheus.NewRegistry()
	for _, c := range append([]prometheus.Collector{NewCollector(src)}, extra...) {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("metrics: register collector %T: %w", c, err)
		}
	}
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError}), nil
}
