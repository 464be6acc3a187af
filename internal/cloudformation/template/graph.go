package template

import (
	"slices"
	"strings"
)

// Graph is the dependency graph of a set of resources: an edge A → B means
// A must wait for B to be created (and B for A to be deleted). Nodes keep
// declaration order so every listing is deterministic.
type Graph struct {
	nodes []string
	index map[string]int
	deps  map[string][]string
}

func newGraph(nodes []string) *Graph {
	g := &Graph{nodes: nodes, index: make(map[string]int, len(nodes)), deps: make(map[string][]string, len(nodes))}
	for i, n := range nodes {
		g.index[n] = i
	}
	return g
}

// addEdge records that from depends on to; edges to unknown nodes (parameters,
// pseudo parameters, excluded resources) are ignored.
func (g *Graph) addEdge(from, to string) {
	if _, ok := g.index[to]; !ok {
		return
	}
	if !slices.Contains(g.deps[from], to) {
		g.deps[from] = append(g.deps[from], to)
	}
}

func (g *Graph) sortDeps() {
	for n, d := range g.deps {
		slices.SortFunc(d, func(a, b string) int { return g.index[a] - g.index[b] })
		g.deps[n] = d
	}
}

// Nodes returns the resources of the graph in declaration order.
func (g *Graph) Nodes() []string { return append([]string(nil), g.nodes...) }

// DependsOn returns what a resource waits for, in declaration order.
func (g *Graph) DependsOn(id string) []string { return append([]string(nil), g.deps[id]...) }

// Dependents returns the resources that wait for id, in declaration order:
// they must be deleted before id.
func (g *Graph) Dependents(id string) []string {
	var out []string
	for _, n := range g.nodes {
		if slices.Contains(g.deps[n], id) {
			out = append(out, n)
		}
	}
	return out
}

// Levels returns the resources in creation order, grouped so that every
// resource of a level depends only on earlier levels: the resources of one
// level can be created in parallel, and deleting the levels in reverse order
// is safe. A cycle is reported as CloudFormation does, listing every
// resource that cannot be ordered.
func (g *Graph) Levels() ([][]string, error) {
	pending := make(map[string]int, len(g.nodes))
	for _, n := range g.nodes {
		pending[n] = len(g.deps[n])
	}
	dependents := make(map[string][]string, len(g.nodes))
	for _, n := range g.nodes {
		for _, d := range g.deps[n] {
			dependents[d] = append(dependents[d], n)
		}
	}
	var levels [][]string
	var current []string
	for _, n := range g.nodes {
		if pending[n] == 0 {
			current = append(current, n)
		}
	}
	done := 0
	for len(current) > 0 {
		levels = append(levels, current)
		done += len(current)
		var next []string
		for _, n := range current {
			for _, m := range dependents[n] {
				pending[m]--
				if pending[m] == 0 {
					next = append(next, m)
				}
			}
		}
		slices.SortFunc(next, func(a, b string) int { return g.index[a] - g.index[b] })
		current = next
	}
	if done < len(g.nodes) {
		var stuck []string
		for _, n := range g.nodes {
			if pending[n] > 0 {
				stuck = append(stuck, n)
			}
		}
		return nil, newErr(ErrCircular, "", "Circular dependency between resources: [%s]", strings.Join(stuck, ", "))
	}
	return levels, nil
}

// resourceRefs walks everything of a resource that can reference another
// resource: properties, metadata and policies.
func resourceRefs(w *walker, r *Resource) {
	base := pointer("/Resources", r.LogicalID)
	w.walk(r.Properties, base+"/Properties")
	if r.Metadata != nil {
		w.walk(r.Metadata, base+"/Metadata")
	}
	if r.CreationPolicy != nil {
		w.walk(r.CreationPolicy, base+"/CreationPolicy")
	}
	if r.UpdatePolicy != nil {
		w.walk(r.UpdatePolicy, base+"/UpdatePolicy")
	}
}

// graphOf builds the graph of the given resources, descending into Fn::If
// branches as choose says.
func (t *Template) graphOf(ids []string, choose func(string) branchPick) *Graph {
	g := newGraph(ids)
	for _, id := range ids {
		r := t.Resources[id]
		w := &walker{choose: choose, visit: func(ref reference) {
			switch ref.kind {
			case refRef, refGetAtt, refSubAttr:
				g.addEdge(id, ref.target)
			}
		}}
		resourceRefs(w, r)
		for _, d := range r.DependsOn {
			g.addEdge(id, d)
		}
	}
	g.sortDeps()
	return g
}

// Dependencies returns the static dependency graph of every resource of the
// template, from Ref, Fn::GetAtt, Fn::Sub and DependsOn, counting both
// branches of every Fn::If and ignoring resource conditions. It is a superset
// of what any stack built from the template needs; Evaluator.Dependencies
// gives the exact graph once parameters and conditions are known.
func (t *Template) Dependencies() *Graph {
	return t.graphOf(t.resourceOrder, func(string) branchPick { return pickBoth })
}
