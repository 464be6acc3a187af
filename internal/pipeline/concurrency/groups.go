// Package concurrency implements GitHub Actions `concurrency:` groups for
// berth's pipelines: at most one run (or job) holds a group at a time.
//
// berth differs from GitHub on purpose in one point: with
// cancel-in-progress false, GitHub keeps only the newest pending run and
// cancels older pending ones, while berth queues every pending run in
// arrival order. Each of the app team's commits is then checked and
// deployed in turn, and a path filter never misses the changes of a
// superseded commit. With cancel-in-progress true both cancel the running
// holder and every pending waiter.
package concurrency

import (
	"context"
	"errors"
	"sync"
)

// ErrCancelled is returned by Acquire to a waiter cancelled by a newer
// request with cancel-in-progress.
var ErrCancelled = errors.New("concurrency: cancelled by a newer run in the same group")

// Groups is a set of named FIFO locks. The zero value is not usable; call
// New. It is safe for concurrent use.
type Groups struct {
	mu     sync.Mutex
	groups map[string]*group
}

type group struct {
	holder  *Ticket
	waiting []*Ticket
}

// New returns an empty set of groups.
func New() *Groups { return &Groups{groups: map[string]*group{}} }

// Ticket is a place in a group's queue, taken by Join.
type Ticket struct {
	g       *Groups
	name    string
	cancel  context.CancelFunc
	granted chan struct{}
	evicted chan struct{}
}

// Join takes a place in group name's queue at once, so that the order of
// Join calls (not of the later Wait calls) decides who runs first. With
// cancelInProgress it first cancels the holder (through the cancel func
// the holder gave) and evicts every waiter, as GitHub does. cancel is what
// a later Join with cancelInProgress calls to stop this caller once it
// holds the group; it may be nil. An empty name means no group: the
// ticket is granted at once and holds nothing.
func (g *Groups) Join(name string, cancelInProgress bool, cancel context.CancelFunc) *Ticket {
	t := &Ticket{g: g, name: name, cancel: cancel, granted: make(chan struct{}), evicted: make(chan struct{})}
	if name == "" {
		close(t.granted)
		return t
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	gr := g.groups[name]
	if gr == nil {
		gr = &group{}
		g.groups[name] = gr
	}
	if cancelInProgress {
		for _, w := range gr.waiting {
			close(w.evicted)
		}
		gr.waiting = nil
		if gr.holder != nil && gr.holder.cancel != nil {
			gr.holder.cancel()
		}
	}
	if gr.holder == nil {
		gr.holder = t
		close(t.granted)
	} else {
		gr.waiting = append(gr.waiting, t)
	}
	return t
}

// Wait blocks until the ticket holds its group, ctx ends (the ticket then
// leaves the queue) or a newer Join with cancel-in-progress evicts it
// (ErrCancelled). The returned release must be called once the holder is
// done; calling it again does nothing.
func (t *Ticket) Wait(ctx context.Context) (func(), error) {
	g := t.g
	if t.name == "" {
		return func() {}, nil
	}
	select {
	case <-t.granted:
		return g.releaser(t.name, t), nil
	case <-t.evicted:
		return nil, ErrCancelled
	case <-ctx.Done():
		g.mu.Lock()
		defer g.mu.Unlock()
		select {
		case <-t.granted: // granted while we were giving up: pass it on
			g.releaseLocked(t.name, t)
		default:
			g.removeWaiter(t.name, t)
		}
		return nil, ctx.Err()
	}
}

// Acquire is Join followed by Wait.
func (g *Groups) Acquire(ctx context.Context, name string, cancelInProgress bool, cancel context.CancelFunc) (func(), error) {
	return g.Join(name, cancelInProgress, cancel).Wait(ctx)
}

// Held reports how many callers hold or wait for name (for tests and
// status displays).
func (g *Groups) Held(name string) (holding bool, waiting int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	gr := g.groups[name]
	if gr == nil {
		return false, 0
	}
	return gr.holder != nil, len(gr.waiting)
}

func (g *Groups) releaser(name string, t *Ticket) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			defer g.mu.Unlock()
			g.releaseLocked(name, t)
		})
	}
}

// releaseLocked hands the group to the next waiter.
func (g *Groups) releaseLocked(name string, t *Ticket) {
	gr := g.groups[name]
	if gr == nil || gr.holder != t {
		return
	}
	gr.holder = nil
	if len(gr.waiting) > 0 {
		gr.holder = gr.waiting[0]
		gr.waiting = gr.waiting[1:]
		close(gr.holder.granted)
		return
	}
	delete(g.groups, name)
}

func (g *Groups) removeWaiter(name string, t *Ticket) {
	gr := g.groups[name]
	if gr == nil {
		return
	}
	for i, w := range gr.waiting {
		if w == t {
			gr.waiting = append(gr.waiting[:i], gr.waiting[i+1:]...)
			return
		}
	}
}
