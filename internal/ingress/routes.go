package ingress

import "fmt"

// SetRoutes replaces the whole routing table atomically. On a validation
// error (ErrBadHost, ErrDuplicateHost) the current table is kept.
func (in *Ingress) SetRoutes(routes []Route) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	t, err := buildTable(routes, in.statsFor)
	if err != nil {
		return err
	}
	in.swap(t)
	return nil
}

// SetRoute adds or replaces the route for r.Host, leaving the others as
// they are (copy-on-write, then one atomic swap).
func (in *Ingress) SetRoute(r Route) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	host := NormalizeHost(r.Host)
	if !validHost(host) {
		return fmt.Errorf("ingress: set route %q: %w", r.Host, ErrBadHost)
	}
	cur := in.table.Load().Routes()
	routes := make([]Route, 0, len(cur)+1)
	for _, old := range cur {
		if old.Host != host {
			routes = append(routes, old)
		}
	}
	routes = append(routes, r)
	t, err := buildTable(routes, in.statsFor)
	if err != nil {
		return err
	}
	in.swap(t)
	return nil
}

// RemoveRoute deletes the route for host and reports whether there was
// one. Requests already routed keep their backend until they finish.
func (in *Ingress) RemoveRoute(host string) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	host = NormalizeHost(host)
	cur := in.table.Load().Routes()
	routes := make([]Route, 0, len(cur))
	for _, old := range cur {
		if old.Host != host {
			routes = append(routes, old)
		}
	}
	if len(routes) == len(cur) {
		return false
	}
	t, err := buildTable(routes, in.statsFor)
	if err != nil {
		return false // unreachable: these routes were valid already
	}
	in.swap(t)
	return true
}

// swap installs t as the routing table and wakes the requests waiting on
// the one it replaces. in.mu is held, so each table is closed once.
func (in *Ingress) swap(t *Table) {
	close(in.table.Swap(t).next)
}

// Table returns the current routing table snapshot.
func (in *Ingress) Table() *Table { return in.table.Load() }

// statsFor returns the long-lived counters for key; in.mu is held.
func (in *Ingress) statsFor(key string) *RouteStats {
	s, ok := in.stats[key]
	if !ok {
		s = &RouteStats{}
		in.stats[key] = s
	}
	return s
}

// Stats snapshots the counters of every service (keyed by ServiceID, or by
// Host for routes without one) that has had a route.
func (in *Ingress) Stats() map[string]StatsSnapshot {
	in.mu.Lock()
	defer in.mu.Unlock()
	out := make(map[string]StatsSnapshot, len(in.stats))
	for k, s := range in.stats {
		out[k] = s.Snapshot()
	}
	return out
}

// ServiceStats snapshots one service's counters.
func (in *Ingress) ServiceStats(key string) (StatsSnapshot, bool) {
	in.mu.Lock()
	s, ok := in.stats[key]
	in.mu.Unlock()
	if !ok {
		return StatsSnapshot{}, false
	}
	return s.Snapshot(), true
}
