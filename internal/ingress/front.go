package ingress

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// frontOptions are the client-facing limits of the front.
type frontOptions struct {
	ReadHeaderTimeout time.Duration
	IdleTimeout       time.Duration
	MaxHeaderBytes    int
}

// front accepts client connections. HTTP/1.x (plain, or TLS that
// negotiated http/1.1) is served by h1conn; TLS connections that
// negotiated h2 are handed to a net/http server, which speaks HTTP/2.
type front struct {
	in      *Ingress
	opts    frontOptions
	closing atomic.Bool

	mu    sync.Mutex
	conns map[*h1conn]struct{}
	wg    sync.WaitGroup // accept loops and connection goroutines

	h2    *http.Server
	h2ln  *connQueue
	h2err chan error
}

func newFront(in *Ingress, opts frontOptions) *front {
	return &front{in: in, opts: opts, conns: make(map[*h1conn]struct{})}
}

// serve accepts on ln until it is closed; tlsCfg nil means plain HTTP.
func (f *front) serve(ln net.Listener, tlsCfg *tls.Config) {
	if tlsCfg != nil && f.h2 == nil {
		f.h2ln = newConnQueue(ln.Addr())
		f.h2 = &http.Server{
			Handler:           f.in,
			TLSConfig:         tlsCfg, // lists h2, so Serve sets HTTP/2 up
			ReadHeaderTimeout: f.opts.ReadHeaderTimeout,
			IdleTimeout:       f.opts.IdleTimeout,
			ErrorLog:          errorLog(f.in.log),
		}
		f.h2err = make(chan error, 1)
		srv, q := f.h2, f.h2ln
		f.wg.Go(func() { f.h2err <- srv.Serve(q) })
	}
	f.wg.Go(func() { f.acceptLoop(ln, tlsCfg) })
}

func (f *front) acceptLoop(ln net.Listener, tlsCfg *tls.Config) {
	var delay time.Duration
	for {
		nc, err := ln.Accept()
		if err != nil {
			if f.closing.Load() || errors.Is(err, net.ErrClosed) {
				return
			}
			// Out of file descriptors and the like: back off as net/http does.
			delay = min(max(2*delay, 5*time.Millisecond), time.Second)
			f.in.log.Warn("ingress: accept", "err", err, "retry_in", delay)
			time.Sleep(delay)
			continue
		}
		delay = 0
		f.wg.Go(func() { f.serveConn(nc, tlsCfg) })
	}
}

func (f *front) serveConn(nc net.Conn, tlsCfg *tls.Config) {
	c := &h1conn{front: f, raw: nc}
	// Tracked from the start, so that Stop also ends TLS handshakes.
	if !f.track(c, true) {
		nc.Close()
		return
	}
	defer f.track(c, false)
	var ts *tls.ConnectionState
	if tlsCfg != nil {
		tc := tls.Server(nc, tlsCfg)
		tc.SetDeadline(time.Now().Add(f.opts.ReadHeaderTimeout))
		if err := tc.Handshake(); err != nil {
			f.in.log.Debug("ingress: tls handshake", "remote", nc.RemoteAddr().String(), "err", err)
			tc.Close()
			return
		}
		tc.SetDeadline(time.Time{})
		st := tc.ConnectionState()
		if st.NegotiatedProtocol == "h2" {
			f.h2ln.deliver(tc)
			return
		}
		nc, ts = tc, &st
	}
	c.init(nc, ts)
	c.serve()
}

// track registers a connection; it refuses new ones once closing.
func (f *front) track(c *h1conn, add bool) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !add {
		delete(f.conns, c)
		return true
	}
	if f.closing.Load() {
		return false
	}
	f.conns[c] = struct{}{}
	return true
}

// closeConns closes idle connections, or all of them when all is true,
// and reports how many remain open.
func (f *front) closeConns(all bool) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	for c := range f.conns {
		if all || c.state.Load() == connIdle {
			c.raw.Close()
		}
	}
	return len(f.conns)
}

// shutdown is called with the listeners already closed: it lets active
// requests finish (their responses say "Connection: close"), closes idle
// connections, and past ctx's deadline closes everything.
func (f *front) shutdown(ctx context.Context) error {
	f.closing.Store(true)
	var h2Err error
	var h2wg sync.WaitGroup
	if f.h2 != nil {
		h2wg.Go(func() {
			if err := f.h2.Shutdown(ctx); err != nil {
				f.h2.Close()
				h2Err = err
			}
		})
	}
	var err error
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for f.closeConns(false) > 0 {
		select {
		case <-ctx.Done():
			f.closeConns(true)
			err = ctx.Err()
		case <-tick.C:
			continue
		}
		break
	}
	h2wg.Wait()
	f.wg.Wait()
	if err == nil {
		err = h2Err
	}
	return err
}

// connQueue is a net.Listener fed with already-accepted connections, the
// way to give TLS connections that negotiated h2 to a net/http server.
type connQueue struct {
	addr net.Addr
	ch   chan net.Conn
	done chan struct{}
	once sync.Once
}

func newConnQueue(addr net.Addr) *connQueue {
	return &connQueue{addr: addr, ch: make(chan net.Conn), done: make(chan struct{})}
}

func (q *connQueue) deliver(c net.Conn) {
	select {
	case q.ch <- c:
	case <-q.done:
		c.Close()
	}
}

// Accept returns the next delivered connection.
func (q *connQueue) Accept() (net.Conn, error) {
	select {
	case c := <-q.ch:
		return c, nil
	case <-q.done:
		return nil, net.ErrClosed
	}
}

// Close stops Accept.
func (q *connQueue) Close() error {
	q.once.Do(func() { close(q.done) })
	return nil
}

// Addr is the address of the real listener.
func (q *connQueue) Addr() net.Addr { return q.addr }
