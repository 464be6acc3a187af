// Package sts serves the AWS Security Token Service API (awsQuery,
// version 2011-06-15): caller identity and, with the governance pieces,
// role sessions.
package sts

import (
	"context"

	"github.com/berth-dev/berth/internal/awsapi"
)

// Namespace is STS's XML namespace.
const Namespace = "https://sts.amazonaws.com/doc/2011-06-15/"

// API is the STS service.
type API struct {
	svc *awsapi.Service
}

// New returns the STS API with its operations declared.
func New() *API {
	a := &API{}
	a.svc = &awsapi.Service{SigningName: "sts", Protocol: awsapi.Query, XMLNamespace: Namespace,
		Version: "2011-06-15", EventSource: "sts.amazonaws.com"}
	a.svc.Add(
		awsapi.Define(awsapi.Spec[struct{}, GetCallerIdentityOutput]{
			Name: "GetCallerIdentity", Action: "sts:GetCallerIdentity", ReadOnly: true,
			Handler: a.getCallerIdentity,
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
