package ingress

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Ingress is the HTTP/HTTPS reverse proxy in front of App Runner services.
// Its lifecycle is New (no side effects) → Start → Stop.
type Ingress struct {
	opts      Options
	log       *slog.Logger
	maxBody   int64
	startWait time.Duration // <= 0: requests for empty routes do not wait
	// stopping makes requests waiting for an empty route give up (Stop).
	stopping atomic.Bool

	table atomic.Pointer[Table]
	mu    sync.Mutex // serializes table writers; guards stats
	stats map[string]*RouteStats

	lifeMu   sync.Mutex
	started  bool
	front    *front
	httpLn   net.Listener
	httpsLn  net.Listener
	connsMu  sync.Mutex
	hijacked map[net.Conn]struct{}
}

// New returns an Ingress with an empty routing table. It opens nothing.
func New(opts Options) *Ingress {
	opts = opts.withDefaults()
	in := &Ingress{
		opts:      opts,
		log:       opts.Logger,
		maxBody:   opts.MaxBodyBytes,
		startWait: opts.StartWait,
		stats:     make(map[string]*RouteStats),
		hijacked:  make(map[net.Conn]struct{}),
	}
	in.table.Store(newTable(0))
	return in
}

// Start opens the configured listeners and serves them until Stop. HTTPS
// negotiates h2 or http/1.1 and takes certificates from Options.CA.
func (in *Ingress) Start(ctx context.Context) error {
	in.lifeMu.Lock()
	defer in.lifeMu.Unlock()
	if in.started {
		return ErrStarted
	}
	if in.opts.HTTPAddr == "" && in.opts.HTTPSAddr == "" {
		return fmt.Errorf("ingress: start: %w", ErrNoListener)
	}
	if in.opts.HTTPSAddr != "" && in.opts.CA == nil {
		return fmt.Errorf("ingress: start: https without a CA: %w", ErrNoListener)
	}
	var lc net.ListenConfig
	var lns []net.Listener
	closeAll := func() {
		for _, ln := range lns {
			ln.Close()
		}
	}
	if addr := in.opts.HTTPAddr; addr != "" {
		ln, err := lc.Listen(ctx, "tcp", addr)
		if err != nil {
			return fmt.Errorf("ingress: listen http %s: %w", addr, err)
		}
		in.httpLn = ln
		lns = append(lns, ln)
	}
	if addr := in.opts.HTTPSAddr; addr != "" {
		ln, err := lc.Listen(ctx, "tcp", addr)
		if err != nil {
			closeAll()
			in.httpLn = nil
			return fmt.Errorf("ingress: listen https %s: %w", addr, err)
		}
		in.httpsLn = ln
		lns = append(lns, ln)
	}
	in.front = newFront(in, frontOptions{
		ReadHeaderTimeout: in.opts.ReadHeaderTimeout,
		IdleTimeout:       in.opts.IdleTimeout,
		MaxHeaderBytes:    in.opts.MaxHeaderBytes,
	})
	if in.httpLn != nil {
		in.front.serve(in.httpLn, nil)
	}
	if in.httpsLn != nil {
		in.front.serve(in.httpsLn, in.opts.CA.ServerConfig(in.opts.Domains...))
	}
	in.stopping.Store(false)
	in.started = true
	return nil
}

// errorLog routes net/http's log lines (TLS handshake noise from probing
// clients, mostly) to the debug level.
func errorLog(l *slog.Logger) *log.Logger {
	return slog.NewLogLogger(l.Handler(), slog.LevelDebug)
}

// Stop stops accepting, waits for in-flight requests until ctx is done,
// then closes what is left (including upgraded connections) and drops the
// backends' idle connections. It returns ctx's error when it had to cut
// requests short.
func (in *Ingress) Stop(ctx context.Context) error {
	in.lifeMu.Lock()
	defer in.lifeMu.Unlock()
	if !in.started {
		return nil
	}
	in.started = false
	for _, ln := range []net.Listener{in.httpLn, in.httpsLn} {
		if ln != nil {
			ln.Close()
		}
	}
	// Upgraded connections are not requests that end: close them now so
	// their splices return.
	in.closeHijacked()
	// Requests waiting for an empty route answer 503 now rather than
	// hold the shutdown for up to StartWait.
	in.stopping.Store(true)
	in.wakeWaiters()
	err := in.front.shutdown(ctx)
	if err != nil {
		err = fmt.Errorf("ingress: stop: %w", err)
	}
	for _, r := range in.table.Load().Routes() {
		for _, b := range r.Backends {
			b.Close()
		}
	}
	return err
}

// HTTPAddr is the plain-HTTP listener's address ("" before Start or when
// disabled).
func (in *Ingress) HTTPAddr() string {
	in.lifeMu.Lock()
	defer in.lifeMu.Unlock()
	return addrOf(in.httpLn)
}

// HTTPSAddr is the HTTPS listener's address ("" before Start or when
// disabled).
func (in *Ingress) HTTPSAddr() string {
	in.lifeMu.Lock()
	defer in.lifeMu.Unlock()
	return addrOf(in.httpsLn)
}

func addrOf(ln net.Listener) string {
	if ln == nil {
		return ""
	}
	return ln.Addr().String()
}

// track registers or forgets an upgraded connection for Stop.
func (in *Ingress) track(c net.Conn, add bool) {
	in.connsMu.Lock()
	defer in.connsMu.Unlock()
	if add {
		in.hijacked[c] = struct{}{}
	} else {
		delete(in.hijacked, c)
	}
}

func (in *Ingress) closeHijacked() {
	in.connsMu.Lock()
	defer in.connsMu.Unlock()
	for c := range in.hijacked {
		c.Close()
	}
}
