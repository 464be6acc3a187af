package ingress

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// errHijacked is returned by writes after Hijack.
var errHijacked = errors.New("ingress: connection hijacked")

// h1Response is the http.ResponseWriter of the HTTP/1 front. It writes
// the head straight into the connection's buffer when the status is set,
// frames the body (Content-Length as given, else chunked, else
// close-delimited for HTTP/1.0 clients) and is reused across the requests
// of a connection.
type h1Response struct {
	c      *h1conn
	header http.Header
	method string
	minor  int

	wroteHeader bool
	noBody      bool
	chunked     bool
	length      int64 // declared Content-Length, -1 if none
	written     int64
	closeAfter  bool // end the connection after this response
	hijacked    bool
	writeErr    error
	gone        atomic.Bool // the client disconnected (set by the watcher)
}

func (w *h1Response) reset(method string, minor int, closeAfter bool) {
	clear(w.header)
	*w = h1Response{c: w.c, header: w.header, method: method, minor: minor, closeAfter: closeAfter, length: -1}
}

// Header returns the response header map (reused per connection).
func (w *h1Response) Header() http.Header { return w.header }

// WriteHeader writes the status line and header fields to the buffer.
// Informational codes are not supported and are ignored; so are repeated
// calls.
func (w *h1Response) WriteHeader(code int) {
	if w.wroteHeader || w.hijacked || code < 200 || code > 999 {
		return
	}
	w.wroteHeader = true
	h := w.header
	bw := w.c.bw
	w.noBody = w.method == http.MethodHead || code == http.StatusNoContent || code == http.StatusNotModified
	if v := h["Content-Length"]; len(v) > 0 {
		if n, ok := parseContentLength(v[0]); ok {
			w.length = n
		} else {
			delete(h, "Content-Length")
		}
	}
	if code == http.StatusNoContent {
		delete(h, "Content-Length")
		w.length = -1
	}
	if hasToken(h["Connection"], "close") || w.c.front.closing.Load() {
		w.closeAfter = true
	}
	if !w.noBody && w.length < 0 {
		if w.minor >= 1 {
			w.chunked = true
		} else {
			w.closeAfter = true
		}
	}
	bw.WriteString(statusLine(code))
	for k, vv := range h {
		switch {
		case k == "Connection" || k == "Transfer-Encoding" || strings.HasPrefix(k, http.TrailerPrefix):
			continue
		}
		for _, v := range vv {
			bw.WriteString(k)
			bw.WriteString(": ")
			writeFieldValue(bw, v)
			bw.WriteString("\r\n")
		}
	}
	if _, ok := h["Date"]; !ok {
		bw.WriteString("Date: ")
		bw.WriteString(httpDate())
		bw.WriteString("\r\n")
	}
	if w.chunked {
		bw.WriteString("Transfer-Encoding: chunked\r\n")
	}
	switch {
	case w.closeAfter:
		bw.WriteString("Connection: close\r\n")
	case w.minor == 0:
		bw.WriteString("Connection: keep-alive\r\n")
	}
	bw.WriteString("\r\n")
}

// Write sends body bytes in the framing chosen by WriteHeader.
func (w *h1Response) Write(p []byte) (int, error) {
	if w.hijacked {
		return 0, errHijacked
	}
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if w.writeErr != nil {
		return 0, w.writeErr
	}
	if w.noBody || len(p) == 0 {
		return len(p), nil
	}
	var err error
	n := len(p)
	switch {
	case w.chunked:
		var num [16]byte
		w.c.bw.Write(strconv.AppendInt(num[:0], int64(len(p)), 16))
		w.c.bw.WriteString("\r\n")
		w.c.bw.Write(p)
		_, err = w.c.bw.WriteString("\r\n")
	case w.length >= 0 && w.written+int64(n) > w.length:
		n = int(w.length - w.written)
		w.c.bw.Write(p[:n])
		err = http.ErrContentLength
	default:
		_, err = w.c.bw.Write(p)
	}
	w.written += int64(n)
	if err != nil && err != http.ErrContentLength {
		w.writeErr = err
	}
	return n, err
}

// Flush sends what is buffered to the client.
func (w *h1Response) Flush() { w.FlushError() }

// FlushError is Flush reporting the write error, for ResponseController.
func (w *h1Response) FlushError() error {
	if w.hijacked {
		return errHijacked
	}
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if err := w.c.bw.Flush(); err != nil {
		w.writeErr = err
		return err
	}
	return nil
}

// EnableFullDuplex is a no-op: this front never discards a request body
// because the response started.
func (w *h1Response) EnableFullDuplex() error { return nil }

// Hijack hands the connection to the handler (protocol upgrades).
func (w *h1Response) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if w.wroteHeader || w.hijacked {
		return nil, nil, fmt.Errorf("ingress: hijack after response started: %w", http.ErrHijacked)
	}
	w.hijacked = true
	return w.c.nc, bufio.NewReadWriter(w.c.br, w.c.bw), nil
}

// finish completes the response after the handler returned and reports
// whether the connection can serve another request.
func (w *h1Response) finish() bool {
	if w.hijacked {
		return false
	}
	if !w.wroteHeader {
		if _, ok := w.header["Content-Length"]; !ok && w.method != http.MethodHead {
			w.header["Content-Length"] = []string{"0"}
		}
		w.WriteHeader(http.StatusOK)
	}
	bw := w.c.bw
	if w.chunked && w.writeErr == nil {
		bw.WriteString("0\r\n")
		for k, vv := range w.header {
			if name, ok := strings.CutPrefix(k, http.TrailerPrefix); ok {
				for _, v := range vv {
					bw.WriteString(name)
					bw.WriteString(": ")
					writeFieldValue(bw, v)
					bw.WriteString("\r\n")
				}
			}
		}
		bw.WriteString("\r\n")
	}
	if !w.noBody && w.length >= 0 && w.written < w.length {
		w.closeAfter = true // a short body: only closing tells the client
	}
	if err := bw.Flush(); err != nil {
		return false
	}
	return !w.closeAfter && w.writeErr == nil
}

// writeFieldValue writes v with CR and LF replaced by spaces, as net/http
// does, so no value can split the head.
func writeFieldValue(bw *bufio.Writer, v string) {
	if strings.ContainsAny(v, "\r\n") {
		v = strings.NewReplacer("\r", " ", "\n", " ").Replace(v)
	}
	bw.WriteString(v)
}

// statusLines caches the status lines of the common codes.
var statusLines = func() map[int]string {
	m := make(map[int]string)
	for code := 200; code < 600; code++ {
		if text := http.StatusText(code); text != "" {
			m[code] = "HTTP/1.1 " + strconv.Itoa(code) + " " + text + "\r\n"
		}
	}
	return m
}()

func statusLine(code int) string {
	if s, ok := statusLines[code]; ok {
		return s
	}
	return "HTTP/1.1 " + strconv.Itoa(code) + " status code " + strconv.Itoa(code) + "\r\n"
}

// dateCache holds the Date header value, rebuilt at most once a second.
var dateCache atomic.Pointer[cachedDate]

type cachedDate struct {
	unix int64
	text string
}

func httpDate() string {
	now := time.Now()
	if d := dateCache.Load(); d != nil && d.unix == now.Unix() {
		return d.text
	}
	d := &cachedDate{unix: now.Unix(), text: now.UTC().Format(http.TimeFormat)}
	dateCache.Store(d)
	return d.text
}
