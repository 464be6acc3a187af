package apprunner

import "github.com/berth-dev/berth/internal/metrics"

// InstanceUsage reports the CPU and memory of the instance serving the
// service serviceID at addr (the ingress backend's "host:port"); ok is
// false when no running instance serves there (it may have just been
// replaced or scaled in). It is a metrics.UsageFunc: the server hands it
// to metrics.NewIngressSource, whose service label is the ServiceId.
func (a *API) InstanceUsage(serviceID, addr string) (metrics.Usage, bool) {
	inst, ok := a.ctrl.InstanceAt(serviceID, addr)
	if !ok {
		return metrics.Usage{}, false
	}
	return metrics.RuntimeUsage(inst)
}

var _ metrics.UsageFunc = (*API)(nil).InstanceUsage
