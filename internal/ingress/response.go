package ingress

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"
)

// errHeaderTimeout means the backend did not answer within
// BackendOptions.ResponseHeaderTimeout (the client gets 504).
var errHeaderTimeout = errors.New("ingress: upstream response header timeout")

// copyBufPool recycles the 32 KiB buffers that carry response bodies, so
// steady-state proxying allocates none.
var copyBufPool = sync.Pool{New: func() any {
	b := make([]byte, 32<<10)
	return &b
}}

// readResponseHead reads the response head from c into h, bounded by
// timeout when it is positive. For a lazily watched client (HTTP/1 front)
// it first waits lazyWatchAfter, then starts the watch (when canWatch: no
// request body is still being read) and waits on.
func readResponseHead(c *upConn, r *http.Request, h http.Header, timeout time.Duration, wt *watch, canWatch bool) (respHead, error) {
	var limit time.Time
	if timeout > 0 {
		limit = time.Now().Add(timeout)
	}
	for {
		dl := limit
		lazy := wt.lazy() && canWatch
		if lazy {
			if soon := time.Now().Add(lazyWatchAfter); dl.IsZero() || soon.Before(dl) {
				dl = soon
			}
		}
		c.setReadDeadline(dl)
		rh, err := readHead(c.br, r.Method, h)
		if err == nil {
			return rh, nil
		}
		// Only peeking happened before a deadline error: nothing is
		// consumed, the read can start over.
		if !errors.Is(err, os.ErrDeadlineExceeded) || clientGoneErr(wt, r) {
			return rh, err
		}
		if !limit.IsZero() && !time.Now().Before(limit) {
			return rh, errHeaderTimeout
		}
		if !lazy {
			return rh, err
		}
		wt.start()
	}
}

// clientGoneErr reports whether a deadline error came from the client
// leaving rather than from a timer.
func clientGoneErr(wt *watch, r *http.Request) bool {
	if wt.w != nil {
		return wt.w.clientGone()
	}
	return r.Context().Err() != nil
}

// resetHeader drops whatever a failed head parse left in h.
func resetHeader(h http.Header, rid string) {
	clear(h)
	h["X-Request-Id"] = []string{rid}
}

// writeResponse sends the head already in w.Header() with status, then
// streams body. clean is true when body was read to its end. Event streams
// and bodies of unknown length are flushed on every write, so server-sent
// events and long polls reach the client as they are produced.
func writeResponse(w http.ResponseWriter, status int, body io.Reader, streaming bool) (o outcome, clean bool) {
	w.WriteHeader(status)
	o = outcome{status: status, sent: true, started: true}
	if body == nil {
		return o, true
	}
	flusher, _ := w.(http.Flusher)
	if !streaming {
		flusher = nil
	} else if flusher != nil {
		flusher.Flush() // the client sees the head before the first event
	}
	bufp := copyBufPool.Get().(*[]byte)
	defer copyBufPool.Put(bufp)
	buf := *bufp
	for {
		n, rerr := body.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return o, false // the client left; drop the upstream conn
			}
			if flusher != nil {
				flusher.Flush()
			}
		}
		if rerr == io.EOF {
			return o, true
		}
		if rerr != nil {
			o.err = fmt.Errorf("ingress: read response body: %w", rerr)
			o.abort = true
			return o, false
		}
	}
}

// copyResponse forwards a response read by net/http (the Upgrade path,
// when the backend declines to switch protocols).
func copyResponse(w http.ResponseWriter, resp *http.Response) outcome {
	h := w.Header()
	extra := connectionTokens(resp.Header)
	for k, vv := range resp.Header {
		if skipResponseHeader(k) || (extra != nil && contains(extra, k)) {
			continue
		}
		h[k] = vv
	}
	var body io.Reader = resp.Body
	if resp.Body == http.NoBody {
		body = nil
	}
	o, _ := writeResponse(w, resp.StatusCode, body, resp.ContentLength < 0 || isEventStream(resp.Header))
	return o
}

// chunkedWriter frames a request body of unknown length.
type chunkedWriter struct{ bw *bufio.Writer }

func newChunkedWriter(bw *bufio.Writer) *chunkedWriter { return &chunkedWriter{bw} }

func (cw *chunkedWriter) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil // a zero-length chunk would end the body
	}
	var num [16]byte
	cw.bw.Write(strconv.AppendInt(num[:0], int64(len(p)), 16))
	cw.bw.WriteString("\r\n")
	cw.bw.Write(p)
	_, err := cw.bw.WriteString("\r\n")
	if err != nil {
		return 0, err
	}
	return len(p), nil
}

// close ends the body (last chunk, no trailers).
func (cw *chunkedWriter) close() error {
	_, err := cw.bw.WriteString("0\r\n\r\n")
	return err
}
