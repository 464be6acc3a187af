package apprunner

import (
	"context"
	"fmt"

	"github.com/berth-dev/berth/internal/apprunner/controller"
)

// restore brings every service back after a server start. Running services
// restart from their last good artifact, without rebuilding; if that fails
// (the artifact is gone, the data dir was moved) a START_DEPLOYMENT rebuilds
// them. An operation the last shutdown interrupted is resumed: run again
// from its start, after the old version has been restored, so nothing stays
// OPERATION_IN_PROGRESS.
func (a *API) restore(ctx context.Context) error {
	svcs, err := a.repo.services(ctx)
	if err != nil {
		return fmt.Errorf("apprunner: restore: %w", err)
	}
	for _, s := range svcs {
		switch s.Status {
		case StatusRunning:
			if s.Release != nil {
				// Held at once: requests wait for the restart, not 404.
				a.ctrl.HoldRoute(s.ID, s.Host)
				a.goRestore(s)
			}
		case StatusOperationInProgress:
			a.resume(ctx, s)
		}
	}
	return nil
}

// goRestore restarts a running service's instances in the background.
func (a *API) goRestore(s *serviceRecord) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ctx.Err() != nil {
		return
	}
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		ctx := a.ctx
		if err := a.restoreRelease(ctx, s); err != nil && ctx.Err() == nil {
			a.event(ctx, s, "Could not restart the service from its last artifact ("+reason(err)+"); rebuilding it from source.")
			if _, _, err := a.begin(ctx, s.ARN, OpStartDeployment, "RESTART", requireStatus(StatusRunning)); err != nil {
				a.log.Warn("rebuild after restart", "service", s.ARN, "err", err)
			}
		}
	}()
}

// restoreRelease starts a service's last good release again.
func (a *API) restoreRelease(ctx context.Context, s *serviceRecord) error {
	if s.Release == nil {
		return nil
	}
	spec, err := a.spec(ctx, s, s.Config)
	if err != nil {
		return err
	}
	_, err = a.ctrl.Deploy(ctx, controller.Deployment{Spec: spec, OperationID: "restart", Release: s.Release, Events: a.events(s)})
	if err == nil {
		a.event(ctx, s, "Service restarted from artifact "+s.Release.Artifact.ID+" after a server restart.")
	}
	return err
}

// resume picks up the operation a service was in when the server stopped.
func (a *API) resume(ctx context.Context, s *serviceRecord) {
	op, err := a.repo.operation(ctx, s.Operation)
	if err != nil || (op.Status != OpInProgress && op.Status != OpPending) {
		// The service says busy but its operation is gone or ended:
		// settle the service on what it has.
		status := StatusRunning
		if s.Release == nil {
			status = StatusCreateFailed
		}
		_, uerr := a.repo.updateService(ctx, s.ARN, func(s *serviceRecord) error {
			s.Status, s.Operation, s.UpdatedAt = status, "", a.now()
			return nil
		})
		if uerr != nil {
			a.log.Error("settle service", "service", s.ARN, "err", uerr)
		}
		return
	}
	a.event(ctx, s, fmt.Sprintf("Operation %s (%s) was interrupted by a server restart; resuming it.", op.ID, op.Type))
	var before func(context.Context, *serviceRecord)
	if (op.Type == OpStartDeployment || op.Type == OpUpdateService || op.Type == OpPauseService) && s.Release != nil {
		// The old version serves while the deployment runs again.
		before = func(ctx context.Context, s *serviceRecord) {
			if err := a.restoreRelease(ctx, s); err != nil {
				a.log.Warn("restore before resuming", "service", s.ARN, "err", err)
			}
		}
	}
	a.launchWith(op, before)
}
