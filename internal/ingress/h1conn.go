package ingress

import (
	"bufio"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// Connection states, for graceful shutdown.
const (
	connIdle int32 = iota
	connActive
)

// maxDrainBytes is how much of a request body the front reads and drops
// after the handler to keep the connection usable (net/http's figure).
const maxDrainBytes = 256 << 10

// h1conn is one client connection served by the HTTP/1 front: its own
// read loop instead of net/http's, which costs a goroutine and several
// syscalls per request to watch for disconnects (see watch.go for how the
// front watches only when a request is slow).
type h1conn struct {
	front  *front
	raw    net.Conn // the TCP connection, closed by shutdown
	nc     net.Conn // raw, or the TLS connection over it
	br     *bufio.Reader
	bw     *bufio.Writer
	remote string
	tls    *tls.ConnectionState
	state  atomic.Int32
	resp   h1Response
	body   h1Body
}

// init prepares the connection's buffers once any TLS handshake is done.
func (c *h1conn) init(nc net.Conn, ts *tls.ConnectionState) {
	c.nc = nc
	c.br = bufio.NewReaderSize(nc, 4<<10)
	c.bw = bufio.NewWriterSize(nc, 8<<10)
	c.remote = nc.RemoteAddr().String()
	c.tls = ts
	c.resp.c = c
	c.resp.header = make(http.Header)
	c.body.c = c
}

// serve runs requests until the client or the server ends the connection.
func (c *h1conn) serve() {
	hijacked := false
	defer func() {
		if !hijacked {
			c.nc.Close()
		}
	}()
	for first := true; ; first = false {
		if !c.awaitRequest(first) {
			return
		}
		c.state.Store(connActive)
		r, err := c.readRequest()
		if err != nil {
			c.rejectRequest(err)
			return
		}
		aborted := c.runHandler(r)
		if c.resp.hijacked {
			hijacked = true
			return
		}
		if aborted || !c.resp.finish() || !c.body.finish() {
			return
		}
		c.state.Store(connIdle)
		if c.front.closing.Load() {
			return
		}
	}
}

// awaitRequest waits for the first byte of the next request: up to
// ReadHeaderTimeout on a new connection, IdleTimeout on a kept-alive one.
func (c *h1conn) awaitRequest(first bool) bool {
	if c.br.Buffered() > 0 {
		return true
	}
	wait := c.front.opts.IdleTimeout
	if first {
		wait = c.front.opts.ReadHeaderTimeout
	}
	c.nc.SetReadDeadline(time.Now().Add(wait))
	_, err := c.br.Peek(1)
	return err == nil
}

// readRequest reads and parses one request head and prepares its body.
func (c *h1conn) readRequest() (*http.Request, error) {
	c.nc.SetReadDeadline(time.Now().Add(c.front.opts.ReadHeaderTimeout))
	raw, err := peekHead(c.br)
	if errors.Is(err, errHeadTooLarge) && c.br.Size() < c.front.opts.MaxHeaderBytes {
		// Rare big heads (large cookies): move to a larger buffer once.
		c.br = bufio.NewReaderSize(io.MultiReader(takeBuffered(c.br), c.nc), c.front.opts.MaxHeaderBytes)
		raw, err = peekHead(c.br)
	}
	if errors.Is(err, errHeadTooLarge) {
		return nil, &requestError{status: http.StatusRequestHeaderFieldsTooLarge, msg: "head too large"}
	}
	if err != nil {
		return nil, err
	}
	s := string(raw)
	c.br.Discard(len(raw))
	h := make(http.Header, 8)
	rq, err := parseRequestHead(s, h)
	if err != nil {
		return nil, err
	}
	u, err := requestURL(rq.target)
	if err != nil {
		return nil, badRequest("malformed request target")
	}
	proto := "HTTP/1.1"
	if rq.minor == 0 {
		proto = "HTTP/1.0"
	}
	r := &http.Request{
		Method:        rq.method,
		URL:           u,
		Proto:         proto,
		ProtoMajor:    1,
		ProtoMinor:    rq.minor,
		Header:        h,
		Host:          rq.host,
		RequestURI:    rq.target,
		RemoteAddr:    c.remote,
		TLS:           c.tls,
		ContentLength: rq.contentLength,
		Close:         rq.close,
		Body:          http.NoBody,
	}
	c.body.reset(rq)
	if rq.contentLength != 0 {
		c.nc.SetReadDeadline(time.Time{}) // bodies may be slow uploads
		r.Body = &c.body
	}
	c.resp.reset(rq.method, rq.minor, rq.close)
	return r, nil
}

// takeBuffered returns (and consumes) what br has buffered.
func takeBuffered(br *bufio.Reader) io.Reader {
	buf := make([]byte, br.Buffered())
	io.ReadFull(br, buf)
	return &sliceReader{buf}
}

type sliceReader struct{ b []byte }

func (s *sliceReader) Read(p []byte) (int, error) {
	if len(s.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.b)
	s.b = s.b[n:]
	return n, nil
}

// rejectRequest answers a malformed request (when it can) and the caller
// closes the connection.
func (c *h1conn) rejectRequest(err error) {
	var re *requestError
	if !errors.As(err, &re) {
		return // the client went away or timed out mid-head
	}
	text := strconv.Itoa(re.status) + " " + http.StatusText(re.status) + "\n"
	c.bw.WriteString(statusLine(re.status))
	c.bw.WriteString("Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: ")
	c.bw.WriteString(strconv.Itoa(len(text)))
	c.bw.WriteString("\r\n\r\n")
	c.bw.WriteString(text)
	c.bw.Flush()
}

// runHandler calls the ingress handler and reports whether it aborted the
// response (http.ErrAbortHandler, or an unexpected panic, which is logged
// and ends only this connection, as net/http does).
func (c *h1conn) runHandler(r *http.Request) (aborted bool) {
	defer func() {
		if v := recover(); v != nil {
			aborted = true
			if v != http.ErrAbortHandler {
				c.front.in.log.Error("ingress: handler panic", "panic", v, "remote", c.remote)
			}
		}
	}()
	c.front.in.ServeHTTP(&c.resp, r)
	return false
}

// h1Body is a request body on the front's connection. It sends the
// interim "100 Continue" the first time it is read when the client asked
// for one.
type h1Body struct {
	c      *h1conn
	msg    msgBody
	expect bool
	read   bool
}

func (b *h1Body) reset(rq reqHead) {
	b.msg.reset(b.c.br, respHead{contentLength: rq.contentLength, chunked: rq.chunked, noBody: rq.contentLength == 0})
	b.expect = rq.expectContinue && rq.contentLength != 0
	b.read = false
}

// Read reads the body; it ends with io.EOF at its declared end.
func (b *h1Body) Read(p []byte) (int, error) {
	b.read = true
	if b.expect {
		b.expect = false
		if !b.c.resp.wroteHeader {
			b.c.bw.WriteString("HTTP/1.1 100 Continue\r\n\r\n")
			if err := b.c.bw.Flush(); err != nil {
				return 0, err
			}
		}
	}
	return b.msg.Read(p)
}

// Close is a no-op: finish deals with what the handler left unread.
func (b *h1Body) Close() error { return nil }

// finish makes the connection ready for the next request by dropping what
// the handler did not read, up to maxDrainBytes; it reports false when the
// connection must close instead.
func (b *h1Body) finish() bool {
	if b.msg.done() {
		return true
	}
	if b.expect {
		return false // the client is still waiting to send: close instead
	}
	b.c.nc.SetReadDeadline(time.Now().Add(b.c.front.opts.ReadHeaderTimeout))
	n, _ := io.CopyN(io.Discard, &b.msg, maxDrainBytes+1)
	return n <= maxDrainBytes && b.msg.done()
}
