package iam

import (
	"context"
	"sort"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/iam/policy"
)

func errNoSuchRolePolicy(name string) *awsapi.Error {
	return errNoSuchEntity("The role policy with name %s cannot be found.", name)
}

type putRolePolicyInput struct {
	RoleName       string `aws:"required"`
	PolicyName     string `aws:"required"`
	PolicyDocument string `aws:"required"`
}

func (a *API) putRolePolicy(ctx context.Context, _ *awsapi.Call, in *putRolePolicyInput) (*awsapi.NoOutput, error) {
	var v checks
	v.name("roleName", in.RoleName, 64)
	v.name("policyName", in.PolicyName, 128)
	if err := v.err(); err != nil {
		return nil, err
	}
	if _, err := policy.Parse(in.PolicyDocument, policy.Identity); err != nil {
		return nil, malformedPolicy(err)
	}
	return nil, a.updateRole(ctx, in.RoleName, func(r *Role) error {
		if err := r.mutable(); err != nil {
			return err
		}
		// The quota covers all of a role's inline policies together.
		total := policySize(in.PolicyDocument)
		for name, doc := range r.InlinePolicies {
			if name != in.PolicyName {
				total += policySize(doc)
			}
		}
		if total > maxInlineRoleSize {
			return errLimitExceeded("Maximum policy size of %d bytes exceeded for role %s", maxInlineRoleSize, r.RoleName)
		}
		if r.InlinePolicies == nil {
			r.InlinePolicies = map[string]string{}
		}
		r.InlinePolicies[in.PolicyName] = in.PolicyDocument
		return nil
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
	doc, ok := r.InlinePolicies[in.PolicyName]
	if !ok {
		return nil, errNoSuchRolePolicy(in.PolicyName)
	}
	return &getRolePolicyOutput{RoleName: r.RoleName, PolicyName: in.PolicyName, PolicyDocument: escapeDocument(doc)}, nil
}

func (a *API) deleteRolePolicy(ctx context.Context, _ *awsapi.Call, in *rolePolicyNameInput) (*awsapi.NoOutput, error) {
	return nil, a.updateRole(ctx, in.RoleName, func(r *Role) error {
		if err := r.mutable(); err != nil {
			return err
		}
		if _, ok := r.InlinePolicies[in.PolicyName]; !ok {
			return errNoSuchRolePolicy(in.PolicyName)
		}
		delete(r.InlinePolicies, in.PolicyName)
		return nil
	})
}

type listRolePoliciesInput struct {
	RoleName string `aws:"required"`
	Marker   string
	MaxItems *int
}

type listRolePoliciesOutput struct {
	PolicyNames list[string]
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

func (a *API) listRolePolicies(ctx context.Context, _ *awsapi.Call, in *listRolePoliciesInput) (*listRolePoliciesOutput, error) {
	r, err := a.loadRole(ctx, in.RoleName)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(r.InlinePolicies))
	for n := range r.InlinePolicies {
		names = append(names, n)
	}
	sort.Strings(names)
	page, next, err := paginate(names, func(s string) string { return s }, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &listRolePoliciesOutput{PolicyNames: listOf(page), IsTruncated: next != "", Marker: next}, nil
}
