package ingress

import (
	"context"
	"net/http"
	"time"
)

// lazyWatchAfter is how long the HTTP/1 front waits for a backend's answer
// before it starts watching the client for a disconnect. Most answers come
// sooner, and watching costs a goroutine and a read per request — the
// price net/http pays on every request.
const lazyWatchAfter = 20 * time.Millisecond

// clientWatcher is implemented by the HTTP/1 front's ResponseWriter, whose
// requests carry no cancelable context: watchClient starts a watch that
// calls abort if the client disconnects; stop ends it and reports whether
// abort did not run.
type clientWatcher interface {
	watchClient(abort func()) (stop func() bool)
	clientGone() bool
}

// watch ties an upstream exchange to its client: when the client leaves,
// the upstream connection's I/O is cut short so the exchange ends.
type watch struct {
	w    clientWatcher // nil: use the request context
	c    *upConn
	stop func() bool
}

// newWatch starts watching at once for context-carrying requests (net/http
// and HTTP/2); HTTP/1 front requests start lazily (startLazy).
func newWatch(w http.ResponseWriter, r *http.Request, c *upConn) watch {
	if cw, ok := w.(clientWatcher); ok {
		return watch{w: cw, c: c}
	}
	return watch{c: c, stop: context.AfterFunc(r.Context(), c.abort)}
}

// lazy reports whether the watch has yet to start.
func (wt *watch) lazy() bool { return wt.stop == nil }

// start begins watching an HTTP/1 front client (idempotent).
func (wt *watch) start() {
	if wt.stop == nil {
		wt.stop = wt.w.watchClient(wt.c.abort)
	}
}

// end stops watching; false means the client left and c's deadline was
// poisoned, so c must not be reused.
func (wt *watch) end() bool {
	if wt.stop == nil {
		return true
	}
	return wt.stop()
}

// abort makes blocked I/O on the upstream connection return at once.
func (c *upConn) abort() { c.nc.SetDeadline(aLongTimeAgo) }

// clientGone reports whether the client of r has disconnected.
func clientGone(w http.ResponseWriter, r *http.Request) bool {
	if cw, ok := w.(clientWatcher); ok {
		return cw.clientGone()
	}
	return r.Context().Err() != nil
}

// watchClient watches the front connection for EOF with one blocking
// Peek, which neither consumes pipelined bytes nor races the handler: it
// runs only once the request body has been read.
func (w *h1Response) watchClient(abort func()) func() bool {
	c := w.c
	c.nc.SetReadDeadline(time.Time{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := c.br.Peek(1); err != nil && !isTimeout(err) {
			w.gone.Store(true)
			abort()
		}
	}()
	return func() bool {
		c.nc.SetReadDeadline(aLongTimeAgo)
		<-done
		c.nc.SetReadDeadline(time.Time{})
		return !w.gone.Load()
	}
}

// clientGone reports a disconnect seen by the watch.
func (w *h1Response) clientGone() bool { return w.gone.Load() }

func isTimeout(err error) bool {
	type timeout interface{ Timeout() bool }
	t, ok := err.(timeout)
	return ok && t.Timeout()
}
