package engine

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/provider/providertest"
)

// gate wraps the test provider so that chosen calls stay in flight until
// the test lets them finish (providertest's BlockNext calls never finish:
// they stand for a killed server's).
type gate struct {
	*providertest.Provider
	mu    sync.Mutex
	holds map[string]*hold // "Op/LogicalID" → the next such call's hold
}

// hold is one held call: entered is closed once it is in flight; closing
// release lets it carry on.
type hold struct {
	entered, release chan struct{}
}

// withGate puts a gate in front of the harness's test provider.
func withGate(h *harness) *gate {
	h.t.Helper()
	g := &gate{Provider: h.prov, holds: map[string]*hold{}}
	h.reg = provider.NewRegistry(g, providertest.NewType("AWS::IAM::Role"))
	if err := h.e.Stop(ctx); err != nil {
		h.t.Fatal(err)
	}
	h.e = h.engine()
	return g
}

// hold makes the next op call on logicalID wait in flight; it returns
// the hold, whose release the test must close (or stop the engine).
func (g *gate) hold(op, logicalID string) *hold {
	hd := &hold{entered: make(chan struct{}), release: make(chan struct{})}
	g.mu.Lock()
	g.holds[op+"/"+logicalID] = hd
	g.mu.Unlock()
	return hd
}

// waitEntered waits, bounded, for the held call to be in flight.
func (hd *hold) waitEntered(t *testing.T) {
	t.Helper()
	select {
	case <-hd.entered:
	case <-time.After(30 * time.Second):
		t.Fatal("held call never started")
	}
}

func (g *gate) pass(ctx context.Context, op, logicalID string) error {
	g.mu.Lock()
	hd := g.holds[op+"/"+logicalID]
	delete(g.holds, op+"/"+logicalID)
	g.mu.Unlock()
	if hd == nil {
		return nil
	}
	close(hd.entered)
	select {
	case <-hd.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Create implements provider.Provider.
func (g *gate) Create(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	if err := g.pass(ctx, "Create", req.LogicalID); err != nil {
		return nil, err
	}
	return g.Provider.Create(ctx, req)
}

// Update implements provider.Provider.
func (g *gate) Update(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	if err := g.pass(ctx, "Update", req.LogicalID); err != nil {
		return nil, err
	}
	return g.Provider.Update(ctx, req)
}
