package iam

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/berth-dev/berth/internal/awsapi"
)

type rolePolicyARNInput struct {
	RoleName  string `aws:"required"`
	PolicyArn string `aws:"required"`
}

func rolePolicyARNContext(_ *awsapi.Call, in *rolePolicyARNInput) map[string][]string {
	return map[string][]string{"iam:PolicyARN": {in.PolicyArn}}
}

func (a *API) attachRolePolicy(ctx context.Context, _ *awsapi.Call, in *rolePolicyARNInput) (*awsapi.NoOutput, error) {
	return nil, a.updateRole(ctx, in.RoleName, func(r *Role) error {
		if err := r.mutable(); err != nil {
			return err
		}
		p, err := a.loadPolicy(ctx, in.PolicyArn)
		if err != nil {
			return err
		}
		if slices.Contains(r.AttachedPolicies, p.ARN) {
			return nil // attaching twice has no effect, as on AWS
		}
		if len(r.AttachedPolicies) >= maxAttachedPerRole {
			return errLimitExceeded("Cannot exceed quota for PoliciesPerRole: %d", maxAttachedPerRole)
		}
		r.AttachedPolicies = append(r.AttachedPolicies, p.ARN)
		return nil
	})
}

func (a *API) detachRolePolicy(ctx context.Context, _ *awsapi.Call, in *rolePolicyARNInput) (*awsapi.NoOutput, error) {
	if _, _, _, ok := parseEntityARN(in.PolicyArn, "policy"); !ok {
		return nil, errInvalidARN(in.PolicyArn)
	}
	return nil, a.updateRole(ctx, in.RoleName, func(r *Role) error {
		if err := r.mutable(); err != nil {
			return err
		}
		i := slices.Index(r.AttachedPolicies, in.PolicyArn)
		if i < 0 {
			return errNoSuchEntity("Policy %s was not found.", in.PolicyArn)
		}
		r.AttachedPolicies = slices.Delete(r.AttachedPolicies, i, i+1)
		return nil
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
	var items []attachedPolicy
	for _, arn := range r.AttachedPolicies {
		_, path, name, _ := parseEntityARN(arn, "policy")
		if strings.HasPrefix(path, in.PathPrefix) {
			items = append(items, attachedPolicy{PolicyName: name, PolicyArn: arn})
		}
	}
	key := func(p attachedPolicy) string { return policyKey(p.PolicyName) + " " + p.PolicyArn }
	sort.Slice(items, func(i, j int) bool { return key(items[i]) < key(items[j]) })
	page, next, err := paginate(items, key, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &listAttachedOutput{AttachedPolicies: listOf(page), IsTruncated: next != "", Marker: next}, nil
}
