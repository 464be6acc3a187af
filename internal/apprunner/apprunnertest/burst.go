package apprunnertest

import (
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Burst runs workers closed loops of send until stop reports true
// (checked every 20 ms; nil never stops early) or d elapses, and returns
// how often each status code was seen. send returns a response's status
// code, or 0 for a transport error. A 429 pauses its worker 50 ms, as a
// client honouring Retry-After briefly would. Loops are bounded by d.
func Burst(workers int, d time.Duration, stop func() bool, send func() int) map[int]int {
	var mu sync.Mutex
	codes := map[int]int{}
	var done atomic.Bool
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done.Load() {
				code := send()
				mu.Lock()
				codes[code]++
				mu.Unlock()
				if code == http.StatusTooManyRequests {
					time.Sleep(50 * time.Millisecond)
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
	return codes
}
