package providertest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/cloudformation/provider"
)

// Gate stands in front of a Provider so that chosen calls stay in flight
// until the test lets them finish (BlockNext calls never finish: they
// stand for a killed server's).
type Gate struct {
	*Provider
	mu    sync.Mutex
	holds map[string]*Hold // "Op/LogicalID" → the next such call's hold
}

// Hold is one held call: Entered is closed once it is in flight; closing
// Release lets it carry on.
type Hold struct {
	Entered, Release chan struct{}
}

// NewGate puts a gate in front of p.
func NewGate(p *Provider) *Gate { return &Gate{Provider: p, holds: map[string]*Hold{}} }

// Hold makes the next op call ("Create" or "Update") on logicalID wait
// in flight; the test must close the hold's Release (or end the call's
// context).
func (g *Gate) Hold(op, logicalID string) *Hold {
	hd := &Hold{Entered: make(chan struct{}), Release: make(chan struct{})}
	g.mu.Lock()
	g.holds[op+"/"+logicalID] = hd
	g.mu.Unlock()
	return hd
}

// WaitEntered waits, bounded, for the held call to be in flight.
func (hd *Hold) WaitEntered(t testing.TB) {
	t.Helper()
	select {
	case <-hd.Entered:
	case <-time.After(30 * time.Second):
		t.Fatal("held call never started")
	}
}

func (g *Gate) pass(ctx context.Context, op, logicalID string) error {
	g.mu.Lock()
	hd := g.holds[op+"/"+logicalID]
	delete(g.holds, op+"/"+logicalID)
	g.mu.Unlock()
	if hd == nil {
		return nil
	}
	close(hd.Entered)
	select {
	case <-hd.Release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Create implements provider.Provider.
func (g *Gate) Create(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	if err := g.pass(ctx, "Create", req.LogicalID); err != nil {
		return nil, err
	}
	return g.Provider.Create(ctx, req)
}

// Update implements provider.Provider.
func (g *Gate) Update(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	if err := g.pass(ctx, "Update", req.LogicalID); err != nil {
		return nil, err
	}
	return g.Provider.Update(ctx, req)
}
