// Package sts serves the AWS Security Token Service API (awsQuery,
// version 2011-06-15): caller identity and, with the governance pieces,
// role sessions.
package sts

import (
	"context"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/oidc"
)

// Namespace is STS's XML namespace.
const Namespace = "https://sts.amazonaws.com/doc/2011-06-15/"

// API is the STS service.
type API struct {
	svc      *awsapi.Service
	dir      Directory
	verifier *oidc.Verifier
	sessions *Sessions
	now      func() time.Time
}

// Deps are what STS needs from the rest of berth.
type Deps struct {
	Directory Directory
	Verifier  *oidc.Verifier
	Sessions  *Sessions
	Now       func() time.Time // optional
}

// New returns the STS API with its operations declared.
func New(d Deps) *API {
	a := &API{dir: d.Directory, verifier: d.Verifier, sessions: d.Sessions, now: d.Now}
	if a.now == nil {
		a.now = time.Now
	}
	a.svc = &awsapi.Service{SigningName: "sts", Protocol: awsapi.Query, XMLNamespace: Namespace,
		Version: "2011-06-15", EventSource: "sts.amazonaws.com"}
	a.svc.Add(
		awsapi.Define(awsapi.Spec[struct{}, GetCallerIdentityOutput]{
			Name: "GetCallerIdentity", Action: "sts:GetCallerIdentity", ReadOnly: true,
			Handler: a.getCallerIdentity,
		}),
		awsapi.Define(awsapi.Spec[AssumeRoleInput, AssumeRoleOutput]{
			Name: "AssumeRole", Action: "sts:AssumeRole",
			Resources: func(_ *awsapi.Call, in *AssumeRoleInput) []string { return []string{in.RoleArn} },
			Handler:   a.assumeRole,
		}),
		awsapi.Define(awsapi.Spec[AssumeRoleWithWebIdentityInput, AssumeRoleWithWebIdentityOutput]{
			Name: "AssumeRoleWithWebIdentity", Action: "sts:AssumeRoleWithWebIdentity", Unsigned: true,
			Resources: func(_ *awsapi.Call, in *AssumeRoleWithWebIdentityInput) []string { return []string{in.RoleArn} },
			Handler:   a.assumeRoleWithWebIdentity,
		}),
	)
	return a
}

// Service returns the service declaration for the registry.
func (a *API) Service() *awsapi.Service { return a.svc }

// GetCallerIdentityOutput is GetCallerIdentity's result.
type GetCallerIdentityOutput struct {
	UserId  string
	Account string
	Arn     string
}

// getCallerIdentity needs no permission on AWS: it answers even when a
// policy denies sts:GetCallerIdentity. berth declares the action for the
// audit trail and lets the authorizer treat it as always allowed.
func (a *API) getCallerIdentity(_ context.Context, c *awsapi.Call, _ *struct{}) (*GetCallerIdentityOutput, error) {
	p := c.Principal
	return &GetCallerIdentityOutput{UserId: p.UserID, Account: p.Account, Arn: p.ARN}, nil
}
