package ingress

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
)

// upgradeProtocol returns the protocol an HTTP/1.1 client asks to switch
// to (WebSocket, usually), or "".
func upgradeProtocol(r *http.Request) string {
	if r.ProtoMajor != 1 {
		return ""
	}
	up := r.Header["Upgrade"]
	if len(up) == 0 || !hasToken(r.Header["Connection"], "upgrade") {
		return ""
	}
	return up[0]
}

// serveUpgrade forwards an Upgrade request over a dedicated connection and,
// on 101 Switching Protocols, splices the client and backend connections
// until either side closes. The upgraded connection counts as in flight,
// so Drain waits for it (up to its deadline).
func (in *Ingress) serveUpgrade(w http.ResponseWriter, r *http.Request, e *routeEntry, rid, proto string) outcome {
	b, err := in.acquire(w, r, e, nil)
	if err != nil {
		return in.fail(w, r, pickStatus(err), rid, outcome{})
	}
	defer b.release()
	d := net.Dialer{Timeout: b.opts.DialTimeout}
	nc, err := d.DialContext(r.Context(), "tcp", b.addr)
	if err != nil {
		err = fmt.Errorf("ingress: dial %s: %w", b.addr, err)
		return in.fail(w, r, http.StatusBadGateway, rid, outcome{err: err})
	}
	defer nc.Close()
	c := &upConn{nc: nc, cr: countingReader{nc: nc}}
	c.br = bufio.NewReader(&c.cr)
	c.bw = bufio.NewWriter(nc)
	bodyLen := r.ContentLength
	if !hasBody(r) {
		bodyLen = 0
	}
	writeRequestHead(c.bw, r, rid, bodyLen, proto)
	if bodyLen != 0 {
		if o, ok := in.writeBody(c, r, bodyLen); !ok {
			return in.fail(w, r, o.status, rid, o)
		}
	} else if err := c.bw.Flush(); err != nil {
		return in.fail(w, r, http.StatusBadGateway, rid, outcome{err: err, sent: true})
	}
	resp, err := http.ReadResponse(c.br, r)
	if err != nil {
		err = fmt.Errorf("ingress: read upgrade response: %w", err)
		return in.fail(w, r, http.StatusBadGateway, rid, outcome{err: err, sent: true})
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		return copyResponse(w, resp) // a refusal is an ordinary answer
	}
	if !strings.EqualFold(resp.Header.Get("Upgrade"), proto) {
		err := fmt.Errorf("ingress: backend switched to %q, asked %q: %w", resp.Header.Get("Upgrade"), proto, ErrBadResponse)
		return in.fail(w, r, http.StatusBadGateway, rid, outcome{err: err, sent: true})
	}
	cc, crw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		err = fmt.Errorf("ingress: hijack: %w", err)
		return in.fail(w, r, http.StatusBadGateway, rid, outcome{err: err, sent: true})
	}
	in.track(cc, true)
	defer in.track(cc, false)
	defer cc.Close()
	o := outcome{status: http.StatusSwitchingProtocols, sent: true, started: true}

	crw.WriteString("HTTP/1.1 101 Switching Protocols\r\n")
	resp.Header["X-Request-Id"] = []string{rid}
	if err := resp.Header.Write(crw); err != nil {
		return o
	}
	crw.WriteString("\r\n")
	if err := crw.Flush(); err != nil {
		return o
	}
	splice(cc, crw.Reader, nc, c.br)
	return o
}

// splice copies both ways until one direction ends, then closes both
// connections so the other copy ends too; it returns when both copies have.
func splice(client net.Conn, clientBuf io.Reader, backend net.Conn, backendBuf io.Reader) {
	done := make(chan struct{}, 2)
	go func() {
		io.Copy(backend, clientBuf)
		done <- struct{}{}
	}()
	go func() {
		io.Copy(client, backendBuf)
		done <- struct{}{}
	}()
	<-done
	client.Close()
	backend.Close()
	<-done
}
