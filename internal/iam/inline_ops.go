package iam

import (
	"context"

	"github.com/berth-dev/berth/internal/awsapi"
)

type putRolePolicyInput struct {
	RoleName       string `aws:"required"`
	PolicyName     string `aws:"required"`
	PolicyDocument string `aws:"required"`
}

func (a *API) putRolePolicy(ctx context.Context, _ *awsapi.Call, in *putRolePolicyInput) (*awsapi.NoOutput, error) {
	if err := checkInline("roleName", in.RoleName, 64, in.PolicyName, in.PolicyDocument); err != nil {
		return nil, err
	}
	return nil, a.updateRole(ctx, in.RoleName, func(r *Role) error {
		if err := r.mutable(); err != nil {
			return err
		}
		return r.policies().putInline(in.PolicyName, in.PolicyDocument)
	})
}

type rolePolicyNameInput struct {
	RoleName   string `aws:"required"`
	PolicyName string `aws:"required"`
}

type getRolePolicyOutput struct {
	RoleName       string
	PolicyName     string
	PolicyDocument string
}

func (a *API) getRolePolicy(ctx context.Context, _ *awsapi.Call, in *rolePolicyNameInput) (*getRolePolicyOutput, error) {
	r, err := a.loadRole(ctx, in.RoleName)
	if err != nil {
		return nil, err
	}
	doc, err := r.policies().getInline(in.PolicyName)
	if err != nil {
		return nil, err
	}
	return &getRolePolicyOutput{RoleName: r.RoleName, PolicyName: in.PolicyName, PolicyDocument: escapeDocument(doc)}, nil
}

func (a *API) deleteRolePolicy(ctx context.Context, _ *awsapi.Call, in *rolePolicyNameInput) (*awsapi.NoOutput, error) {
	return nil, a.updateRole(ctx, in.RoleName, func(r *Role) error {
		if err := r.mutable(); err != nil {
			return err
		}
		return r.policies().deleteInline(in.PolicyName)
	})
}

type listRolePoliciesInput struct {
	RoleName string `aws:"required"`
	Marker   string
	MaxItems *int
}

func (a *API) listRolePolicies(ctx context.Context, _ *awsapi.Call, in *listRolePoliciesInput) (*inlineNamesOutput, error) {
	r, err := a.loadRole(ctx, in.RoleName)
	if err != nil {
		return nil, err
	}
	return listInline(r.InlinePolicies, in.Marker, in.MaxItems)
}
