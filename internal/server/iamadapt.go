package server

import (
	"context"
	"errors"

	"github.com/berth-dev/berth/internal/iam"
	"github.com/berth-dev/berth/internal/iam/policy"
	"github.com/berth-dev/berth/internal/store"
	"github.com/berth-dev/berth/internal/sts"
)

func newIAM(st *store.Store) *iam.API { return iam.New(st, Account) }

// iamDirectory adapts the IAM service to STS's view of it.
type iamDirectory struct{ a *iam.API }

func (d iamDirectory) Role(ctx context.Context, arn string) (*sts.Role, error) {
	r, err := d.a.GetRoleByARN(ctx, arn)
	if errors.Is(err, iam.ErrNoSuchEntity) || errors.Is(err, iam.ErrInvalidARN) {
		return nil, sts.ErrNoSuchRole
	}
	if err != nil {
		return nil, err
	}
	tags := map[string]string{}
	for _, t := range r.Tags {
		tags[t.Key] = t.Value
	}
	return &sts.Role{ARN: r.Arn, ID: r.RoleId, Name: r.RoleName, MaxSessionDuration: r.MaxSessionDuration,
		TrustPolicy: r.AssumeRolePolicyDocument, Tags: tags}, nil
}

func (d iamDirectory) OIDCProvider(ctx context.Context, issuer string) (*sts.OIDCProvider, error) {
	p, err := d.a.OIDCProviderByURL(ctx, issuer)
	if errors.Is(err, iam.ErrNoSuchEntity) {
		return nil, sts.ErrNoSuchProvider
	}
	if err != nil {
		return nil, err
	}
	return &sts.OIDCProvider{ARN: p.Arn, URL: p.Issuer, ClientIDs: p.ClientIDList, Thumbprints: p.ThumbprintList}, nil
}

// iamPolicies adapts the IAM service to the authorizer.
type iamPolicies struct{ a *iam.API }

func (p iamPolicies) RolePolicies(ctx context.Context, role string) ([]*policy.Policy, error) {
	return p.a.RolePolicies(ctx, role)
}

func (p iamPolicies) RoleBoundary(ctx context.Context, role string) (*policy.Policy, error) {
	return p.a.RoleBoundary(ctx, role)
}

func (p iamPolicies) ManagedPolicy(ctx context.Context, arn string) (*policy.Policy, error) {
	return p.a.ManagedPolicy(ctx, arn)
}
