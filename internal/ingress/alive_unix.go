//go:build unix

package ingress

import "syscall"

// alive reports whether an idle pooled connection is still usable: a
// non-blocking MSG_PEEK sees EOF when the backend closed it (Node's default
// keep-alive is 5s, gunicorn's 2s) and stray bytes when it misbehaved. This
// one syscall is what lets the pool reuse connections without a reader
// goroutine per connection, and without sending a request into a socket the
// backend already closed.
func (c *upConn) alive() bool {
	if c.rc == nil {
		return true
	}
	if err := c.rc.Read(c.peekFn); err != nil {
		return false
	}
	return c.peekN < 0 && c.peekErr == syscall.EAGAIN
}

func (c *upConn) peek(fd uintptr) bool {
	n, _, err := syscall.Recvfrom(int(fd), c.peekBuf[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
	if err != nil {
		n = -1
	}
	c.peekN, c.peekErr = n, err
	return true
}
