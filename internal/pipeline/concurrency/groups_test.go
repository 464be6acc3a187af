package concurrency

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestQueueInOrder(t *testing.T) {
	g := New()
	release, err := g.Acquire(context.Background(), "main", false, nil)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var order []int
	var wg sync.WaitGroup
	for i := 1; i <= 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rel, err := g.Acquire(context.Background(), "main", false, nil)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			rel()
		}()
		// Wait until this waiter is queued so arrival order is known.
		for {
			if _, n := g.Held("main"); n == i {
				break
			}
			time.Sleep(time.Millisecond)
		}
	}
	release()
	wg.Wait()
	if len(order) != 3 || order[0] != 1 || order[1] != 2 || order[2] != 3 {
		t.Fatalf("order = %v", order)
	}
	if h, n := g.Held("main"); h || n != 0 {
		t.Fatalf("group left held=%v waiting=%d", h, n)
	}
}

func TestCancelInProgress(t *testing.T) {
	g := New()
	cancelled := make(chan struct{})
	rel1, _ := g.Acquire(context.Background(), "g", true, func() { close(cancelled) })
	waiterErr := make(chan error, 1)
	go func() {
		_, err := g.Acquire(context.Background(), "g", false, nil)
		waiterErr <- err
	}()
	for {
		if _, n := g.Held("g"); n == 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	got := make(chan func(), 1)
	go func() {
		rel, err := g.Acquire(context.Background(), "g", true, nil)
		if err != nil {
			t.Error(err)
		}
		got <- rel
	}()
	<-cancelled
	if err := <-waiterErr; !errors.Is(err, ErrCancelled) {
		t.Fatalf("pending waiter: %v", err)
	}
	rel1()
	(<-got)()
}

func TestContextEndsWait(t *testing.T) {
	g := New()
	rel, _ := g.Acquire(context.Background(), "g", false, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := g.Acquire(ctx, "g", false, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatal(err)
	}
	rel()
	rel() // idempotent
	if h, n := g.Held("g"); h || n != 0 {
		t.Fatal("not released")
	}
	if r, err := g.Acquire(context.Background(), "", true, nil); err != nil || r == nil {
		t.Fatal("empty group")
	}
}
