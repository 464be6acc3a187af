package ingress

import (
	"errors"
	"io"
	"net/http"
	"time"
)

// syncBodyMax is the largest request body written before reading the
// response, in the request's goroutine; larger or unsized bodies are
// written concurrently so a backend that answers early (413, 401) without
// reading cannot deadlock the exchange.
const syncBodyMax = 64 << 10

// aLongTimeAgo is a deadline that makes blocked I/O return at once.
var aLongTimeAgo = time.Unix(1, 0)

// outcome is what one attempt to forward a request produced.
type outcome struct {
	status  int   // status written (or to record) for the client
	err     error // upstream failure, nil on success
	sent    bool  // request bytes may have reached the backend
	started bool  // the response head went to the client
	abort   bool  // the response broke mid-body: abort the client stream
	fresh   bool  // true when err came from a reused conn before any response byte
	client  error // the client's body failed (too large, disconnected)
}

// forward sends r to b over a pooled connection and streams the answer to
// w. A reused connection that fails before any response byte (the backend
// closed it in the meantime) is replaced by a new one once, for requests
// that can be replayed.
func (in *Ingress) forward(w http.ResponseWriter, r *http.Request, b *Backend, rid string) outcome {
	c, err := b.pool.get()
	if err != nil {
		return outcome{status: http.StatusBadGateway, err: err}
	}
	o := in.exchange(w, r, b, c, rid)
	if o.fresh && !hasBody(r) && idempotent(r.Method) {
		if c, err = b.pool.dial(); err != nil {
			return outcome{status: http.StatusBadGateway, err: err, sent: true}
		}
		o = in.exchange(w, r, b, c, rid)
	}
	return o
}

// exchange runs one request/response on c and gives c back to the pool
// when the exchange ended cleanly, closes it otherwise.
func (in *Ingress) exchange(w http.ResponseWriter, r *http.Request, b *Backend, c *upConn, rid string) outcome {
	// The client going away must unblock reads and writes on c.
	wt := newWatch(w, r, c)
	reusable := false
	defer func() {
		if wt.end() && reusable {
			b.pool.put(c)
		} else {
			c.close()
		}
	}()

	body := hasBody(r)
	bodyDone, o, ok := in.sendRequest(w, r, c, rid)
	if !ok {
		return o
	}

	before := c.nread()
	h := w.Header()
	rh, err := readResponseHead(c, r, h, b.opts.ResponseHeaderTimeout, &wt, bodyDone == nil)
	if err != nil {
		resetHeader(h, rid)
		if bodyDone != nil {
			if berr := <-bodyDone; berr != nil {
				return outcomeFromBodyErr(berr)
			}
		}
		fresh := c.reused && c.nread() == before && !body
		return outcome{status: statusForUpstreamErr(err), err: err, sent: true, fresh: fresh}
	}

	c.body.reset(c.br, rh)
	var src io.Reader = &c.body
	switch {
	case rh.noBody:
		src = nil
	case rh.chunked || rh.contentLength < 0 || int64(c.br.Buffered()) < rh.contentLength:
		// The body needs more reads: no deadline, and a watched client.
		c.setReadDeadline(time.Time{})
		if wt.lazy() && bodyDone == nil {
			wt.start()
		}
	}
	o, clean := writeResponse(w, rh.status, src, rh.contentLength < 0 || rh.eventStream)
	for k, vv := range c.body.trailer {
		h[http.TrailerPrefix+k] = vv
	}
	if bodyDone != nil {
		select {
		case berr := <-bodyDone:
			clean = clean && berr == nil
		default:
			// The backend answered without taking the whole body: the
			// connection is out of step, abort the writer.
			c.nc.Close()
			<-bodyDone
			clean = false
		}
	}
	reusable = clean && !rh.close
	return o
}

// sendRequest writes the request head and body to c. Bodies up to
// syncBodyMax are written before returning; larger or unsized ones are
// written by a goroutine that reports on bodyDone, so the response can be
// read meanwhile. ok is false when the request could not be sent.
func (in *Ingress) sendRequest(w http.ResponseWriter, r *http.Request, c *upConn, rid string) (bodyDone chan error, o outcome, ok bool) {
	bodyLen := r.ContentLength
	if !hasBody(r) {
		bodyLen = 0
	}
	writeRequestHead(c.bw, r, rid, bodyLen, "")
	switch {
	case bodyLen == 0:
		if err := c.bw.Flush(); err != nil {
			return nil, outcome{status: http.StatusBadGateway, err: err, sent: true, fresh: c.reused}, false
		}
		return nil, outcome{}, true
	case bodyLen > 0 && bodyLen <= syncBodyMax:
		o, ok := in.writeBody(c, r, bodyLen)
		return nil, o, ok
	}
	// The response may start before the body is through (an echo, an
	// early 413): without full duplex, net/http would discard or cut the
	// rest of the body once the response head is written.
	http.NewResponseController(w).EnableFullDuplex()
	return in.writeBodyAsync(c, r, bodyLen), outcome{}, true
}

// writeBodyAsync writes the body from a goroutine whose result arrives on
// the returned channel; the exchange always receives it before returning.
func (in *Ingress) writeBodyAsync(c *upConn, r *http.Request, bodyLen int64) chan error {
	done := make(chan error, 1)
	go func() {
		o, ok := in.writeBody(c, r, bodyLen)
		if !ok {
			c.nc.Close() // unblock the response read
			done <- outcomeErr(o)
			return
		}
		done <- nil
	}()
	return done
}

// writeBody copies the request body to c (chunked when bodyLen < 0).
func (in *Ingress) writeBody(c *upConn, r *http.Request, bodyLen int64) (outcome, bool) {
	src := &clientBody{r: r.Body}
	var err error
	if bodyLen < 0 {
		cw := newChunkedWriter(c.bw)
		if _, err = io.Copy(cw, src); err == nil {
			err = cw.close()
		}
	} else {
		_, err = io.Copy(c.bw, src)
	}
	if err == nil {
		err = c.bw.Flush()
	}
	if err == nil {
		return outcome{}, true
	}
	if src.err != nil {
		return outcomeFromBodyErr(&clientBodyError{src.err}), false
	}
	return outcome{status: http.StatusBadGateway, err: err, sent: true}, false
}

// clientBody remembers whether a copy failed on the client's side.
type clientBody struct {
	r   io.Reader
	err error
}

func (br *clientBody) Read(p []byte) (int, error) {
	n, err := br.r.Read(p)
	if err != nil && err != io.EOF {
		br.err = err
	}
	return n, err
}

// errBodyTooLarge is returned by limitedBody past Options.MaxBodyBytes.
var errBodyTooLarge = errors.New("ingress: request body too large")

// limitedBody caps a request body; safe to read from any goroutine.
type limitedBody struct {
	io.ReadCloser
	left int64
}

func (l *limitedBody) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, errBodyTooLarge
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1] // one byte past the limit tells "too large" from "exactly full"
	}
	n, err := l.ReadCloser.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n + int(l.left), errBodyTooLarge
	}
	return n, err
}

// clientBodyError marks a failure reading the client's request body.
type clientBodyError struct{ err error }

func (e *clientBodyError) Error() string { return "ingress: read request body: " + e.err.Error() }
func (e *clientBodyError) Unwrap() error { return e.err }

func outcomeErr(o outcome) error {
	if o.client != nil {
		return &clientBodyError{o.client}
	}
	return o.err
}

func outcomeFromBodyErr(err error) outcome {
	var cbe *clientBodyError
	if !errors.As(err, &cbe) {
		return outcome{status: http.StatusBadGateway, err: err, sent: true}
	}
	if errors.Is(cbe.err, errBodyTooLarge) {
		return outcome{status: http.StatusRequestEntityTooLarge, client: cbe.err, sent: true}
	}
	return outcome{status: http.StatusBadRequest, client: cbe.err, sent: true}
}

func statusForUpstreamErr(err error) int {
	if errors.Is(err, errHeaderTimeout) {
		return http.StatusGatewayTimeout
	}
	return http.StatusBadGateway
}
