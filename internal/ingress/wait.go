package ingress

import (
	"errors"
	"net/http"
	"time"
)

// errRouteGone means the empty route a request was waiting on was
// removed: the request is answered as for an unknown host (404).
var errRouteGone = errors.New("ingress: route removed while waiting")

// errClientLeft means the client of a waiting request disconnected.
var errClientLeft = errors.New("ingress: client left while waiting")

// awaitBackends holds a request for a route that has no backends yet (a
// service whose instances are still starting, e.g. restored after a
// server restart) until the route gets some, at most StartWait. Every
// table swap closes the replaced table's next channel, so the waiter
// looks the host up again on each one. t is the table in which the route
// was found empty: a swap after that lookup wakes the waiter at once.
//
// It ends with a backend slot, errRouteGone (the route was removed),
// ErrNoBackend (StartWait passed, or the ingress is stopping: 503 with
// Retry-After) or the client's departure. Only requests that found an
// empty route get here: routes with backends pay nothing.
func (in *Ingress) awaitBackends(w http.ResponseWriter, r *http.Request, e *routeEntry, t *Table, exclude *Backend) (*Backend, error) {
	e.stats.waiting.Add(1)
	defer e.stats.waiting.Add(-1)
	gone, unwatch := watchWaiter(w, r)
	defer unwatch()
	timer := time.NewTimer(in.startWait)
	defer timer.Stop()
	ctx := r.Context()
	for !in.stopping.Load() {
		select {
		case <-t.next:
		case <-timer.C:
			return nil, ErrNoBackend
		case <-gone:
			return nil, errClientLeft
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		t = in.table.Load()
		cur := t.lookup(r.Host)
		if cur == nil {
			return nil, errRouteGone
		}
		if len(cur.backends) > 0 {
			return cur.acquire(ctx, exclude)
		}
	}
	return nil, ErrNoBackend
}

// watchWaiter returns a channel closed when the client of a waiting
// request disconnects, and the function that ends the watch. Requests of
// the HTTP/1 front carry no cancelable context: their connection is
// watched, unless a request body is still unread on it (the request then
// waits out StartWait at worst). Other requests end with r.Context(),
// which the caller selects on; their channel is nil.
func watchWaiter(w http.ResponseWriter, r *http.Request) (<-chan struct{}, func()) {
	cw, ok := w.(clientWatcher)
	if !ok || hasBody(r) {
		return nil, func() {}
	}
	gone := make(chan struct{})
	stop := cw.watchClient(func() { close(gone) })
	return gone, func() { stop() }
}

// wakeWaiters swaps in a copy of the routing table so that every waiting
// request looks again (and, once stopping is set, gives up).
func (in *Ingress) wakeWaiters() {
	in.mu.Lock()
	defer in.mu.Unlock()
	t := newTable(0)
	t.routes = in.table.Load().routes
	in.swap(t)
}
