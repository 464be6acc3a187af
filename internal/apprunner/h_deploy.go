package apprunner

import (
	"context"

	"github.com/berth-dev/berth/internal/awsapi"
)

// startDeployment deploys the head of the service's branch again.
func (a *API) startDeployment(ctx context.Context, _ *awsapi.Call, in *ServiceARNInput) (*StartDeploymentOutput, error) {
	s, op, err := a.begin(ctx, in.ServiceARN, OpStartDeployment, "API", requireStatus(StatusRunning))
	if err != nil {
		return nil, err
	}
	a.event(ctx, s, "Deployment with ID : "+op.ID+" started. Triggering event : START_DEPLOYMENT")
	return &StartDeploymentOutput{OperationID: op.ID}, nil
}

func (a *API) pauseService(ctx context.Context, _ *awsapi.Call, in *ServiceARNInput) (*ServiceOperationOutput, error) {
	s, op, err := a.begin(ctx, in.ServiceARN, OpPauseService, "API", requireStatus(StatusRunning))
	if err != nil {
		return nil, err
	}
	a.event(ctx, s, "Service pause started.")
	return &ServiceOperationOutput{Service: a.view(ctx, s), OperationID: op.ID}, nil
}

func (a *API) resumeService(ctx context.Context, _ *awsapi.Call, in *ServiceARNInput) (*ServiceOperationOutput, error) {
	s, op, err := a.begin(ctx, in.ServiceARN, OpResumeService, "API", requireStatus(StatusPaused))
	if err != nil {
		return nil, err
	}
	a.event(ctx, s, "Service resume started.")
	return &ServiceOperationOutput{Service: a.view(ctx, s), OperationID: op.ID}, nil
}

// requireStatus allows an operation only on a service in status.
func requireStatus(status string) func(*serviceRecord, *operationRecord) error {
	return func(s *serviceRecord, _ *operationRecord) error {
		if s.Status == StatusDeleted {
			return notFound("Service not found: %s", s.ARN)
		}
		if s.Status != status {
			return invalidState(s.Status)
		}
		return nil
	}
}

func (a *API) listOperations(ctx context.Context, _ *awsapi.Call, in *ListOperationsInput) (*ListOperationsOutput, error) {
	if _, err := a.service(ctx, in.ServiceARN); err != nil {
		return nil, err
	}
	ops, err := a.repo.operations(ctx, in.ServiceARN)
	if err != nil {
		return nil, internal("list operations", err)
	}
	page, next, err := paginate(ops, in.NextToken, in.MaxResults, 20)
	if err != nil {
		return nil, err
	}
	out := &ListOperationsOutput{OperationSummaryList: []OperationSummary{}, NextToken: next}
	for _, o := range page {
		out.OperationSummaryList = append(out.OperationSummaryList, o.summary())
	}
	return out, nil
}
