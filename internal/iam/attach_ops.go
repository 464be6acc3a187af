package iam

import (
	"context"

	"github.com/berth-dev/berth/internal/awsapi"
)

type rolePolicyARNInput struct {
	RoleName  string `aws:"required"`
	PolicyArn string `aws:"required"`
}

// policyARNContext supplies iam:PolicyARN for the Attach*/Detach* operations.
func policyARNContext[In any, P interface {
	*In
	policyNamer
}](_ *awsapi.Call, in *In) map[string][]string {
	return map[string][]string{"iam:PolicyARN": {P(in).policyARN()}}
}

// checkDetachARN refuses a policy ARN that cannot name a policy, before
// the entity is looked up (as IAM answers).
func checkDetachARN(arn string) error {
	if _, _, _, ok := parseEntityARN(arn, "policy"); !ok {
		return errInvalidARN(arn)
	}
	return nil
}

func (a *API) attachRolePolicy(ctx context.Context, _ *awsapi.Call, in *rolePolicyARNInput) (*awsapi.NoOutput, error) {
	return nil, a.updateRole(ctx, in.RoleName, func(r *Role) error {
		if err := r.mutable(); err != nil {
			return err
		}
		return a.attach(ctx, r.policies(), in.PolicyArn)
	})
}

func (a *API) detachRolePolicy(ctx context.Context, _ *awsapi.Call, in *rolePolicyARNInput) (*awsapi.NoOutput, error) {
	if err := checkDetachARN(in.PolicyArn); err != nil {
		return nil, err
	}
	return nil, a.updateRole(ctx, in.RoleName, func(r *Role) error {
		if err := r.mutable(); err != nil {
			return err
		}
		return r.policies().detach(in.PolicyArn)
	})
}

type listAttachedInput struct {
	RoleName   string `aws:"required"`
	PathPrefix string
	Marker     string
	MaxItems   *int
}

// attachedPolicy is the AttachedPolicy shape.
type attachedPolicy struct {
	PolicyName string
	PolicyArn  string
}

type listAttachedOutput struct {
	AttachedPolicies list[attachedPolicy]
	IsTruncated      bool
	Marker           string `xml:",omitempty"`
}

func (a *API) listAttachedRolePolicies(ctx context.Context, _ *awsapi.Call, in *listAttachedInput) (*listAttachedOutput, error) {
	if err := checkPathPrefix(in.PathPrefix); err != nil {
		return nil, err
	}
	r, err := a.loadRole(ctx, in.RoleName)
	if err != nil {
		return nil, err
	}
	return listAttached(r.AttachedPolicies, in.PathPrefix, in.Marker, in.MaxItems)
}
