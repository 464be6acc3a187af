package metrics

import (
	"sort"
	"time"

	"github.com/berth-dev/berth/internal/ingress"
	"github.com/berth-dev/berth/internal/runtime"
)

// Ingress is the part of *ingress.Ingress that IngressSource reads: the
// per-service counters and the routing table (for instances).
type Ingress interface {
	Stats() map[string]ingress.StatsSnapshot
	Table() *ingress.Table
}

var _ Ingress = (*ingress.Ingress)(nil)

// Usage is an instance's resource use, as the runtime samples it.
type Usage struct {
	// ID is the runtime's instance ID; empty means "label the instance by
	// its address".
	ID string
	// CPUSeconds is user+system CPU used since the instance started.
	CPUSeconds float64
	// MemoryBytes is resident memory now.
	MemoryBytes int64
}

// UsageFunc returns the resource use of the instance of service serving
// at addr; ok is false when there is none (it may have just ended). The
// App Runner controller provides it, since it knows which runtime instance
// is behind which address; RuntimeUsage does the sampling.
type UsageFunc func(service, addr string) (u Usage, ok bool)

// RuntimeUsage samples inst, for a UsageFunc. It reports false once the
// instance has ended.
func RuntimeUsage(inst runtime.Instance) (Usage, bool) {
	st, err := inst.Stats()
	if err != nil {
		return Usage{}, false
	}
	return Usage{ID: inst.ID(), CPUSeconds: st.CPUSeconds, MemoryBytes: st.RSSBytes}, true
}

// queuer is implemented by ingress backends that expose their wait queue.
type queuer interface{ Queued() int64 }

// IngressSource is the Source for berth's ingress: a service per counter
// key (ServiceID, or Host for routes without one), its instances from the
// current routing table, and their CPU and memory from a UsageFunc.
type IngressSource struct {
	in    Ingress
	usage UsageFunc
}

var _ Source = (*IngressSource)(nil)

// NewIngressSource returns a Source over in; usage may be nil (no CPU and
// memory metrics then).
func NewIngressSource(in Ingress, usage UsageFunc) *IngressSource {
	return &IngressSource{in: in, usage: usage}
}

// latencyBounds is the ingress's bucket layout, shared by every snapshot.
var latencyBounds = append([]time.Duration(nil), ingress.LatencyBuckets[:]...)

// Services snapshots every service the ingress has counters or routes for,
// sorted by name. A service whose routes were removed keeps its counters
// with no instances.
func (s *IngressSource) Services() []ServiceSnapshot {
	stats := s.in.Stats()
	backends := map[string][]*ingress.Backend{}
	seen := map[*ingress.Backend]bool{}
	for _, r := range s.in.Table().Routes() {
		key := r.ServiceID
		if key == "" {
			key = r.Host
		}
		if _, ok := backends[key]; !ok {
			backends[key] = nil
		}
		for _, b := range r.Backends {
			if !seen[b] {
				seen[b] = true
				backends[key] = append(backends[key], b)
			}
		}
	}
	names := make([]string, 0, len(stats)+len(backends))
	for name := range stats {
		names = append(names, name)
	}
	for name := range backends {
		if _, ok := stats[name]; !ok {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	out := make([]ServiceSnapshot, 0, len(names))
	for _, name := range names {
		out = append(out, s.service(name, stats[name], backends[name]))
	}
	return out
}

func (s *IngressSource) service(name string, st ingress.StatsSnapshot, backends []*ingress.Backend) ServiceSnapshot {
	snap := ServiceSnapshot{
		Service: name, Requests: st.Requests, InFlight: st.InFlight,
		Status2xx: st.Status2xx, Status3xx: st.Status3xx, Status4xx: st.Status4xx, Status5xx: st.Status5xx,
		Latency: Histogram{Bounds: latencyBounds, Counts: append([]uint64(nil), st.Buckets[:]...), Sum: st.LatencySum},
		// Requests held for a route whose first instances are starting
		// wait too; those queued at MaxConcurrency are added below.
		QueueDepth: st.Waiting,
	}
	ids := map[string]bool{}
	for _, b := range backends {
		in := InstanceSnapshot{ID: b.Addr(), Addr: b.Addr(), InFlight: b.InFlight(), Requests: b.Served(),
			Healthy: b.Healthy(), Draining: b.Draining()}
		if s.usage != nil {
			if u, ok := s.usage(name, in.Addr); ok {
				in.HasUsage, in.CPUSeconds, in.MemoryBytes = true, u.CPUSeconds, u.MemoryBytes
				if u.ID != "" && !ids[u.ID] {
					in.ID = u.ID
				}
			}
		}
		ids[in.ID] = true
		if in.Healthy && !in.Draining {
			snap.ActiveInstances++
		}
		if q, ok := any(b).(queuer); ok {
			snap.QueueDepth += q.Queued()
		}
		snap.Instances = append(snap.Instances, in)
	}
	return snap
}
