package iam

import (
	"context"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/iam/policy"
)

// Session duration bounds of a role, in seconds.
const (
	defaultSessionDuration = 3600
	maxSessionDuration     = 43200
)

// now is the call's time as IAM records it: UTC, whole seconds.
func now(c *awsapi.Call) time.Time { return c.Time.UTC().Truncate(time.Second) }

// roleOutput is the result of operations returning one role.
type roleOutput struct {
	Role roleXML
}

type createRoleInput struct {
	Path                     string
	RoleName                 string `aws:"required"`
	AssumeRolePolicyDocument string `aws:"required"`
	Description              string
	MaxSessionDuration       *int
	PermissionsBoundary      string
	Tags                     []Tag
}

func (a *API) createRoleResource(_ *awsapi.Call, in *createRoleInput) []string {
	path := in.Path
	if path == "" {
		path = "/"
	}
	return []string{roleARN(a.account, path, in.RoleName)}
}

func createRoleContext(_ *awsapi.Call, in *createRoleInput) map[string][]string {
	ctx := tagContext(in.Tags)
	if in.PermissionsBoundary != "" {
		if ctx == nil {
			ctx = map[string][]string{}
		}
		ctx["iam:PermissionsBoundary"] = []string{in.PermissionsBoundary}
	}
	return ctx
}

// checkTrustPolicy validates a role trust policy: its size quota, then
// its grammar.
func checkTrustPolicy(doc string) error {
	if policySize(doc) > maxTrustPolicySize {
		return errLimitExceeded("Cannot exceed quota for ACLSizePerRole: %d", maxTrustPolicySize)
	}
	if _, err := policy.Parse(doc, policy.Trust); err != nil {
		return malformedPolicy(err)
	}
	return nil
}

// checkRolePath validates an optional role path and applies the default.
func checkRolePath(path string) (string, error) {
	if path == "" {
		return "/", nil
	}
	var c checks
	c.str("path", path, 1, 512, nil, "")
	if err := c.err(); err != nil {
		return "", err
	}
	if !validRolePath(path) {
		return "", awsapi.Errorf(awsapi.CodeValidation, "%s", msgBadPath)
	}
	return path, nil
}

func (a *API) createRole(ctx context.Context, c *awsapi.Call, in *createRoleInput) (*roleOutput, error) {
	var v checks
	v.name("roleName", in.RoleName, 64)
	v.str("description", in.Description, 0, 1000, nil, "")
	v.optNum("maxSessionDuration", in.MaxSessionDuration, defaultSessionDuration, maxSessionDuration)
	if err := v.err(); err != nil {
		return nil, err
	}
	path, err := checkRolePath(in.Path)
	if err != nil {
		return nil, err
	}
	if err := checkTags("tags", in.Tags); err != nil {
		return nil, err
	}
	if err := checkTrustPolicy(in.AssumeRolePolicyDocument); err != nil {
		return nil, err
	}
	r := &Role{RoleName: in.RoleName, RoleId: newID(prefixRole), Arn: roleARN(a.account, path, in.RoleName), Path: path,
		Description: in.Description, MaxSessionDuration: defaultSessionDuration,
		AssumeRolePolicyDocument: in.AssumeRolePolicyDocument, Tags: in.Tags, CreateDate: now(c)}
	if in.MaxSessionDuration != nil {
		r.MaxSessionDuration = *in.MaxSessionDuration
	}
	defer a.lock()()
	if in.PermissionsBoundary != "" {
		if _, err := a.loadPolicy(ctx, in.PermissionsBoundary); err != nil {
			return nil, err
		}
		r.PermissionsBoundary = in.PermissionsBoundary
	}
	if err := a.insertRole(ctx, r); err != nil {
		return nil, err
	}
	return &roleOutput{Role: r.view(true)}, nil
}

// insertRole stores a new role, refusing a name taken in any case.
func (a *API) insertRole(ctx context.Context, r *Role) error {
	created, err := a.st.Create(ctx, kindRole, roleKey(r.RoleName), r)
	if err != nil {
		return storeErr("create role", r.RoleName, err)
	}
	if !created {
		return errAlreadyExists("Role with name %s already exists.", r.RoleName)
	}
	return nil
}

type roleNameInput struct {
	RoleName string `aws:"required"`
}

func (a *API) getRole(ctx context.Context, _ *awsapi.Call, in *roleNameInput) (*roleOutput, error) {
	r, err := a.loadRole(ctx, in.RoleName)
	if err != nil {
		return nil, err
	}
	return &roleOutput{Role: r.view(true)}, nil
}

type listRolesInput struct {
	PathPrefix string
	Marker     string
	MaxItems   *int
}

type listRolesOutput struct {
	Roles       list[roleXML]
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

// checkPathPrefix validates an optional PathPrefix of a list operation.
func checkPathPrefix(prefix string) error {
	if prefix == "" {
		return nil
	}
	var c checks
	c.str("pathPrefix", prefix, 1, 512, rePathPrefix, patPathPrefix)
	return c.err()
}

func (a *API) listRoles(ctx context.Context, _ *awsapi.Call, in *listRolesInput) (*listRolesOutput, error) {
	if err := checkPathPrefix(in.PathPrefix); err != nil {
		return nil, err
	}
	roles, err := a.allRoles(ctx)
	if err != nil {
		return nil, err
	}
	matched := underPath(roles, func(r *Role) string { return r.Path }, in.PathPrefix)
	page, next, err := paginate(matched, func(r *Role) string { return roleKey(r.RoleName) }, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	out := &listRolesOutput{IsTruncated: next != "", Marker: next}
	for _, r := range page {
		out.Roles.Member = append(out.Roles.Member, r.view(false))
	}
	return out, nil
}

func (a *API) deleteRole(ctx context.Context, _ *awsapi.Call, in *roleNameInput) (*awsapi.NoOutput, error) {
	defer a.lock()()
	r, err := a.loadRole(ctx, in.RoleName)
	if err != nil {
		return nil, err
	}
	if err := r.mutable(); err != nil {
		return nil, err
	}
	if err := r.policies().deleteConflict(); err != nil {
		return nil, err
	}
	if err := a.st.Delete(ctx, kindRole, roleKey(r.RoleName)); err != nil {
		return nil, storeErr("delete role", r.RoleName, err)
	}
	return nil, nil
}

// updateRole applies fn to the named role under the write lock.
func (a *API) updateRole(ctx context.Context, name string, fn func(r *Role) error) error {
	defer a.lock()()
	r, err := a.loadRole(ctx, name)
	if err != nil {
		return err
	}
	if err := fn(r); err != nil {
		return err
	}
	return a.saveRole(ctx, r)
}

type updateRoleInput struct {
	RoleName           string `aws:"required"`
	Description        *string
	MaxSessionDuration *int
}

func (a *API) updateRoleSettings(ctx context.Context, _ *awsapi.Call, in *updateRoleInput) (*struct{}, error) {
	var v checks
	if in.Description != nil {
		v.str("description", *in.Description, 0, 1000, nil, "")
	}
	v.optNum("maxSessionDuration", in.MaxSessionDuration, defaultSessionDuration, maxSessionDuration)
	if err := v.err(); err != nil {
		return nil, err
	}
	return &struct{}{}, a.updateRole(ctx, in.RoleName, func(r *Role) error {
		if in.Description != nil {
			r.Description = *in.Description
		}
		if in.MaxSessionDuration != nil {
			r.MaxSessionDuration = *in.MaxSessionDuration
		}
		return nil
	})
}

type updateRoleDescriptionInput struct {
	RoleName    string  `aws:"required"`
	Description *string `aws:"required"`
}

func (a *API) updateRoleDescription(ctx context.Context, _ *awsapi.Call, in *updateRoleDescriptionInput) (*roleOutput, error) {
	var v checks
	v.str("description", *in.Description, 0, 1000, nil, "")
	if err := v.err(); err != nil {
		return nil, err
	}
	var out roleOutput
	err := a.updateRole(ctx, in.RoleName, func(r *Role) error {
		r.Description = *in.Description
		out.Role = r.view(true)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

type updateTrustInput struct {
	RoleName       string `aws:"required"`
	PolicyDocument string `aws:"required"`
}

func (a *API) updateAssumeRolePolicy(ctx context.Context, _ *awsapi.Call, in *updateTrustInput) (*awsapi.NoOutput, error) {
	if err := checkTrustPolicy(in.PolicyDocument); err != nil {
		return nil, err
	}
	return nil, a.updateRole(ctx, in.RoleName, func(r *Role) error {
		if err := r.mutable(); err != nil {
			return err
		}
		r.AssumeRolePolicyDocument = in.PolicyDocument
		return nil
	})
}

type putBoundaryInput struct {
	RoleName            string `aws:"required"`
	PermissionsBoundary string `aws:"required"`
}

func putBoundaryContext(_ *awsapi.Call, in *putBoundaryInput) map[string][]string {
	return map[string][]string{"iam:PermissionsBoundary": {in.PermissionsBoundary}}
}

func (a *API) putRolePermissionsBoundary(ctx context.Context, _ *awsapi.Call, in *putBoundaryInput) (*awsapi.NoOutput, error) {
	return nil, a.updateRole(ctx, in.RoleName, func(r *Role) error {
		if err := r.mutable(); err != nil {
			return err
		}
		if _, err := a.loadPolicy(ctx, in.PermissionsBoundary); err != nil {
			return err
		}
		r.PermissionsBoundary = in.PermissionsBoundary
		return nil
	})
}

func (a *API) deleteRolePermissionsBoundary(ctx context.Context, _ *awsapi.Call, in *roleNameInput) (*awsapi.NoOutput, error) {
	return nil, a.updateRole(ctx, in.RoleName, func(r *Role) error {
		if err := r.mutable(); err != nil {
			return err
		}
		r.PermissionsBoundary = ""
		return nil
	})
}

type instanceProfilesOutput struct {
	InstanceProfiles list[struct{}]
	IsTruncated      bool
}

// listInstanceProfilesForRole answers for a role that exists with no
// instance profiles: berth has none (no EC2), but Terraform asks before it
// deletes a role.
func (a *API) listInstanceProfilesForRole(ctx context.Context, _ *awsapi.Call, in *roleNameInput) (*instanceProfilesOutput, error) {
	if _, err := a.loadRole(ctx, in.RoleName); err != nil {
		return nil, err
	}
	return &instanceProfilesOutput{}, nil
}
