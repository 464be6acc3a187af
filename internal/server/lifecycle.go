package server

import (
	"context"
	"errors"
)

// component is a long-lived part with its own goroutines.
type component interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
}

// components lists what Start starts, in order; Stop stops them in reverse.
func (s *Server) components() []component {
	return []component{s.logs, s.cfn}
}

func (s *Server) startComponents(ctx context.Context) error {
	started := []component{}
	for _, c := range s.components() {
		if err := c.Start(ctx); err != nil {
			for i := len(started) - 1; i >= 0; i-- {
				started[i].Stop(ctx)
			}
			return err
		}
		started = append(started, c)
	}
	return nil
}

func (s *Server) stopComponents(ctx context.Context) error {
	cs := s.components()
	var errs []error
	for i := len(cs) - 1; i >= 0; i-- {
		errs = append(errs, cs[i].Stop(ctx))
	}
	return errors.Join(errs...)
}
