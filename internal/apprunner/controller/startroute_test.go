package controller

import (
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// gatedApp is a Go app that starts listening only once the file named by
// $GATE exists: until then none of its instances can pass a health check.
// It exits instead if the file named by $DIE appears first.
func gatedApp() map[string]string {
	return map[string]string{
		"go.mod": "module example.com/gated\n\ngo 1.22\n",
		"main.go": `package main

import (
	"fmt"
	"net/http"
	"os"
	"time"
)

func main() {
	for {
		if _, err := os.Stat(os.Getenv("GATE")); err == nil {
			break
		}
		if _, err := os.Stat(os.Getenv("DIE")); err == nil {
			fmt.Println("told to die before listening")
			os.Exit(3)
		}
		time.Sleep(10 * time.Millisecond)
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "gated ok") })
	if err := http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), nil); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
}
`,
	}
}

// hold fires one request per worker at host as soon as it is routed and
// keeps each worker sending until stop is closed; it returns the
// statuses (0 for a transport error) once every worker is done.
func (e *env) hold(host string, workers int, stop <-chan struct{}) <-chan map[int]int {
	client := &http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: 2 * time.Minute}
	out := make(chan map[int]int, 1)
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				req, _ := http.NewRequest("GET", "http://"+e.in.HTTPAddr()+"/", nil)
				req.Host = host
				code := 0
				if resp, err := client.Do(req); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					code = resp.StatusCode
				}
				mu.Lock()
				codes[code]++
				mu.Unlock()
				select {
				case <-stop:
					return
				default:
				}
			}
		})
	}
	go func() {
		wg.Wait()
		client.CloseIdleConnections()
		out <- codes
	}()
	return out
}

// waiting is how many requests for the service wait at the ingress for
// its first instances.
func (e *env) waiting(serviceID string) int64 {
	s, _ := e.in.ServiceStats(serviceID)
	return s.Waiting
}

func TestRestoredServiceHoldsRequestsUntilHealthy(t *testing.T) {
	gate := filepath.Join(t.TempDir(), "gate")
	open := func() {
		if err := os.WriteFile(gate, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	open()
	// A health window far longer than the test: only the gate decides.
	slowHealth := func(o *Options) { o.MinHealthWindow = 2 * time.Minute }
	e := newEnv(t, slowHealth)
	r := newRepo(t, gatedApp())
	spec := e.spec("a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5", r.Dir)
	spec.Code.Env = map[string]string{"GATE": gate}
	rel, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op1"})
	if err != nil {
		t.Fatal(err)
	}
	if code, body := e.get(spec.Host, "/"); code != 200 || body != "gated ok\n" {
		t.Fatalf("before the restart: %d %q", code, body)
	}

	// The server restarts; the restored instances cannot get healthy
	// until the gate opens.
	if err := os.Remove(gate); err != nil {
		t.Fatal(err)
	}
	e2 := e.restart(slowHealth)
	var ev events
	deployed := make(chan error, 1)
	go func() {
		_, err := e2.c.Deploy(bg, Deployment{Spec: spec, OperationID: "restart", Release: rel, Events: ev.add})
		deployed <- err
	}()
	eventually(t, 30*time.Second, "the service's route", func() bool {
		_, ok := e2.in.Table().Lookup(spec.Host)
		return ok
	})
	if rt, _ := e2.in.Table().Lookup(spec.Host); len(rt.Backends) != 0 {
		t.Fatalf("route has %d backends before any instance is healthy", len(rt.Backends))
	}
	const workers = 8
	stop := make(chan struct{})
	codes := e2.hold(spec.Host, workers, stop)
	eventually(t, 30*time.Second, "every worker's request to wait", func() bool { return e2.waiting(spec.ServiceID) == workers })
	select {
	case err := <-deployed:
		t.Fatalf("restore ended with the gate closed: %v", err)
	default:
	}

	open()
	if err := <-deployed; err != nil {
		t.Fatalf("restore: %v; events:\n%s", err, strings.Join(ev.list(), "\n"))
	}
	close(stop)
	got := <-codes
	if got[200] < workers || len(got) != 1 {
		t.Fatalf("answers by status %v, want only 200 (at least %d)", got, workers)
	}
	if n := e2.routedHealthy(spec.Host); n != 1 {
		t.Fatalf("%d healthy instances routed after the restore, want 1", n)
	}
}

func TestFailedRestoreRemovesHeldRoute(t *testing.T) {
	dir := t.TempDir()
	gate, die := filepath.Join(dir, "gate"), filepath.Join(dir, "die")
	if err := os.WriteFile(gate, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	slowHealth := func(o *Options) { o.MinHealthWindow = 2 * time.Minute }
	e := newEnv(t, slowHealth)
	r := newRepo(t, gatedApp())
	spec := e.spec("b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5", r.Dir)
	spec.Code.Env = map[string]string{"GATE": gate, "DIE": die}
	rel, err := e.c.Deploy(bg, Deployment{Spec: spec, OperationID: "op1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(gate); err != nil {
		t.Fatal(err)
	}
	e2 := e.restart(slowHealth)
	deployed := make(chan error, 1)
	go func() {
		_, err := e2.c.Deploy(bg, Deployment{Spec: spec, OperationID: "restart", Release: rel})
		deployed <- err
	}()
	eventually(t, 30*time.Second, "the service's route", func() bool {
		_, ok := e2.in.Table().Lookup(spec.Host)
		return ok
	})
	stop := make(chan struct{})
	close(stop) // one request per worker
	codes := e2.hold(spec.Host, 1, stop)
	eventually(t, 30*time.Second, "the request to wait", func() bool { return e2.waiting(spec.ServiceID) == 1 })

	// The restored instance fails before it ever listens.
	if err := os.WriteFile(die, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err = <-deployed
	var de *DeployError
	if !errors.As(err, &de) || de.Step != StepHealth {
		t.Fatalf("restore of an instance that exits: %v, want a failed start", err)
	}
	if got := <-codes; got[http.StatusNotFound] != 1 {
		t.Fatalf("the request held during the failed restore got %v, want the unknown-host 404", got)
	}
	if _, ok := e2.in.Table().Lookup(spec.Host); ok {
		t.Fatal("the held route outlived the failed restore")
	}
}
