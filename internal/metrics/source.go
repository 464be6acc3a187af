package metrics

import "time"

// Source provides the current state of every service.
type Source interface {
	// Services returns one snapshot per service, each Service name at most
	// once. Counters are cumulative and only grow while the source lives
	// (a restart may reset them; consumers treat a decrease as a reset).
	// It is called on every scrape and sample, from any goroutine.
	Services() []ServiceSnapshot
}

// ServiceSnapshot is a point-in-time view of one service.
type ServiceSnapshot struct {
	// Service names the service (App Runner's ServiceId); it is the
	// "service" label.
	Service string
	// Requests counts finished requests; Status2xx … Status5xx split them
	// by status class.
	Requests                                   uint64
	Status2xx, Status3xx, Status4xx, Status5xx uint64
	// InFlight counts requests between arrival and response, including
	// those waiting in the queue.
	InFlight int64
	// QueueDepth counts requests waiting for an instance: at MaxConcurrency,
	// or for the first instances of a service that is starting.
	QueueDepth int64
	// Latency is the histogram of finished requests' durations.
	Latency Histogram
	// ActiveInstances counts instances taking new requests (healthy, not
	// draining).
	ActiveInstances int
	// Instances lists every instance behind the service, draining ones
	// included, each ID at most once.
	Instances []InstanceSnapshot
}

// InstanceSnapshot is a point-in-time view of one instance.
type InstanceSnapshot struct {
	// ID is the "instance" label: the runtime's instance ID when known,
	// else the instance's address.
	ID string
	// Addr is the instance's host:port.
	Addr string
	// InFlight counts the requests the instance is serving now; Requests
	// those it has been given.
	InFlight int64
	Requests uint64
	// Healthy and Draining are the ingress's view of the instance.
	Healthy, Draining bool
	// HasUsage reports whether CPUSeconds and MemoryBytes were sampled
	// (the instance may have ended between listing and sampling).
	HasUsage bool
	// CPUSeconds is user+system CPU consumed since the instance started.
	CPUSeconds float64
	// MemoryBytes is resident memory now.
	MemoryBytes int64
}

// Point is one interval of a service's time series, ending at Time.
// Counts and percentiles cover the interval; gauges are read at Time.
type Point struct {
	Time time.Time `json:"time"`
	// Requests finished during the interval, and those among them that
	// got a 4xx or 5xx.
	Requests  uint64 `json:"requests"`
	Errors4xx uint64 `json:"errors4xx"`
	Errors5xx uint64 `json:"errors5xx"`
	// P50, P90 and P99 are latency percentiles of the interval's requests
	// (nanoseconds in JSON), interpolated within histogram buckets; 0 when
	// there were none.
	P50 time.Duration `json:"p50"`
	P90 time.Duration `json:"p90"`
	P99 time.Duration `json:"p99"`
	// InFlight, QueueDepth and ActiveInstances are read at Time.
	InFlight        int64 `json:"inFlight"`
	QueueDepth      int64 `json:"queueDepth"`
	ActiveInstances int   `json:"activeInstances"`
	// CPU is the CPU used over the interval, summed over instances, in
	// percent of one core (150 = one and a half cores busy).
	CPU float64 `json:"cpu"`
	// MemoryBytes is resident memory summed over instances at Time.
	MemoryBytes int64 `json:"memoryBytes"`
}
