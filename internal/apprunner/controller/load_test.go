package controller

import (
	"github.com/berth-dev/berth/internal/apprunner/apprunnertest"

	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// loadResult counts the answers a load run got.
type loadResult struct {
	mu    sync.Mutex
	codes map[int]int
	// retryAfter counts 429s that carried Retry-After.
	retryAfter int
	errs       int
}

func (r *loadResult) count(code int) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.codes[code]
}

// load runs workers loops of GET path on host through the ingress, on
// loopback, until stop holds (checked every 20ms) or d has elapsed, and
// waits for the requests in flight. It is bounded in time by d plus one
// request timeout.
func (e *env) load(host, path string, workers int, d time.Duration, stop func() bool) *loadResult {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{Proxy: nil,
		MaxIdleConns: workers, MaxIdleConnsPerHost: workers}}
	defer client.CloseIdleConnections()
	var retryAfter atomic.Int64
	codes := apprunnertest.Burst(workers, d, stop, func() int {
		req, _ := http.NewRequest("GET", "http://"+e.in.HTTPAddr()+path, nil)
		req.Host = host
		resp, err := client.Do(req)
		if err != nil {
			return 0
		}
		if resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") != "" {
			retryAfter.Add(1)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	})
	errs := codes[0]
	delete(codes, 0)
	return &loadResult{codes: codes, retryAfter: int(retryAfter.Load()), errs: errs}
}

// idsOf is the set of instance ids of a service now.
func (e *env) idsOf(serviceID string) map[string]bool {
	m := map[string]bool{}
	for _, i := range e.c.Instances(serviceID) {
		m[i.ID] = true
	}
	return m
}

// newServing reports whether an instance not in before has served a
// request.
func (e *env) newServing(serviceID string, before map[string]bool) bool {
	for _, i := range e.c.Instances(serviceID) {
		if !before[i.ID] && i.Served > 0 {
			return true
		}
	}
	return false
}

// events collects a deployment's event messages.
type events struct {
	mu  sync.Mutex
	all []string
}

func (ev *events) add(m string) {
	ev.mu.Lock()
	ev.all = append(ev.all, m)
	ev.mu.Unlock()
}

func (ev *events) list() []string {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	return append([]string(nil), ev.all...)
}
