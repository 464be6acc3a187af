package controller

import "github.com/berth-dev/berth/internal/ingress"

// holdRoute gives the host of a service that runs nothing in this
// controller yet (restored after a server restart, resumed, or created)
// a route with no backends while its first instances start: the ingress
// then holds requests for it (up to its StartWait) until the route swap
// installs the healthy instances, instead of answering that no service is
// deployed there. It reports whether the host's route is such a held
// one (set now, or by HoldRoute before); a host whose route has backends
// keeps it. The caller holds the service's lock.
func (c *Controller) holdRoute(spec Spec) bool {
	if r, ok := c.o.Ingress.Table().Lookup(spec.Host); ok {
		return len(r.Backends) == 0 && r.ServiceID == spec.ServiceID
	}
	return c.HoldRoute(spec.ServiceID, spec.Host)
}

// HoldRoute sets a route with no backends for a service about to start
// (see holdRoute), unless the host has a route already. Restores call it
// for every running service before the server says it is ready, so no
// request reaches the host between the ingress starting and the service's
// first run; that run releases the route if it fails.
func (c *Controller) HoldRoute(serviceID, host string) bool {
	if _, ok := c.o.Ingress.Table().Lookup(host); ok {
		return false
	}
	if err := c.o.Ingress.SetRoute(ingress.Route{Host: host, ServiceID: serviceID}); err != nil {
		c.o.Logger.Warn("hold route", "service", serviceID, "host", host, "err", err)
		return false
	}
	return true
}

// releaseRoute removes the route holdRoute set, after the first run of
// the service failed: like any failed deployment, it leaves the routing
// as it found it, here without a route, so the requests still waiting
// and those that follow get the ingress's 404 rather than a 503 that
// would hide that nothing is starting any more.
func (c *Controller) releaseRoute(spec Spec) {
	c.o.Ingress.RemoveRoute(spec.Host)
}
