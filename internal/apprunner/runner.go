package apprunner

import (
	"context"
	"errors"

	"github.com/berth-dev/berth/internal/apprunner/controller"
	"github.com/berth-dev/berth/internal/runtime"
)

// launch runs an operation in the background, under the API's context.
// After Stop nothing is launched: the operation stays IN_PROGRESS in the
// store and the next Start resumes it.
func (a *API) launch(op *operationRecord) { a.launchWith(op, nil) }

// launchWith is launch with a step to run before the operation.
func (a *API) launchWith(op *operationRecord, before func(context.Context, *serviceRecord)) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ctx.Err() != nil {
		return
	}
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		a.execute(op, before)
	}()
}

// execute runs one operation to its end. before, when set, runs first
// (restoring the old version before an interrupted deployment resumes).
func (a *API) execute(op *operationRecord, before func(ctx context.Context, s *serviceRecord)) {
	ctx := a.ctx
	s, err := a.repo.service(ctx, op.ServiceARN)
	if err != nil {
		a.log.Error("operation lost its service", "operation", op.ID, "service", op.ServiceARN, "err", err)
		return
	}
	if before != nil {
		before(ctx, s)
	}
	switch op.Type {
	case OpCreateService, OpStartDeployment, OpUpdateService:
		a.runDeploy(ctx, s, op)
	case OpPauseService:
		a.runPause(ctx, s, op)
	case OpResumeService:
		a.runResume(ctx, s, op)
	case OpDeleteService:
		a.runDelete(ctx, s, op)
	}
	a.kick()
}

// runDeploy builds and rolls out a service (create, deployment, update).
func (a *API) runDeploy(ctx context.Context, s *serviceRecord, op *operationRecord) {
	cfg := s.Config
	if op.Target != nil {
		cfg = *op.Target
	}
	spec, err := a.spec(ctx, s, cfg)
	if err != nil {
		a.fail(ctx, s, op, "Failed to prepare the deployment: "+err.Error(), "")
		return
	}
	d := controller.Deployment{Spec: spec, OperationID: op.ID, Events: a.events(s), Progress: a.progress(op)}
	if op.Type == OpUpdateService && !op.Rebuild && s.Release != nil {
		d.Release = s.Release
	}
	rel, err := a.ctrl.Deploy(ctx, d)
	if err != nil && d.Release != nil && errors.Is(err, runtime.ErrArtifactMissing) {
		a.event(ctx, s, "The current artifact is gone; rebuilding from source.")
		d.Release = nil
		rel, err = a.ctrl.Deploy(ctx, d)
	}
	if err != nil {
		if ctx.Err() != nil {
			return // interrupted by Stop: resumed at the next Start
		}
		var de *controller.DeployError
		commit := ""
		if errors.As(err, &de) {
			commit = de.Commit
		}
		a.fail(ctx, s, op, reason(err), commit)
		return
	}
	a.succeed(ctx, s, op, StatusRunning, func(s *serviceRecord) {
		s.Release, s.Config, s.LastCommit = rel, cfg, rel.CommitID
	})
}

func (a *API) runPause(ctx context.Context, s *serviceRecord, op *operationRecord) {
	if err := a.ctrl.Stop(ctx, s.ID, s.Host); err != nil {
		a.fail(ctx, s, op, "Failed to stop the service: "+err.Error(), "")
		return
	}
	a.succeed(ctx, s, op, StatusPaused, nil)
}

// runResume starts the last good version again, without rebuilding
// unless its artifact is gone.
func (a *API) runResume(ctx context.Context, s *serviceRecord, op *operationRecord) {
	spec, err := a.spec(ctx, s, s.Config)
	if err != nil {
		a.fail(ctx, s, op, "Failed to prepare the service: "+err.Error(), "")
		return
	}
	d := controller.Deployment{Spec: spec, OperationID: op.ID, Release: s.Release, Events: a.events(s), Progress: a.progress(op)}
	rel, err := a.ctrl.Deploy(ctx, d)
	if err != nil && (s.Release == nil || errors.Is(err, runtime.ErrArtifactMissing) || errors.Is(err, controller.ErrNoRelease)) {
		d.Release = nil
		rel, err = a.ctrl.Deploy(ctx, d)
	}
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		a.fail(ctx, s, op, reason(err), "")
		return
	}
	a.succeed(ctx, s, op, StatusRunning, func(s *serviceRecord) {
		s.Release, s.LastCommit = rel, rel.CommitID
	})
}

// runDelete stops the service and removes its artifact. Its log groups
// stay, as on AWS; so does its build cache, for a service created again
// under the same name.
func (a *API) runDelete(ctx context.Context, s *serviceRecord, op *operationRecord) {
	if err := a.ctrl.Stop(ctx, s.ID, s.Host); err != nil {
		a.fail(ctx, s, op, "Failed to stop the service: "+err.Error(), "")
		return
	}
	if err := a.ctrl.RemoveArtifact(context.WithoutCancel(ctx), s.Release); err != nil {
		a.log.Warn("remove artifact", "service", s.ARN, "err", err)
	}
	if err := a.repo.untag(context.WithoutCancel(ctx), s.ARN, a.tagKeysOf(ctx, s.ARN)); err != nil {
		a.log.Warn("remove tags", "service", s.ARN, "err", err)
	}
	a.succeed(ctx, s, op, StatusDeleted, func(s *serviceRecord) {
		s.Release, s.DeletedAt = nil, a.now()
	})
}

func (a *API) tagKeysOf(ctx context.Context, arn string) []string {
	tags, _ := a.repo.tags(context.WithoutCancel(ctx), arn)
	keys := make([]string, 0, len(tags))
	for _, t := range tags {
		keys = append(keys, t.Key)
	}
	return keys
}

// progress persists each deployment step as it starts.
func (a *API) progress(op *operationRecord) func(controller.Step) {
	return func(step controller.Step) {
		op.Step, op.UpdatedAt = string(step), a.now()
		if err := a.repo.putOperation(context.Background(), op); err != nil {
			a.log.Warn("persist operation step", "operation", op.ID, "err", err)
		}
	}
}

// succeed records a successful operation and the service's new status.
func (a *API) succeed(ctx context.Context, s *serviceRecord, op *operationRecord, status string, mod func(*serviceRecord)) {
	now := a.now()
	op.Status, op.EndedAt, op.UpdatedAt = OpSucceeded, now, now
	s2, err := a.repo.finish(context.WithoutCancel(ctx), op, s.ARN, func(s *serviceRecord) error {
		s.Status, s.Operation, s.UpdatedAt = status, "", now
		if mod != nil {
			mod(s)
		}
		return nil
	})
	if err != nil {
		a.log.Error("record operation", "operation", op.ID, "err", err)
		return
	}
	a.event(ctx, s2, successMessage(op))
}

// fail records a failed operation: the service goes back to the status
// it had (the old version still serves), or CREATE_FAILED for a creation.
func (a *API) fail(ctx context.Context, s *serviceRecord, op *operationRecord, why, commit string) {
	now := a.now()
	op.Reason, op.EndedAt, op.UpdatedAt = why, now, now
	status := StatusRunning
	switch op.Type {
	case OpCreateService:
		op.Status, status = OpFailed, StatusCreateFailed
	case OpStartDeployment, OpUpdateService:
		op.Status = OpRollbackSucceeded
	case OpResumeService:
		op.Status, status = OpFailed, StatusPaused
	case OpPauseService:
		op.Status = OpFailed
	case OpDeleteService:
		op.Status, status = OpFailed, StatusDeleteFailed
	}
	s2, err := a.repo.finish(context.WithoutCancel(ctx), op, s.ARN, func(s *serviceRecord) error {
		s.Status, s.Operation, s.UpdatedAt = status, "", now
		if commit != "" {
			s.LastCommit = commit
		}
		return nil
	})
	if err != nil {
		a.log.Error("record operation", "operation", op.ID, "err", err)
		return
	}
	a.event(ctx, s2, failureMessage(op))
}

func successMessage(op *operationRecord) string {
	switch op.Type {
	case OpCreateService:
		return "Service creation successfully completed."
	case OpPauseService:
		return "Service paused successfully."
	case OpResumeService:
		return "Service resumed successfully."
	case OpDeleteService:
		return "Service deleted successfully."
	case OpUpdateService:
		return "Service update successfully completed."
	}
	return "Deployment with ID : " + op.ID + " successfully completed."
}

func failureMessage(op *operationRecord) string {
	switch op.Type {
	case OpCreateService:
		return "Service creation failed. Failure reason : " + op.Reason
	case OpStartDeployment, OpUpdateService:
		return "Deployment with ID : " + op.ID + " failed. The previous version keeps serving (rollback succeeded). Failure reason : " + op.Reason
	}
	return "Operation " + op.Type + " failed. Failure reason : " + op.Reason
}

// reason is the wording of a deployment error for the event log.
func reason(err error) string {
	var de *controller.DeployError
	if errors.As(err, &de) {
		return de.Reason
	}
	return err.Error()
}

// kick asks the poller to check for queued commits now.
func (a *API) kick() {
	select {
	case a.kickc <- struct{}{}:
	default:
	}
}
