package cloudformation

import (
	"context"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/engine"
)

// CancelUpdateStackInput is CancelUpdateStack's request.
type CancelUpdateStackInput struct {
	StackName          string `aws:"required"`
	ClientRequestToken string
}

func (a *API) cancelOp() *awsapi.Operation {
	return awsapi.Define(awsapi.Spec[CancelUpdateStackInput, awsapi.NoOutput]{Name: "CancelUpdateStack", Action: "cloudformation:CancelUpdateStack",
		Resources: func(_ *awsapi.Call, in *CancelUpdateStackInput) []string { return a.stackARNs(in.StackName) },
		Handler:   a.cancelUpdateStack})
}

// cancelUpdateStack returns once the cancel is recorded and, within the
// sync wait, once the rollback it starts is done.
func (a *API) cancelUpdateStack(ctx context.Context, _ *awsapi.Call, in *CancelUpdateStackInput) (*awsapi.NoOutput, error) {
	s, err := a.eng.Stack(ctx, in.StackName)
	if err != nil {
		return nil, err
	}
	if err := a.eng.CancelUpdateStack(ctx, engine.CancelInput{StackName: s.ID, ClientRequestToken: in.ClientRequestToken}); err != nil {
		return nil, err
	}
	a.settle(ctx, s.ID)
	return &awsapi.NoOutput{}, nil
}
