package ingress

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// echoUpgrade switches to a toy protocol that echoes lines back.
func echoUpgrade() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.EqualFold(r.Header.Get("Upgrade"), "echo") {
			http.Error(w, "upgrade required", http.StatusUpgradeRequired)
			return
		}
		c, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer c.Close()
		fmt.Fprintf(rw, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\nX-Seen-Id: %s\r\n\r\n", r.Header.Get("X-Request-Id"))
		rw.Flush()
		for {
			line, err := rw.ReadString('\n')
			if err != nil {
				return
			}
			rw.WriteString("echo: " + line)
			rw.Flush()
		}
	})
}

func dialUpgrade(t *testing.T, in *Ingress, host, proto string) (net.Conn, *bufio.Reader, *http.Response) {
	t.Helper()
	c, err := net.Dial("tcp", in.HTTPAddr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(c, "GET /ws HTTP/1.1\r\nHost: %s\r\nConnection: Upgrade\r\nUpgrade: %s\r\n\r\n", host, proto)
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c, br, resp
}

func TestUpgradeEcho(t *testing.T) {
	be, _ := startBackend(t, echoUpgrade(), BackendOptions{})
	in := startIngress(t, Options{})
	route(t, in, "app.localhost", be)

	c, br, resp := dialUpgrade(t, in, "app.localhost", "echo")
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if id := resp.Header.Get("X-Seen-Id"); !uuidRE.MatchString(id) {
		t.Errorf("backend saw request id %q", id)
	}
	for _, msg := range []string{"ping", "pong"} {
		fmt.Fprintf(c, "%s\n", msg)
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if line != "echo: "+msg+"\n" {
			t.Fatalf("got %q", line)
		}
	}
	if be.InFlight() != 1 {
		t.Errorf("upgraded connection not counted in flight: %d", be.InFlight())
	}
	c.Close()
	eventually(t, "upgraded connection released", func() bool { return be.InFlight() == 0 })

	// A backend that declines answers like any other response.
	_, br2, resp2 := dialUpgrade(t, in, "app.localhost", "other")
	body, _ := io.ReadAll(io.LimitReader(br2, resp2.ContentLength))
	if resp2.StatusCode != http.StatusUpgradeRequired || !strings.Contains(string(body), "upgrade required") {
		t.Fatalf("declined upgrade: %d %q", resp2.StatusCode, body)
	}
}

func TestStopClosesUpgradedConnections(t *testing.T) {
	be, _ := startBackend(t, echoUpgrade(), BackendOptions{})
	in := New(Options{HTTPAddr: "127.0.0.1:0"})
	if err := in.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	route(t, in, "app.localhost", be)
	_, br, resp := dialUpgrade(t, in, "app.localhost", "echo")
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("status %d", resp.StatusCode)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := in.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := br.ReadString('\n'); err == nil {
		t.Fatal("upgraded connection still open after Stop")
	}
}

func TestStreamingFlushes(t *testing.T) {
	next := make(chan struct{})
	be, _ := startBackend(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for i := 0; i < 3; i++ {
			fmt.Fprintf(w, "data: %d\n\n", i)
			w.(http.Flusher).Flush()
			select {
			case <-next:
			case <-r.Context().Done():
				return
			}
		}
	}), BackendOptions{})
	in := startIngress(t, Options{})
	route(t, in, "app.localhost", be)
	req, _ := http.NewRequest("GET", "http://"+in.HTTPAddr()+"/events", nil)
	req.Host = "app.localhost"
	resp, err := newClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	for i := 0; i < 3; i++ {
		// Each event must arrive while the backend is still waiting to
		// send the next one.
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("data: %d\n", i); line != want {
			t.Fatalf("got %q, want %q", line, want)
		}
		br.ReadString('\n')
		next <- struct{}{}
	}
}
