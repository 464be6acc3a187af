package ingress

import (
	"bufio"
	"fmt"
	"net"
	"sync"
	"syscall"
	"time"
)

// peekAfter is how long a connection must have been idle before get
// checks it is still open. Backends close idle connections after seconds
// (Node 5s, gunicorn 2s), never milliseconds, so under load connections are
// reused without the extra syscall; a connection lost in the remaining
// window fails an idempotent request over to a fresh connection.
const peekAfter = 100 * time.Millisecond

// upConn is one keep-alive connection to a backend with its buffers. It is
// owned by exactly one request at a time, or by the pool while idle.
type upConn struct {
	nc     net.Conn
	cr     countingReader
	br     *bufio.Reader
	bw     *bufio.Writer
	rc     syscall.RawConn // nil when the conn is not a socket
	idleAt time.Time
	reused bool
	// hasDeadline records a pending read deadline, so that clearing one
	// costs nothing when none is set.
	hasDeadline bool
	body        msgBody // the current response's body reader

	// peek state, kept here so the liveness check allocates nothing.
	peekFn  func(fd uintptr) bool
	peekBuf [1]byte
	peekN   int
	peekErr error
}

func (c *upConn) close() { c.nc.Close() }

// setReadDeadline sets (or, with the zero time, clears) the read deadline.
func (c *upConn) setReadDeadline(t time.Time) {
	if t.IsZero() && !c.hasDeadline {
		return
	}
	c.nc.SetReadDeadline(t)
	c.hasDeadline = !t.IsZero()
}

// nread is the number of bytes received on the connection so far; a
// reused connection that fails with nread unchanged never answered.
func (c *upConn) nread() int64 { return c.cr.n }

// countingReader counts bytes read from a connection.
type countingReader struct {
	nc net.Conn
	n  int64
}

func (r *countingReader) Read(p []byte) (int, error) {
	n, err := r.nc.Read(p)
	r.n += int64(n)
	return n, err
}

// connPool is a LIFO stack of idle connections: the most recently used
// connection is the likeliest to still be open and warm.
type connPool struct {
	b    *Backend
	mu   sync.Mutex
	idle []*upConn
}

func (p *connPool) init(b *Backend) { p.b = b }

// get returns a live idle connection or dials a new one.
func (p *connPool) get() (*upConn, error) {
	now := time.Now()
	for {
		p.mu.Lock()
		n := len(p.idle)
		if n == 0 {
			p.mu.Unlock()
			break
		}
		c := p.idle[n-1]
		p.idle[n-1] = nil
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		idle := now.Sub(c.idleAt)
		if idle > p.b.opts.IdleConnTimeout || (idle > peekAfter && !c.alive()) {
			c.close()
			continue
		}
		c.reused = true
		return c, nil
	}
	return p.dial()
}

func (p *connPool) dial() (*upConn, error) {
	nc, err := net.DialTimeout("tcp", p.b.addr, p.b.opts.DialTimeout)
	if err != nil {
		return nil, fmt.Errorf("ingress: dial %s: %w", p.b.addr, err)
	}
	c := &upConn{nc: nc, cr: countingReader{nc: nc}}
	c.br = bufio.NewReaderSize(&c.cr, 8<<10)
	c.bw = bufio.NewWriterSize(nc, 8<<10)
	if sc, ok := nc.(syscall.Conn); ok {
		if rc, err := sc.SyscallConn(); err == nil {
			c.rc = rc
			c.peekFn = c.peek
		}
	}
	return c, nil
}

// put returns a connection whose exchange completed cleanly. Connections
// with unread bytes, or beyond the idle cap, or of a draining backend are
// closed instead.
func (p *connPool) put(c *upConn) {
	if c.br.Buffered() > 0 || p.b.draining.Load() {
		c.close()
		return
	}
	c.idleAt = time.Now()
	p.mu.Lock()
	if len(p.idle) >= p.b.opts.MaxIdleConns {
		p.mu.Unlock()
		c.close()
		return
	}
	p.idle = append(p.idle, c)
	p.mu.Unlock()
}

// closeIdle closes every pooled connection.
func (p *connPool) closeIdle() {
	p.mu.Lock()
	idle := p.idle
	p.idle = nil
	p.mu.Unlock()
	for _, c := range idle {
		c.close()
	}
}

// idleCount is for tests.
func (p *connPool) idleCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.idle)
}
