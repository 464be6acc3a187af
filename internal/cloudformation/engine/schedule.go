package engine

import "context"

// step is the outcome of one scheduled node: ok false records a resource
// failure (already persisted); err stops everything (interruption or a
// storage failure).
type step struct {
	node string
	ok   bool
	err  error
}

// schedule runs fn for each node once every prerequisite among nodes has
// succeeded, at most par at a time, launching ready nodes in the order
// given. After a failure it starts nothing new when stopOnFailure is set;
// otherwise only nodes downstream of the failure are skipped. It waits for
// running nodes before returning the failed ones; err is the first fatal
// error (fn's err), after which nothing new starts either.
func schedule(ctx context.Context, nodes []string, prereqs func(string) []string, par int, stopOnFailure bool, fn func(ctx context.Context, node string) (bool, error)) (failed []string, err error) {
	return scheduleUntil(ctx, nil, nodes, prereqs, par, stopOnFailure, fn)
}

// scheduleUntil is schedule that also starts nothing new once halt is
// closed (CancelUpdateStack). Unlike cancelling ctx, halting lets the
// nodes already running finish and is not an error.
func scheduleUntil(ctx context.Context, halt <-chan struct{}, nodes []string, prereqs func(string) []string, par int, stopOnFailure bool,
	fn func(ctx context.Context, node string) (bool, error)) (failed []string, err error) {
	if par <= 0 {
		par = 1
	}
	in := make(map[string]bool, len(nodes))
	for _, n := range nodes {
		in[n] = true
	}
	waiting := map[string]int{}         // node → prerequisites not done
	dependents := map[string][]string{} // prerequisite → nodes waiting for it
	for _, n := range nodes {
		for _, p := range prereqs(n) {
			if in[p] && p != n {
				waiting[n]++
				dependents[p] = append(dependents[p], n)
			}
		}
	}
	started := map[string]bool{}
	blocked := map[string]bool{} // downstream of a failure
	results := make(chan step)
	running := 0
	stop := false
	var block func(string)
	block = func(n string) {
		for _, d := range dependents[n] {
			if !blocked[d] {
				blocked[d] = true
				block(d)
			}
		}
	}
	for {
		if !stop && ctx.Err() == nil && !closed(halt) {
			for _, n := range nodes {
				if running >= par {
					break
				}
				if started[n] || blocked[n] || waiting[n] > 0 {
					continue
				}
				started[n] = true
				running++
				go func(n string) {
					ok, err := fn(ctx, n)
					results <- step{node: n, ok: ok, err: err}
				}(n)
			}
		}
		if running == 0 {
			break
		}
		r := <-results
		running--
		switch {
		case r.err != nil:
			if err == nil {
				err = r.err
			}
			stop = true
		case !r.ok:
			failed = append(failed, r.node)
			block(r.node)
			if stopOnFailure {
				stop = true
			}
		default:
			for _, d := range dependents[r.node] {
				waiting[d]--
			}
		}
	}
	if err == nil && ctx.Err() != nil {
		err = errInterrupted
	}
	return failed, err
}

// closed reports whether ch is closed (false for nil).
func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
