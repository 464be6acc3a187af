package main

import (
	"context"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// burstStats counts the burst clients' outcomes and when a new instance
// first answered.
type burstStats struct {
	ok, tooMany, other, transport atomic.Uint64
	firstNew                      atomic.Int64 // ns since burst start; 0 until a new instance answers
}

// burst runs n closed-loop clients (each sends its next GET when the last
// one is answered) until ctx ends. A 429 makes the client wait backoff, as
// a client honouring Retry-After only shorter, so the burst keeps pressing.
// initial names the instance that served before the burst.
func burst(ctx context.Context, n int, url, initial string, backoff time.Duration, start time.Time, s *burstStats) {
	client := &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: n, MaxIdleConns: n}, Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Go(func() {
			for ctx.Err() == nil {
				if tooMany := once(ctx, client, url, initial, start, s); tooMany {
					select {
					case <-ctx.Done():
					case <-time.After(backoff):
					}
				}
			}
		})
	}
	wg.Wait()
}

// once sends one request and reports whether it got 429.
func once(ctx context.Context, client *http.Client, url, initial string, start time.Time, s *burstStats) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		s.transport.Add(1)
		return false
	}
	req.Host = host
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			s.transport.Add(1)
		}
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusOK:
		s.ok.Add(1)
		if resp.Header.Get("X-Instance") != initial {
			s.firstNew.CompareAndSwap(0, int64(time.Since(start)))
		}
	case resp.StatusCode == http.StatusTooManyRequests:
		s.tooMany.Add(1)
		return true
	default:
		s.other.Add(1)
	}
	return false
}

// trickle sends GETs at rate per second, one at a time, until ctx ends:
// the light traffic of a service before its burst.
func trickle(ctx context.Context, url string, rate int) {
	client := &http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		req.Host = host
		if resp, err := client.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
}
