package iam

import (
	"context"

	"github.com/berth-dev/berth/internal/awsapi"
)

// The policy operations of groups: attached managed and inline policies,
// served by the helpers roles use (holder.go).

type groupPolicyARNInput struct {
	GroupName string `aws:"required"`
	PolicyArn string `aws:"required"`
}

func (a *API) attachGroupPolicy(ctx context.Context, _ *awsapi.Call, in *groupPolicyARNInput) (*awsapi.NoOutput, error) {
	return nil, a.updateGroup(ctx, in.GroupName, func(g *Group) error { return a.attach(ctx, g.policies(), in.PolicyArn) })
}

func (a *API) detachGroupPolicy(ctx context.Context, _ *awsapi.Call, in *groupPolicyARNInput) (*awsapi.NoOutput, error) {
	if err := checkDetachARN(in.PolicyArn); err != nil {
		return nil, err
	}
	return nil, a.updateGroup(ctx, in.GroupName, func(g *Group) error { return g.policies().detach(in.PolicyArn) })
}

type listAttachedGroupInput struct {
	GroupName  string `aws:"required"`
	PathPrefix string
	Marker     string
	MaxItems   *int
}

func (a *API) listAttachedGroupPolicies(ctx context.Context, _ *awsapi.Call, in *listAttachedGroupInput) (*listAttachedOutput, error) {
	if err := checkPathPrefix(in.PathPrefix); err != nil {
		return nil, err
	}
	g, err := a.loadGroup(ctx, in.GroupName)
	if err != nil {
		return nil, err
	}
	return listAttached(g.AttachedPolicies, in.PathPrefix, in.Marker, in.MaxItems)
}

type putGroupPolicyInput struct {
	GroupName      string `aws:"required"`
	PolicyName     string `aws:"required"`
	PolicyDocument string `aws:"required"`
}

func (a *API) putGroupPolicy(ctx context.Context, _ *awsapi.Call, in *putGroupPolicyInput) (*awsapi.NoOutput, error) {
	if err := checkInline("groupName", in.GroupName, 128, in.PolicyName, in.PolicyDocument); err != nil {
		return nil, err
	}
	return nil, a.updateGroup(ctx, in.GroupName, func(g *Group) error {
		return g.policies().putInline(in.PolicyName, in.PolicyDocument)
	})
}

type groupPolicyNameInput struct {
	GroupName  string `aws:"required"`
	PolicyName string `aws:"required"`
}

type getGroupPolicyOutput struct {
	GroupName      string
	PolicyName     string
	PolicyDocument string
}

func (a *API) getGroupPolicy(ctx context.Context, _ *awsapi.Call, in *groupPolicyNameInput) (*getGroupPolicyOutput, error) {
	g, err := a.loadGroup(ctx, in.GroupName)
	if err != nil {
		return nil, err
	}
	doc, err := g.policies().getInline(in.PolicyName)
	if err != nil {
		return nil, err
	}
	return &getGroupPolicyOutput{GroupName: g.GroupName, PolicyName: in.PolicyName, PolicyDocument: escapeDocument(doc)}, nil
}

func (a *API) deleteGroupPolicy(ctx context.Context, _ *awsapi.Call, in *groupPolicyNameInput) (*awsapi.NoOutput, error) {
	return nil, a.updateGroup(ctx, in.GroupName, func(g *Group) error { return g.policies().deleteInline(in.PolicyName) })
}

type listGroupPoliciesInput struct {
	GroupName string `aws:"required"`
	Marker    string
	MaxItems  *int
}

func (a *API) listGroupPolicies(ctx context.Context, _ *awsapi.Call, in *listGroupPoliciesInput) (*inlineNamesOutput, error) {
	g, err := a.loadGroup(ctx, in.GroupName)
	if err != nil {
		return nil, err
	}
	return listInline(g.InlinePolicies, in.Marker, in.MaxItems)
}
