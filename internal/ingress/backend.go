package ingress

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"
)

// Defaults for BackendOptions' zero values.
const (
	DefaultMaxIdleConns    = 512
	DefaultIdleConnTimeout = 60 * time.Second
	DefaultDialTimeout     = 5 * time.Second
	DefaultMaxQueue        = 100
	DefaultQueueTimeout    = 250 * time.Millisecond
)

// BackendOptions tunes one backend. The zero value is usable: unlimited
// concurrency and the Default* pool settings.
type BackendOptions struct {
	// MaxConcurrency is App Runner's per-instance MaxConcurrency: requests
	// beyond it wait in a short queue, then get 429. 0 means unlimited.
	MaxConcurrency int
	// MaxQueue bounds how many requests may wait for a slot on this backend
	// (DefaultMaxQueue when 0).
	MaxQueue int
	// QueueTimeout bounds how long a request waits for a slot
	// (DefaultQueueTimeout when 0).
	QueueTimeout time.Duration
	// MaxIdleConns caps the keep-alive pool (DefaultMaxIdleConns when 0).
	MaxIdleConns int
	// IdleConnTimeout drops pooled connections idle for longer
	// (DefaultIdleConnTimeout when 0).
	IdleConnTimeout time.Duration
	// DialTimeout bounds connecting to the backend (DefaultDialTimeout when 0).
	DialTimeout time.Duration
	// ResponseHeaderTimeout bounds the wait for the response head once the
	// request is sent; 0 means no limit (long polls are legitimate).
	ResponseHeaderTimeout time.Duration
}

func (o BackendOptions) withDefaults() BackendOptions {
	if o.MaxQueue <= 0 {
		o.MaxQueue = DefaultMaxQueue
	}
	if o.QueueTimeout <= 0 {
		o.QueueTimeout = DefaultQueueTimeout
	}
	if o.MaxIdleConns <= 0 {
		o.MaxIdleConns = DefaultMaxIdleConns
	}
	if o.IdleConnTimeout <= 0 {
		o.IdleConnTimeout = DefaultIdleConnTimeout
	}
	if o.DialTimeout <= 0 {
		o.DialTimeout = DefaultDialTimeout
	}
	return o
}

// Backend is one instance of a service, reachable at a TCP address. It
// carries the balancing state (in-flight count), health and draining flags
// and a keep-alive connection pool. The same *Backend may appear in
// successive routing tables; its state survives table swaps.
type Backend struct {
	addr string
	opts BackendOptions

	inflight  atomic.Int64
	waiters   atomic.Int64
	unhealthy atomic.Bool // zero value: healthy, the controller adds checked instances
	draining  atomic.Bool
	served    atomic.Uint64

	idle chan struct{} // wakes Drain when inflight reaches 0 (cap 1)
	slot chan struct{} // wakes one queued request when a slot frees (cap 1)
	pool connPool
}

// NewBackend returns a healthy backend for addr ("host:port"). It opens no
// connection until a request needs one.
func NewBackend(addr string, opts BackendOptions) *Backend {
	b := &Backend{
		addr: addr,
		opts: opts.withDefaults(),
		idle: make(chan struct{}, 1),
		slot: make(chan struct{}, 1),
	}
	b.pool.init(b)
	return b
}

// Addr is the backend's "host:port".
func (b *Backend) Addr() string { return b.addr }

// InFlight is the number of requests currently being served, including
// upgraded (WebSocket) connections.
func (b *Backend) InFlight() int64 { return b.inflight.Load() }

// Served is the number of requests this backend has been given.
func (b *Backend) Served() uint64 { return b.served.Load() }

// Healthy reports the last health verdict (true until told otherwise).
func (b *Backend) Healthy() bool { return !b.unhealthy.Load() }

// SetHealthy records a health verdict; unhealthy backends get no new
// requests. Health checkers call it; controllers may too.
func (b *Backend) SetHealthy(ok bool) {
	b.unhealthy.Store(!ok)
	if !ok {
		b.wakeQueue()
	}
}

// Draining reports whether the backend refuses new requests.
func (b *Backend) Draining() bool { return b.draining.Load() }

// StartDraining stops new requests from reaching the backend without
// waiting; requests already queued for it are sent elsewhere.
func (b *Backend) StartDraining() {
	b.draining.Store(true)
	b.wakeQueue()
}

// Drain marks the backend draining, waits until its in-flight requests
// (and upgraded connections) finish or ctx is done, then closes its idle
// connections. It returns ctx's error, wrapped, when the deadline cut the
// wait short; the caller stops the instance either way.
func (b *Backend) Drain(ctx context.Context) error {
	b.StartDraining()
	for b.inflight.Load() > 0 {
		select {
		case <-b.idle:
		case <-ctx.Done():
			b.pool.closeIdle()
			return fmt.Errorf("ingress: drain %s: %d in flight: %w", b.addr, b.inflight.Load(), ctx.Err())
		}
	}
	b.pool.closeIdle()
	return nil
}

// Close drops the backend's idle keep-alive connections; it does not stop
// in-flight requests. Safe to call more than once.
func (b *Backend) Close() { b.pool.closeIdle() }

// available reports whether the balancer may choose the backend.
func (b *Backend) available() bool {
	return !b.unhealthy.Load() && !b.draining.Load()
}

// hasRoom reports whether a slot is free under MaxConcurrency.
func (b *Backend) hasRoom() bool {
	m := b.opts.MaxConcurrency
	return m <= 0 || b.inflight.Load() < int64(m)
}

// tryAcquire takes an in-flight slot. The draining check after the
// increment pairs with Drain's load: either Drain sees this request, or
// this request sees the draining flag and backs off.
func (b *Backend) tryAcquire() bool {
	if m := int64(b.opts.MaxConcurrency); m > 0 {
		for {
			n := b.inflight.Load()
			if n >= m {
				return false
			}
			if b.inflight.CompareAndSwap(n, n+1) {
				break
			}
		}
	} else {
		b.inflight.Add(1)
	}
	if b.draining.Load() {
		b.release()
		return false
	}
	b.served.Add(1)
	return true
}

// release returns a slot taken by tryAcquire.
func (b *Backend) release() {
	n := b.inflight.Add(-1)
	if n == 0 && b.draining.Load() {
		select {
		case b.idle <- struct{}{}:
		default:
		}
	}
	if b.waiters.Load() > 0 {
		b.wakeQueue()
	}
}

func (b *Backend) wakeQueue() {
	select {
	case b.slot <- struct{}{}:
	default:
	}
}

// String is for logs.
func (b *Backend) String() string { return b.addr }
