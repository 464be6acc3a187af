package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// tally counts the outcome of every request the generator sent.
type tally struct {
	sent, ok, non2xx, transport atomic.Uint64

	mu       sync.Mutex
	byGen    map[string]int // requests served per generation ("g0", "g1", …)
	failures []string       // the first few failures, for the report
}

func newTally() *tally { return &tally{byGen: map[string]int{}} }

func (t *tally) fail(what string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.failures) < 5 {
		t.failures = append(t.failures, what)
	}
}

func (t *tally) served(instance string) {
	gen, _, _ := strings.Cut(instance, "-")
	t.mu.Lock()
	t.byGen[gen]++
	t.mu.Unlock()
}

// generations lists "g0:n g1:n …" in generation order.
func (t *tally) generations() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	keys := make([]string, 0, len(t.byGen))
	for k := range t.byGen {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return len(keys[i]) < len(keys[j]) || len(keys[i]) == len(keys[j]) && keys[i] < keys[j]
	})
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s:%d", k, t.byGen[k]))
	}
	return strings.Join(parts, ",")
}

// pace sends GET url with Host host at rate requests per second, open loop
// (a slow answer does not delay the next request), until ctx ends; it
// returns once every request sent has finished.
func pace(ctx context.Context, client *http.Client, url, host string, rate int, t *tally) {
	interval := time.Second / time.Duration(rate)
	start := time.Now()
	timer := time.NewTimer(0)
	defer timer.Stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	for i := 0; ; i++ {
		if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
			timer.Reset(d)
			select {
			case <-ctx.Done():
				return
			case <-timer.C:
			}
		} else if ctx.Err() != nil {
			return
		}
		t.sent.Add(1)
		wg.Go(func() { get(client, url, host, t) })
	}
}

func get(client *http.Client, url, host string, t *tally) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.transport.Add(1)
		t.fail(err.Error())
		return
	}
	req.Host = host
	resp, err := client.Do(req)
	if err != nil {
		t.transport.Add(1)
		t.fail(err.Error())
		return
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	switch {
	case err != nil:
		t.transport.Add(1)
		t.fail("read body: " + err.Error())
	case resp.StatusCode/100 != 2:
		t.non2xx.Add(1)
		t.fail(resp.Status + " request id " + resp.Header.Get("X-Request-Id"))
	default:
		t.ok.Add(1)
		t.served(resp.Header.Get("X-Instance"))
	}
}
