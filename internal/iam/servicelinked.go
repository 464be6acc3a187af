package iam

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/store"
)

// linkedService describes a service that can own a service-linked role.
type linkedService struct {
	roleName    string // AWSServiceRoleFor…
	policyARN   string // AWS-managed policy attached to the role
	description string
	suffix      bool // whether CustomSuffix is allowed
}

// linkedServices are the services berth creates service-linked roles for:
// those of the services it emulates.
var linkedServices = map[string]linkedService{
	"apprunner.amazonaws.com": {
		roleName:    "AWSServiceRoleForAppRunner",
		policyARN:   "arn:aws:iam::aws:policy/aws-service-role/AppRunnerServiceRolePolicy",
		description: "Service-linked role for AWS App Runner",
	},
	"networking.apprunner.amazonaws.com": {
		roleName:    "AWSServiceRoleForAppRunnerNetworking",
		policyARN:   "arn:aws:iam::aws:policy/aws-service-role/AppRunnerNetworkingServiceRolePolicy",
		description: "Service-linked role for AWS App Runner networking",
	},
}

// serviceRolePath is where a service's linked roles live.
func serviceRolePath(service string) string { return "/aws-service-role/" + service + "/" }

// serviceTrustPolicy lets only the owning service assume its role.
func serviceTrustPolicy(service string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"%s"},"Action":"sts:AssumeRole"}]}`, service)
}

type createLinkedRoleInput struct {
	AWSServiceName string `aws:"required"`
	Description    string
	CustomSuffix   string
}

// linkedRoleName is the role CreateServiceLinkedRole makes for in.
func linkedRoleName(svc linkedService, suffix string) string {
	if suffix == "" {
		return svc.roleName
	}
	return svc.roleName + "_" + suffix
}

// createLinkedRoleResource is the ARN of the role the call would create;
// the seed's policy allows iam:CreateServiceLinkedRole on exactly that.
func (a *API) createLinkedRoleResource(_ *awsapi.Call, in *createLinkedRoleInput) []string {
	svc, ok := linkedServices[in.AWSServiceName]
	if !ok {
		return nil
	}
	return []string{roleARN(a.account, serviceRolePath(in.AWSServiceName), linkedRoleName(svc, in.CustomSuffix))}
}

func createLinkedRoleContext(_ *awsapi.Call, in *createLinkedRoleInput) map[string][]string {
	return map[string][]string{"iam:AWSServiceName": {in.AWSServiceName}}
}

func (a *API) createServiceLinkedRole(ctx context.Context, c *awsapi.Call, in *createLinkedRoleInput) (*roleOutput, error) {
	var v checks
	v.name("aWSServiceName", in.AWSServiceName, 128)
	v.str("description", in.Description, 0, 1000, nil, "")
	if in.CustomSuffix != "" {
		v.name("customSuffix", in.CustomSuffix, 64)
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	svc, ok := linkedServices[in.AWSServiceName]
	if !ok {
		return nil, errInvalidInput("Invalid ServiceName provided: %s is not a service that supports service-linked roles.", in.AWSServiceName)
	}
	if in.CustomSuffix != "" && !svc.suffix {
		return nil, errInvalidInput("Custom suffix is not allowed for %s", in.AWSServiceName)
	}
	desc := in.Description
	if desc == "" {
		desc = svc.description
	}
	name, path := linkedRoleName(svc, in.CustomSuffix), serviceRolePath(in.AWSServiceName)
	r := &Role{RoleName: name, RoleId: newID(prefixRole), Arn: roleARN(a.account, path, name), Path: path, Description: desc,
		MaxSessionDuration: defaultSessionDuration, AssumeRolePolicyDocument: serviceTrustPolicy(in.AWSServiceName),
		CreateDate: now(c), AttachedPolicies: []string{svc.policyARN}, ServiceName: in.AWSServiceName}
	defer a.lock()()
	if err := a.insertRole(ctx, r); err != nil {
		var ae *awsapi.Error
		if errors.As(err, &ae) && ae.Code == codeEntityAlreadyExists {
			return nil, errInvalidInput("Service role name %s has been taken in this account, please try a different suffix.", name)
		}
		return nil, err
	}
	return &roleOutput{Role: r.view(true)}, nil
}

// deletionTask records a DeleteServiceLinkedRole request. berth deletes
// at once, so every task has SUCCEEDED by the time it is reported.
type deletionTask struct {
	ID     string
	Status string
}

type deleteLinkedRoleOutput struct {
	DeletionTaskId string
}

func (a *API) deleteServiceLinkedRole(ctx context.Context, _ *awsapi.Call, in *roleNameInput) (*deleteLinkedRoleOutput, error) {
	defer a.lock()()
	r, err := a.loadRole(ctx, in.RoleName)
	if err != nil {
		return nil, err
	}
	if r.ServiceName == "" {
		return nil, errInvalidInput("Role %s is not a service-linked role.", r.RoleName)
	}
	task := deletionTask{ID: "task/aws-service-role/" + r.ServiceName + "/" + r.RoleName + "/" + uuid.NewString(), Status: "SUCCEEDED"}
	if err := a.st.Put(ctx, kindDeletion, task.ID, task); err != nil {
		return nil, storeErr("put deletion task", task.ID, err)
	}
	if err := a.st.Delete(ctx, kindRole, roleKey(r.RoleName)); err != nil {
		return nil, storeErr("delete role", r.RoleName, err)
	}
	return &deleteLinkedRoleOutput{DeletionTaskId: task.ID}, nil
}

type deletionStatusInput struct {
	DeletionTaskId string `aws:"required"`
}

type deletionStatusOutput struct {
	Status string
}

func (a *API) getDeletionStatus(ctx context.Context, _ *awsapi.Call, in *deletionStatusInput) (*deletionStatusOutput, error) {
	var t deletionTask
	err := a.st.Get(ctx, kindDeletion, in.DeletionTaskId, &t)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoSuchEntity("Deletion task %s does not exist.", in.DeletionTaskId)
	}
	if err != nil {
		return nil, storeErr("get deletion task", in.DeletionTaskId, err)
	}
	return &deletionStatusOutput{Status: t.Status}, nil
}
