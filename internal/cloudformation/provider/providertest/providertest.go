// Package providertest is a CloudFormation resource provider for tests of
// the engine: resources of type Test::Fail::Resource live in memory, and
// failures and delays are injected through properties or from Go.
//
// Properties (all optional):
//
//	Name         String   create-only: changing it replaces the resource
//	Value        String   stored; updatable in place; attribute Value
//	FailCreate   Boolean  Create fails
//	FailUpdate   Boolean  Update to these properties fails
//	FailDelete   Boolean  Delete fails
//	SleepMillis  Integer  Create and Update sleep this long first (honours ctx)
//
// Ref is Name, or a generated name; attributes are Arn and Value.
package providertest

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// Type is the resource type the provider serves.
const Type = "Test::Fail::Resource"

// Call records one provider call, for ordering assertions.
type Call struct {
	Op         string // Create, Update, Delete
	LogicalID  string
	PhysicalID string
}

// Provider is the in-memory test provider. The zero value is not usable;
// call New. Safe for concurrent use.
type Provider struct {
	typ      string
	mu       sync.Mutex
	inFlight int
	maxIn    int
	live     map[string]map[string]any // physical id → properties
	calls    []Call
	failNext map[string]int // "Op/LogicalID" → failures left
	block    map[string]int // "Op/LogicalID" → calls left that hang until cancelled
	started  chan Call
}

var _ provider.Provider = (*Provider)(nil)
var _ provider.Reader = (*Provider)(nil)

// New returns an empty provider.
func New() *Provider { return NewType(Type) }

// NewType returns an empty provider serving another type name, to stand
// in for a real provider (AWS::IAM::Role in capability tests).
func NewType(typeName string) *Provider {
	return &Provider{typ: typeName, live: map[string]map[string]any{}, failNext: map[string]int{}, block: map[string]int{}}
}

// Type implements provider.Provider.
func (p *Provider) Type() string { return p.typ }

// MaxConcurrent is the largest number of calls that were in flight at once.
func (p *Provider) MaxConcurrent() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.maxIn
}

func (p *Provider) end() {
	p.mu.Lock()
	p.inFlight--
	p.mu.Unlock()
}

// Schema implements provider.Provider.
func (p *Provider) Schema() *template.Schema {
	return &template.Schema{
		Properties: map[string]*template.Property{
			"Name":        {Type: template.TypeString},
			"Value":       {Type: template.TypeString},
			"FailCreate":  {Type: template.TypeBoolean},
			"FailUpdate":  {Type: template.TypeBoolean},
			"FailDelete":  {Type: template.TypeBoolean},
			"SleepMillis": {Type: template.TypeInteger},
		},
		// Stand-ins for other types accept those types' properties.
		AdditionalProperties: p.typ != Type,
		CreateOnly:           []string{"/properties/Name"},
		Attributes:           []string{"Arn", "Value"},
	}
}

// FailNext makes the next n calls of op ("Create", "Update", "Delete") on
// logicalID fail.
func (p *Provider) FailNext(op, logicalID string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failNext[op+"/"+logicalID] = n
}

// BlockNext makes the next n calls of op on logicalID hang until their
// context is cancelled, as a call in flight when the server is killed.
func (p *Provider) BlockNext(op, logicalID string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.block[op+"/"+logicalID] = n
}

// Started returns a channel that receives every call as it starts (before
// any sleep), so a test can act while a call is in flight. The channel is
// buffered; calls are dropped when it is full.
func (p *Provider) Started() <-chan Call {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.started == nil {
		p.started = make(chan Call, 256)
	}
	return p.started
}

// Calls returns the calls made so far, in order.
func (p *Provider) Calls() []Call {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Call(nil), p.calls...)
}

// Live returns the physical ids of the resources that exist, sorted.
func (p *Provider) Live() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]string, 0, len(p.live))
	for id := range p.live {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Exists reports whether a resource exists.
func (p *Provider) Exists(physicalID string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.live[physicalID]
	return ok
}

// Properties returns the properties a live resource was last given.
func (p *Provider) Properties(physicalID string) map[string]any {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.live[physicalID]
}

func (p *Provider) begin(ctx context.Context, op string, req *provider.Request, props provider.Props) error {
	c := Call{Op: op, LogicalID: req.LogicalID, PhysicalID: req.PhysicalID}
	p.mu.Lock()
	p.calls = append(p.calls, c)
	p.inFlight++
	p.maxIn = max(p.maxIn, p.inFlight)
	if p.started != nil {
		select {
		case p.started <- c:
		default:
		}
	}
	fail := p.failNext[op+"/"+req.LogicalID] > 0
	if fail {
		p.failNext[op+"/"+req.LogicalID]--
	}
	hang := p.block[op+"/"+req.LogicalID] > 0
	if hang {
		p.block[op+"/"+req.LogicalID]--
	}
	p.mu.Unlock()
	if hang {
		<-ctx.Done()
		return ctx.Err()
	}
	if ms, ok := props.Int("SleepMillis"); ok && ms > 0 && op != "Delete" {
		t := time.NewTimer(time.Duration(ms) * time.Millisecond)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	if fail || props.Bool("Fail"+op) {
		return provider.Failf(provider.CodeGeneral, "Injected %s failure for %s", op, req.LogicalID)
	}
	return nil
}

func (p *Provider) name(req *provider.Request) string {
	if n := req.Props().String("Name"); n != "" {
		return n
	}
	return req.PhysicalName(64)
}

func attributes(id string, props provider.Props) map[string]any {
	return map[string]any{"Arn": "arn:aws:test:::resource/" + id, "Value": props.String("Value")}
}

// Create implements provider.Provider.
func (p *Provider) Create(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	defer p.end()
	if err := p.begin(ctx, "Create", req, req.Props()); err != nil {
		return nil, err
	}
	id := p.name(req)
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, exists := p.live[id]; exists {
		return nil, provider.Failf(provider.CodeAlreadyExists, "Resource %s already exists", id)
	}
	p.live[id] = req.Properties
	return &provider.Result{PhysicalID: id, Attributes: attributes(id, req.Props())}, nil
}

// Update implements provider.Provider.
func (p *Provider) Update(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	defer p.end()
	if err := p.begin(ctx, "Update", req, req.Props()); err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.live[req.PhysicalID]; !ok {
		return nil, provider.Failf(provider.CodeNotFound, "Resource %s not found", req.PhysicalID)
	}
	p.live[req.PhysicalID] = req.Properties
	return &provider.Result{PhysicalID: req.PhysicalID, Attributes: attributes(req.PhysicalID, req.Props())}, nil
}

// Delete implements provider.Provider.
func (p *Provider) Delete(ctx context.Context, req *provider.Request) error {
	defer p.end()
	if err := p.begin(ctx, "Delete", req, req.Props()); err != nil {
		return err
	}
	id := req.PhysicalID
	if id == "" {
		id = p.name(req)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.live, id)
	return nil
}

// Read implements provider.Reader.
func (p *Provider) Read(_ context.Context, req *provider.Request) (*provider.Result, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	props, ok := p.live[req.PhysicalID]
	if !ok {
		return nil, fmt.Errorf("providertest: read %s: %w", req.PhysicalID, provider.ErrNotFound)
	}
	return &provider.Result{PhysicalID: req.PhysicalID, Attributes: attributes(req.PhysicalID, props)}, nil
}
