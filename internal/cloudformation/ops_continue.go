package cloudformation

import (
	"context"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/engine"
)

// ContinueUpdateRollbackInput is ContinueUpdateRollback's request.
type ContinueUpdateRollbackInput struct {
	StackName          string `aws:"required"`
	RoleARN            string
	ResourcesToSkip    []string
	ClientRequestToken string
}

func (a *API) continueOp() *awsapi.Operation {
	return awsapi.Define(awsapi.Spec[ContinueUpdateRollbackInput, struct{}]{Name: "ContinueUpdateRollback", Action: "cloudformation:ContinueUpdateRollback",
		Resources: func(_ *awsapi.Call, in *ContinueUpdateRollbackInput) []string { return a.stackARNs(in.StackName) },
		Handler:   a.continueUpdateRollback})
}

func (a *API) continueUpdateRollback(ctx context.Context, c *awsapi.Call, in *ContinueUpdateRollbackInput) (*struct{}, error) {
	s, err := a.eng.Stack(ctx, in.StackName)
	if err != nil {
		return nil, err
	}
	err = a.eng.ContinueUpdateRollback(ctx, engine.ContinueInput{StackName: in.StackName, ResourcesToSkip: in.ResourcesToSkip,
		ClientRequestToken: in.ClientRequestToken, Principal: c.Principal})
	if err != nil {
		return nil, err
	}
	a.settle(ctx, s.ID)
	return &struct{}{}, nil
}
