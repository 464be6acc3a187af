package provider

import (
	"fmt"
	"sort"
	"sync"

	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// Registry holds the providers berth can create resources with. It is the
// template.TypeRegistry templates are validated against, so a type without
// a provider is an "Unrecognized resource type". Safe for concurrent use.
type Registry struct {
	mu sync.RWMutex
	m  map[string]Provider
}

var _ template.TypeRegistry = (*Registry)(nil)

// NewRegistry returns a registry holding ps. It panics on a type given
// twice: that is a programming error caught at startup.
func NewRegistry(ps ...Provider) *Registry {
	r := &Registry{m: map[string]Provider{}}
	for _, p := range ps {
		if err := r.Add(p); err != nil {
			panic(err)
		}
	}
	return r
}

// Add registers p. Registering a type twice is an error (ErrDuplicate).
func (r *Registry) Add(p Provider) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[string]Provider{}
	}
	if _, dup := r.m[p.Type()]; dup {
		return fmt.Errorf("provider: add %s: %w", p.Type(), ErrDuplicate)
	}
	r.m[p.Type()] = p
	return nil
}

// Get returns the provider of a type.
func (r *Registry) Get(typeName string) (Provider, bool) {
	if r == nil {
		return nil, false
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	p, ok := r.m[typeName]
	return p, ok
}

// Schema implements template.TypeRegistry.
func (r *Registry) Schema(typeName string) (*template.Schema, bool) {
	p, ok := r.Get(typeName)
	if !ok {
		return nil, false
	}
	return p.Schema(), true
}

// Types lists the registered type names, sorted.
func (r *Registry) Types() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]string, 0, len(r.m))
	for t := range r.m {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}
