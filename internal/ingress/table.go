package ingress

import (
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
)

// Route sends the requests for one Host to a service's backends.
type Route struct {
	// Host is matched against the request's Host header, without port and
	// case-insensitively (e.g. "abc123.us-east-1.apprunner.localhost").
	Host string
	// ServiceID names the App Runner service; it keys the route's counters,
	// so they survive route swaps and are shared by a service's hosts.
	ServiceID string
	// Backends are the service's instances; the balancer skips unhealthy
	// and draining ones.
	Backends []*Backend
}

// Table is an immutable snapshot of the routing table. The ingress swaps
// whole tables atomically, so a request sees either the old or the new
// routes, never a mix.
type Table struct {
	routes map[string]*routeEntry
	// next is closed when the table is superseded: requests waiting for
	// an empty route to get backends (wait.go) wake on it and look again.
	next chan struct{}
}

// newTable returns an empty table with room for n routes.
func newTable(n int) *Table {
	return &Table{routes: make(map[string]*routeEntry, n), next: make(chan struct{})}
}

// routeEntry is a Route plus its per-table balancing cursor and the
// service's long-lived counters.
type routeEntry struct {
	route    Route
	backends []*Backend
	rr       atomic.Uint32
	stats    *RouteStats
}

// Lookup finds the route for a Host header value (port, case and a
// trailing dot are ignored).
func (t *Table) Lookup(host string) (Route, bool) {
	e := t.lookup(host)
	if e == nil {
		return Route{}, false
	}
	return e.route, true
}

// Routes lists the table's routes sorted by Host.
func (t *Table) Routes() []Route {
	if t == nil {
		return nil
	}
	out := make([]Route, 0, len(t.routes))
	for _, e := range t.routes {
		out = append(out, e.route)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Host < out[j].Host })
	return out
}

// Len is the number of routes.
func (t *Table) Len() int {
	if t == nil {
		return 0
	}
	return len(t.routes)
}

func (t *Table) lookup(host string) *routeEntry {
	if t == nil || len(t.routes) == 0 {
		return nil
	}
	// Fast path: an already normal host costs one map probe, no allocation.
	if e, ok := t.routes[host]; ok {
		return e
	}
	n := NormalizeHost(host)
	if n == host {
		return nil
	}
	return t.routes[n]
}

// NormalizeHost lowercases a Host header value and strips its port and any
// trailing dot: "Foo.Example:8080" → "foo.example", "[::1]:80" → "::1".
func NormalizeHost(host string) string {
	if strings.HasPrefix(host, "[") {
		if i := strings.IndexByte(host, ']'); i > 0 {
			host = host[1:i]
		}
	} else if i := strings.LastIndexByte(host, ':'); i >= 0 && strings.IndexByte(host, ':') == i {
		host = host[:i]
	}
	host = strings.TrimSuffix(host, ".")
	for i := 0; i < len(host); i++ {
		if c := host[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(host)
		}
	}
	return host
}

// validHost rejects hosts that could never match a request.
func validHost(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("/?#@[]\\", c) >= 0 {
			// ':' stays allowed so IPv6 literals (already unbracketed) work.
			return false
		}
	}
	return true
}

// buildTable validates routes and wires each to its counters.
func buildTable(routes []Route, stats func(key string) *RouteStats) (*Table, error) {
	t := newTable(len(routes))
	for _, r := range routes {
		host := NormalizeHost(r.Host)
		if !validHost(host) {
			return nil, fmt.Errorf("ingress: set route %q: %w", r.Host, ErrBadHost)
		}
		if _, dup := t.routes[host]; dup {
			return nil, fmt.Errorf("ingress: set route %q: %w", r.Host, ErrDuplicateHost)
		}
		backends := make([]*Backend, 0, len(r.Backends))
		for _, b := range r.Backends {
			if b != nil {
				backends = append(backends, b)
			}
		}
		r.Host = host
		r.Backends = backends
		key := r.ServiceID
		if key == "" {
			key = host
		}
		t.routes[host] = &routeEntry{route: r, backends: backends, stats: stats(key)}
	}
	return t, nil
}
