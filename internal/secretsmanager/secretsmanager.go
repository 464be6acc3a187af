// Package secretsmanager is a small AWS Secrets Manager (awsJson1_1,
// target prefix "secretsmanager"): secrets with versions and staging
// labels, scheduled deletion and restore, tags, random passwords; enough
// for App Runner's RuntimeEnvironmentSecrets (see Resolve) and for
// CloudFormation's AWS::SecretsManager::Secret. Values are kept in the
// store as they are: berth has no KMS, KmsKeyId is recorded only.
package secretsmanager

import (
	"context"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/store"
)

// API is the Secrets Manager service.
type API struct {
	st           *store.Store
	region, acct string
	svc          *awsapi.Service
	now          func() time.Time
}

// New declares the service's operations; it has no side effects.
func New(st *store.Store, region, account string) *API {
	a := &API{st: st, region: region, acct: account, now: time.Now}
	a.svc = &awsapi.Service{SigningName: "secretsmanager", TargetPrefix: "secretsmanager", Protocol: awsapi.JSON11,
		EventSource: "secretsmanager.amazonaws.com"}
	a.svc.Add(
		awsapi.Define(awsapi.Spec[CreateSecretInput, CreateSecretOutput]{Name: "CreateSecret", Action: "secretsmanager:CreateSecret",
			Resources: a.createResources, Handler: a.create}),
		awsapi.Define(awsapi.Spec[GetSecretValueInput, GetSecretValueOutput]{Name: "GetSecretValue", Action: "secretsmanager:GetSecretValue", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *GetSecretValueInput) []string { return a.resources(in.SecretID) }, Handler: a.getValue}),
		awsapi.Define(awsapi.Spec[PutSecretValueInput, PutSecretValueOutput]{Name: "PutSecretValue", Action: "secretsmanager:PutSecretValue",
			Resources: func(_ *awsapi.Call, in *PutSecretValueInput) []string { return a.resources(in.SecretID) }, Handler: a.putValue}),
		awsapi.Define(awsapi.Spec[UpdateSecretInput, UpdateSecretOutput]{Name: "UpdateSecret", Action: "secretsmanager:UpdateSecret",
			Resources: func(_ *awsapi.Call, in *UpdateSecretInput) []string { return a.resources(in.SecretID) }, Handler: a.updateSecret}),
		awsapi.Define(awsapi.Spec[SecretIDInput, DescribeSecretOutput]{Name: "DescribeSecret", Action: "secretsmanager:DescribeSecret", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *SecretIDInput) []string { return a.resources(in.SecretID) }, Handler: a.describe}),
		awsapi.Define(awsapi.Spec[ListSecretsInput, ListSecretsOutput]{Name: "ListSecrets", Action: "secretsmanager:ListSecrets", ReadOnly: true,
			Handler: a.listSecrets}),
		awsapi.Define(awsapi.Spec[ListSecretVersionIdsInput, ListSecretVersionIdsOutput]{Name: "ListSecretVersionIds", Action: "secretsmanager:ListSecretVersionIds", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *ListSecretVersionIdsInput) []string { return a.resources(in.SecretID) }, Handler: a.listVersions}),
		awsapi.Define(awsapi.Spec[DeleteSecretInput, DeleteSecretOutput]{Name: "DeleteSecret", Action: "secretsmanager:DeleteSecret",
			Resources: func(_ *awsapi.Call, in *DeleteSecretInput) []string { return a.resources(in.SecretID) }, Handler: a.deleteSecret}),
		awsapi.Define(awsapi.Spec[SecretIDInput, SecretRef]{Name: "RestoreSecret", Action: "secretsmanager:RestoreSecret",
			Resources: func(_ *awsapi.Call, in *SecretIDInput) []string { return a.resources(in.SecretID) }, Handler: a.restore}),
		awsapi.Define(awsapi.Spec[TagResourceInput, struct{}]{Name: "TagResource", Action: "secretsmanager:TagResource",
			Resources: func(_ *awsapi.Call, in *TagResourceInput) []string { return a.resources(in.SecretID) }, Handler: a.tag}),
		awsapi.Define(awsapi.Spec[UntagResourceInput, struct{}]{Name: "UntagResource", Action: "secretsmanager:UntagResource",
			Resources: func(_ *awsapi.Call, in *UntagResourceInput) []string { return a.resources(in.SecretID) }, Handler: a.untag}),
		awsapi.Define(awsapi.Spec[GetRandomPasswordInput, GetRandomPasswordOutput]{Name: "GetRandomPassword", Action: "secretsmanager:GetRandomPassword", ReadOnly: true,
			Handler: a.randomPassword}),
	)
	return a
}

// Service returns the declaration for the registry.
func (a *API) Service() *awsapi.Service { return a.svc }

// lookupTimeout bounds the store read that computes a call's resource
// ARN (the registry's Resources hook has no context).
const lookupTimeout = 5 * time.Second

// resources is the IAM resource of a call on an existing secret: its ARN
// (with the suffix) when it exists, else the id as an ARN without one.
func (a *API) resources(id string) []string {
	ctx, cancel := context.WithTimeout(context.Background(), lookupTimeout)
	defer cancel()
	if s, err := a.find(ctx, id); err == nil {
		return []string{s.ARN}
	}
	ref := a.parseSecretID(id)
	if ref.arn {
		return []string{id}
	}
	return []string{a.arnPrefix() + id}
}

// epoch is an awsJson timestamp: seconds since the epoch, 0 for none.
func epoch(t time.Time) float64 {
	if t.IsZero() {
		return 0
	}
	return float64(t.UnixMilli()) / 1000
}
