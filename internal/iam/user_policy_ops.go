package iam

import (
	"context"

	"github.com/berth-dev/berth/internal/awsapi"
)

// The policy operations of users: attached managed and inline policies,
// served by the helpers roles use (holder.go).

type userPolicyARNInput struct {
	UserName  string `aws:"required"`
	PolicyArn string `aws:"required"`
}

func (a *API) attachUserPolicy(ctx context.Context, _ *awsapi.Call, in *userPolicyARNInput) (*awsapi.NoOutput, error) {
	return nil, a.updateUser(ctx, in.UserName, func(u *User) error { return a.attach(ctx, u.policies(), in.PolicyArn) })
}

func (a *API) detachUserPolicy(ctx context.Context, _ *awsapi.Call, in *userPolicyARNInput) (*awsapi.NoOutput, error) {
	if err := checkDetachARN(in.PolicyArn); err != nil {
		return nil, err
	}
	return nil, a.updateUser(ctx, in.UserName, func(u *User) error { return u.policies().detach(in.PolicyArn) })
}

type listAttachedUserInput struct {
	UserName   string `aws:"required"`
	PathPrefix string
	Marker     string
	MaxItems   *int
}

func (a *API) listAttachedUserPolicies(ctx context.Context, _ *awsapi.Call, in *listAttachedUserInput) (*listAttachedOutput, error) {
	if err := checkPathPrefix(in.PathPrefix); err != nil {
		return nil, err
	}
	u, err := a.loadUser(ctx, in.UserName)
	if err != nil {
		return nil, err
	}
	return listAttached(u.AttachedPolicies, in.PathPrefix, in.Marker, in.MaxItems)
}

type putUserPolicyInput struct {
	UserName       string `aws:"required"`
	PolicyName     string `aws:"required"`
	PolicyDocument string `aws:"required"`
}

func (a *API) putUserPolicy(ctx context.Context, _ *awsapi.Call, in *putUserPolicyInput) (*awsapi.NoOutput, error) {
	if err := checkInline("userName", in.UserName, 128, in.PolicyName, in.PolicyDocument); err != nil {
		return nil, err
	}
	return nil, a.updateUser(ctx, in.UserName, func(u *User) error {
		return u.policies().putInline(in.PolicyName, in.PolicyDocument)
	})
}

type userPolicyNameInput struct {
	UserName   string `aws:"required"`
	PolicyName string `aws:"required"`
}

type getUserPolicyOutput struct {
	UserName       string
	PolicyName     string
	PolicyDocument string
}

func (a *API) getUserPolicy(ctx context.Context, _ *awsapi.Call, in *userPolicyNameInput) (*getUserPolicyOutput, error) {
	u, err := a.loadUser(ctx, in.UserName)
	if err != nil {
		return nil, err
	}
	doc, err := u.policies().getInline(in.PolicyName)
	if err != nil {
		return nil, err
	}
	return &getUserPolicyOutput{UserName: u.UserName, PolicyName: in.PolicyName, PolicyDocument: escapeDocument(doc)}, nil
}

func (a *API) deleteUserPolicy(ctx context.Context, _ *awsapi.Call, in *userPolicyNameInput) (*awsapi.NoOutput, error) {
	return nil, a.updateUser(ctx, in.UserName, func(u *User) error { return u.policies().deleteInline(in.PolicyName) })
}

type listUserPoliciesInput struct {
	UserName string `aws:"required"`
	Marker   string
	MaxItems *int
}

func (a *API) listUserPolicies(ctx context.Context, _ *awsapi.Call, in *listUserPoliciesInput) (*inlineNamesOutput, error) {
	u, err := a.loadUser(ctx, in.UserName)
	if err != nil {
		return nil, err
	}
	return listInline(u.InlinePolicies, in.Marker, in.MaxItems)
}
