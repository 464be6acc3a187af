package ingress

import (
	"errors"
	"log/slog"
	"net/http"
	"time"
)

// statusClientClosed is recorded (never sent) when the client went away
// before its answer, as nginx's 499.
const statusClientClosed = 499

// ServeHTTP routes r by Host and proxies it to one of the route's backends.
// Unknown hosts get a 404 page; failures before a response get an error
// page carrying the request id (X-Request-Id, also set on every response).
func (in *Ingress) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e := in.table.Load().lookup(r.Host)
	if e == nil {
		writePage(w, http.StatusNotFound, "")
		return
	}
	start := time.Now()
	e.stats.begin()
	rid := requestID(r)
	w.Header()["X-Request-Id"] = []string{rid}
	o := in.serve(w, r, e, rid)
	if o.err != nil || o.client != nil {
		in.logFailure(r, e, rid, o)
	}
	e.stats.end(o.status, time.Since(start))
	if o.abort {
		// The only way to tell an HTTP client that a response it already
		// started receiving is broken: net/http resets the stream or
		// closes the connection instead of ending the body cleanly.
		panic(http.ErrAbortHandler)
	}
}

// serve applies the body limit, picks a backend, forwards, and retries
// once elsewhere when that is safe.
func (in *Ingress) serve(w http.ResponseWriter, r *http.Request, e *routeEntry, rid string) outcome {
	if max := in.maxBody; max > 0 {
		if r.ContentLength > max {
			return in.fail(w, r, http.StatusRequestEntityTooLarge, rid, outcome{})
		}
		if hasBody(r) {
			// Not http.MaxBytesReader: it touches w's header map from the
			// goroutine that streams large bodies upstream.
			r.Body = &limitedBody{ReadCloser: r.Body, left: max}
		}
	}
	if up := upgradeProtocol(r); up != "" {
		return in.serveUpgrade(w, r, e, rid, up)
	}
	b, err := in.acquire(w, r, e, nil)
	if err != nil {
		return in.fail(w, r, pickStatus(err), rid, outcome{})
	}
	o := in.forward(w, r, b, rid)
	b.release()
	if o.started || (o.err == nil && o.client == nil) {
		return o
	}
	if o.client != nil {
		return in.fail(w, r, o.status, rid, o)
	}
	// Nothing reached the backend (it refused the connection), or it
	// failed an idempotent bodiless request before answering: another
	// backend may do better. A request that may have been processed is
	// never sent twice.
	if !clientGone(w, r) && (!o.sent || (idempotent(r.Method) && !hasBody(r))) {
		if b2, err := in.acquire(w, r, e, b); err == nil {
			in.logFailure(r, e, rid, o)
			o = in.forward(w, r, b2, rid)
			b2.release()
			if o.started || (o.err == nil && o.client == nil) {
				return o
			}
		}
	}
	return in.fail(w, r, o.status, rid, o)
}

// acquire takes a backend slot from route e. A request that looked up
// the table just before a swap may find all of e's backends draining: it
// then tries the route's current entry once. A route with no backends at
// all (its service's instances are starting) makes the request wait for
// some, at most StartWait (awaitBackends).
func (in *Ingress) acquire(w http.ResponseWriter, r *http.Request, e *routeEntry, exclude *Backend) (*Backend, error) {
	b, err := e.acquire(r.Context(), exclude)
	if err != ErrNoBackend {
		return b, err
	}
	t := in.table.Load()
	cur := t.lookup(r.Host)
	if cur != nil && cur != e {
		if b, err = cur.acquire(r.Context(), exclude); err != ErrNoBackend {
			return b, err
		}
	}
	switch {
	case cur == nil && len(e.backends) == 0:
		return nil, errRouteGone
	case cur == nil || len(cur.backends) > 0 || in.startWait <= 0 || in.stopping.Load():
		return nil, ErrNoBackend
	}
	return in.awaitBackends(w, r, cur, t, exclude)
}

// fail writes an error page unless the client is gone, and returns the
// outcome to record.
func (in *Ingress) fail(w http.ResponseWriter, r *http.Request, status int, rid string, o outcome) outcome {
	if status == 0 {
		status = http.StatusBadGateway
	}
	if clientGone(w, r) {
		o.status = statusClientClosed
		return o
	}
	writePage(w, status, rid)
	o.status = status
	o.started = true
	return o
}

func pickStatus(err error) int {
	switch {
	case errors.Is(err, ErrOverloaded):
		return http.StatusTooManyRequests
	case errors.Is(err, errRouteGone):
		return http.StatusNotFound
	}
	return http.StatusServiceUnavailable
}

// logFailure logs a failed attempt once; failures caused by the client
// (gone, body too large) are debug noise, backend failures are warnings.
func (in *Ingress) logFailure(r *http.Request, e *routeEntry, rid string, o outcome) {
	err, level := o.err, slog.LevelWarn
	if err == nil || o.status < 500 {
		level = slog.LevelDebug
	}
	if err == nil {
		err = o.client
	}
	in.log.Log(r.Context(), level, "ingress: request failed",
		"host", e.route.Host, "service", e.route.ServiceID,
		"method", r.Method, "request_id", rid, "status", o.status, "err", err)
}
