package iam

import (
	"context"
	"slices"
	"strings"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/iam/policy"
)

// policyOutput is the result of operations returning one managed policy.
type policyOutput struct {
	Policy policyXML
}

// checkManagedDocument validates a managed policy version: its size quota,
// then its grammar (managed policies require Version 2012-10-17).
func checkManagedDocument(doc string) error {
	if policySize(doc) > maxManagedPolicySize {
		return errLimitExceeded("Cannot exceed quota for PolicySize: %d", maxManagedPolicySize)
	}
	if _, err := policy.Parse(doc, policy.Managed); err != nil {
		return malformedPolicy(err)
	}
	return nil
}

type createPolicyInput struct {
	PolicyName     string `aws:"required"`
	Path           string
	PolicyDocument string `aws:"required"`
	Description    string
	Tags           []Tag
}

func (a *API) createPolicyResource(_ *awsapi.Call, in *createPolicyInput) []string {
	path := in.Path
	if path == "" {
		path = "/"
	}
	return []string{policyARN(a.account, path, in.PolicyName)}
}

func (a *API) createPolicy(ctx context.Context, c *awsapi.Call, in *createPolicyInput) (*policyOutput, error) {
	var v checks
	v.name("policyName", in.PolicyName, 128)
	v.str("description", in.Description, 0, 1000, nil, "")
	if in.Path != "" {
		v.str("path", in.Path, 1, 512, nil, "")
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	path := in.Path
	if path == "" {
		path = "/"
	}
	if !validPolicyPath(path) {
		return nil, awsapi.Errorf(awsapi.CodeValidation, "%s", msgBadPath)
	}
	if err := checkTags("tags", in.Tags); err != nil {
		return nil, err
	}
	if err := checkManagedDocument(in.PolicyDocument); err != nil {
		return nil, err
	}
	t := now(c)
	p := &managedPolicy{Name: in.PolicyName, ID: newID(prefixPolicy), ARN: policyARN(a.account, path, in.PolicyName), Path: path,
		Description: in.Description, DefaultVersionID: "v1", NextVersion: 2,
		Versions: []policyVersion{{ID: "v1", Document: in.PolicyDocument, CreateDate: t}},
		Tags:     in.Tags, CreateDate: t, UpdateDate: t}
	defer a.lock()()
	created, err := a.st.Create(ctx, kindPolicy, policyKey(p.Name), p)
	if err != nil {
		return nil, storeErr("create policy", p.ARN, err)
	}
	if !created {
		return nil, errAlreadyExists("A policy called %s already exists. Duplicate names are not allowed.", in.PolicyName)
	}
	return &policyOutput{Policy: p.view(nil, true)}, nil
}

type policyARNInput struct {
	PolicyArn string `aws:"required"`
}

func (a *API) getPolicy(ctx context.Context, _ *awsapi.Call, in *policyARNInput) (*policyOutput, error) {
	p, err := a.loadPolicy(ctx, in.PolicyArn)
	if err != nil {
		return nil, err
	}
	use, err := a.policyUsage(ctx)
	if err != nil {
		return nil, err
	}
	return &policyOutput{Policy: p.view(use[p.ARN], true)}, nil
}

type listPoliciesInput struct {
	Scope             string
	OnlyAttached      bool
	PathPrefix        string
	PolicyUsageFilter string
	Marker            string
	MaxItems          *int
}

type listPoliciesOutput struct {
	Policies    list[policyXML]
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

// checkEnum reports a value outside an enum the way AWS's validator does.
func checkEnum(c *checks, field, value string, allowed ...string) {
	if value != "" && !slices.Contains(allowed, value) {
		c.add(value, field, "satisfy enum value set: ["+strings.Join(allowed, ", ")+"]")
	}
}

func (a *API) listPolicies(ctx context.Context, _ *awsapi.Call, in *listPoliciesInput) (*listPoliciesOutput, error) {
	var v checks
	checkEnum(&v, "scope", in.Scope, "All", "AWS", "Local")
	checkEnum(&v, "policyUsageFilter", in.PolicyUsageFilter, "PermissionsPolicy", "PermissionsBoundary")
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := checkPathPrefix(in.PathPrefix); err != nil {
		return nil, err
	}
	var all []*managedPolicy
	if in.Scope != "Local" {
		for _, p := range awsManaged() {
			all = append(all, p)
		}
	}
	if in.Scope != "AWS" {
		local, err := a.localPolicies(ctx)
		if err != nil {
			return nil, err
		}
		all = append(all, local...)
	}
	use, err := a.policyUsage(ctx)
	if err != nil {
		return nil, err
	}
	var matched []*managedPolicy
	for _, p := range all {
		if !strings.HasPrefix(p.Path, in.PathPrefix) || !usedAs(use[p.ARN], in.OnlyAttached, in.PolicyUsageFilter) {
			continue
		}
		matched = append(matched, p)
	}
	sortPolicies(matched)
	page, next, err := paginate(matched, listKey, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	out := &listPoliciesOutput{IsTruncated: next != "", Marker: next}
	for _, p := range page {
		out.Policies.Member = append(out.Policies.Member, p.view(use[p.ARN], false))
	}
	return out, nil
}

// usedAs applies ListPolicies' OnlyAttached ("attached to a role") and
// PolicyUsageFilter (which kind of attachment counts).
func usedAs(u *policyUse, onlyAttached bool, filter string) bool {
	if !onlyAttached {
		return true
	}
	if u == nil {
		return false
	}
	if filter == "PermissionsBoundary" {
		return u.Boundaries > 0
	}
	return u.Attachments > 0
}

func (a *API) deletePolicy(ctx context.Context, _ *awsapi.Call, in *policyARNInput) (*awsapi.NoOutput, error) {
	defer a.lock()()
	p, err := a.loadLocalPolicy(ctx, in.PolicyArn)
	if err != nil {
		return nil, err
	}
	use, err := a.policyUsage(ctx)
	if err != nil {
		return nil, err
	}
	if u := use[p.ARN]; u != nil && u.Attachments+u.Boundaries > 0 {
		return nil, errDeleteConflict("Cannot delete a policy attached to entities.")
	}
	if len(p.Versions) > 1 {
		return nil, errDeleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
	}
	if err := a.st.Delete(ctx, kindPolicy, policyKey(p.Name)); err != nil {
		return nil, storeErr("delete policy", p.ARN, err)
	}
	return nil, nil
}

// updatePolicy applies fn to a customer-managed policy under the write
// lock and records the change in UpdateDate when fn says so.
func (a *API) updatePolicy(ctx context.Context, arn string, fn func(p *managedPolicy) error) error {
	defer a.lock()()
	p, err := a.loadLocalPolicy(ctx, arn)
	if err != nil {
		return err
	}
	if err := fn(p); err != nil {
		return err
	}
	return a.savePolicy(ctx, p)
}

type listEntitiesInput struct {
	PolicyArn         string `aws:"required"`
	EntityFilter      string
	PathPrefix        string
	PolicyUsageFilter string
	Marker            string
	MaxItems          *int
}

type policyRole struct {
	RoleName string
	RoleId   string
}

type policyUser struct {
	UserName string
	UserId   string
}

type policyGroup struct {
	GroupName string
	GroupId   string
}

type listEntitiesOutput struct {
	PolicyGroups list[policyGroup]
	PolicyUsers  list[policyUser]
	PolicyRoles  list[policyRole]
	IsTruncated  bool
	Marker       string `xml:",omitempty"`
}

// policyEntity is one entity using a policy, for ListEntitiesForPolicy;
// key orders groups, then roles, then users, by name, and pages them.
type policyEntity struct {
	key   string
	group *policyGroup
	role  *policyRole
	user  *policyUser
}

// listEntitiesForPolicy lists the groups, roles and users using a policy.
func (a *API) listEntitiesForPolicy(ctx context.Context, _ *awsapi.Call, in *listEntitiesInput) (*listEntitiesOutput, error) {
	var v checks
	checkEnum(&v, "entityFilter", in.EntityFilter, "User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy")
	checkEnum(&v, "policyUsageFilter", in.PolicyUsageFilter, "PermissionsPolicy", "PermissionsBoundary")
	if err := v.err(); err != nil {
		return nil, err
	}
	p, err := a.loadPolicy(ctx, in.PolicyArn)
	if err != nil {
		return nil, err
	}
	want := func(kind string) bool { return in.EntityFilter == "" || in.EntityFilter == kind }
	attachedOnly := in.PolicyUsageFilter != "PermissionsBoundary"
	var using []policyEntity
	if want("Group") && attachedOnly {
		groups, err := a.allGroups(ctx)
		if err != nil {
			return nil, err
		}
		for _, g := range groups {
			if slices.Contains(g.AttachedPolicies, p.ARN) && strings.HasPrefix(g.Path, in.PathPrefix) {
				using = append(using, policyEntity{key: "g " + groupKey(g.GroupName), group: &policyGroup{GroupName: g.GroupName, GroupId: g.GroupId}})
			}
		}
	}
	if want("Role") {
		roles, err := a.allRoles(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range roles {
			attached := slices.Contains(r.AttachedPolicies, p.ARN) && attachedOnly
			bounded := r.PermissionsBoundary == p.ARN && in.PolicyUsageFilter != "PermissionsPolicy"
			if (attached || bounded) && strings.HasPrefix(r.Path, in.PathPrefix) {
				using = append(using, policyEntity{key: "r " + roleKey(r.RoleName), role: &policyRole{RoleName: r.RoleName, RoleId: r.RoleId}})
			}
		}
	}
	if want("User") && attachedOnly {
		users, err := a.allUsers(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			if slices.Contains(u.AttachedPolicies, p.ARN) && strings.HasPrefix(u.Path, in.PathPrefix) {
				using = append(using, policyEntity{key: "u " + userKey(u.UserName), user: &policyUser{UserName: u.UserName, UserId: u.UserId}})
			}
		}
	}
	page, next, err := paginate(using, func(e policyEntity) string { return e.key }, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	out := &listEntitiesOutput{IsTruncated: next != "", Marker: next}
	for _, e := range page {
		switch {
		case e.group != nil:
			out.PolicyGroups.Member = append(out.PolicyGroups.Member, *e.group)
		case e.role != nil:
			out.PolicyRoles.Member = append(out.PolicyRoles.Member, *e.role)
		default:
			out.PolicyUsers.Member = append(out.PolicyUsers.Member, *e.user)
		}
	}
	return out, nil
}
