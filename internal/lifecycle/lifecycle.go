// Package lifecycle holds what every long-lived component's Stop needs:
// waiting for the goroutines it owns, bounded by the caller's context.
package lifecycle

import (
	"context"
	"sync"
)

// Wait waits for wg, or for ctx to end, whichever comes first. It returns
// ctx's error when the wait was cut short (the goroutines go on and end
// by themselves once they see their own cancellation).
func Wait(ctx context.Context, wg *sync.WaitGroup) error {
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
