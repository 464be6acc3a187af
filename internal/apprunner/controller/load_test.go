package controller

import (
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
	res := &loadResult{codes: map[int]int{}}
	var done atomic.Bool
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done.Load() {
				req, _ := http.NewRequest("GET", "http://"+e.in.HTTPAddr()+path, nil)
				req.Host = host
				resp, err := client.Do(req)
				res.mu.Lock()
				if err != nil {
					res.errs++
					res.mu.Unlock()
					continue
				}
				res.codes[resp.StatusCode]++
				if resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") != "" {
					res.retryAfter++
				}
				res.mu.Unlock()
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusTooManyRequests {
					time.Sleep(50 * time.Millisecond) // as a client honouring Retry-After would, briefly
				}
			}
		}()
	}
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) && (stop == nil || !stop()) {
		time.Sleep(20 * time.Millisecond)
	}
	done.Store(true)
	wg.Wait()
	return res
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
