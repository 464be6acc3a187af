package cloudformation_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/provider/providertest"
)

// gate stands in front of the env's test provider so that a chosen call
// stays in flight until the test lets it finish.
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

// hold makes the next op call on logicalID wait in flight.
func (g *gate) hold(op, logicalID string) *hold {
	hd := &hold{entered: make(chan struct{}), release: make(chan struct{})}
	g.mu.Lock()
	g.holds[op+"/"+logicalID] = hd
	g.mu.Unlock()
	return hd
}

// waitEntered waits, bounded, for the held call to be in flight.
func (hd *hold) waitEntered(t testing.TB) {
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

// Update implements provider.Provider.
func (g *gate) Update(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	if err := g.pass(ctx, "Update", req.LogicalID); err != nil {
		return nil, err
	}
	return g.Provider.Update(ctx, req)
}

// calls records the IAM question of every call the env serves.
type calls struct {
	mu   sync.Mutex
	auth map[string][]awsapi.Authorization // operation → its calls'
}

// Record implements awsapi.Recorder.
func (c *calls) Record(_ context.Context, call *awsapi.Call) {
	if call.Auth == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.auth == nil {
		c.auth = map[string][]awsapi.Authorization{}
	}
	c.auth[call.Operation.Name] = append(c.auth[call.Operation.Name], *call.Auth)
}

func (c *calls) of(op string) []awsapi.Authorization {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]awsapi.Authorization(nil), c.auth[op]...)
}
