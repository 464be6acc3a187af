package server

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/berth-dev/berth/internal/runtime/process"
)

// component is a long-lived part with its own goroutines.
type component interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
}

type namedComponent struct {
	name string
	c    component
	hint string // added to start errors, e.g. the flag to change
}

// components lists what Start starts, in order; Stop stops them in reverse.
func (s *Server) components() []namedComponent {
	return []namedComponent{
		{"logs", s.logs, ""},
		{"ingress", s.ingress, " (change the addresses with --ingress-http and --ingress-https)"},
		{"runtime", backendComponent{s.backend}, ""},
		{"apprunner", s.apprunner, ""},
		{"cloudformation", s.cfn, ""},
		{"pipeline", s.pipelines, ""},
		{"metrics", s.sampler, ""},
	}
}

func (s *Server) startComponents(ctx context.Context) error {
	var started []namedComponent
	for _, nc := range s.components() {
		if err := nc.c.Start(ctx); err != nil {
			for i := len(started) - 1; i >= 0; i-- {
				started[i].c.Stop(ctx)
			}
			return fmt.Errorf("server: start %s: %w%s", nc.name, err, nc.hint)
		}
		started = append(started, nc)
	}
	return nil
}

func (s *Server) stopComponents(ctx context.Context) error {
	cs := s.components()
	var errs []error
	for i := len(cs) - 1; i >= 0; i-- {
		if err := cs[i].c.Stop(ctx); err != nil {
			errs = append(errs, fmt.Errorf("server: stop %s: %w", cs[i].name, err))
		}
	}
	return errors.Join(errs...)
}

// backendComponent stops every instance the process backend still runs
// when the server stops (Pdeathsig covers a server that is killed).
type backendComponent struct{ b *process.Backend }

func (backendComponent) Start(context.Context) error { return nil }

func (c backendComponent) Stop(ctx context.Context) error { return c.b.Shutdown(ctx, 5*time.Second) }
