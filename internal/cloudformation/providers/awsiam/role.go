package awsiam

import (
	"context"
	"sort"
	"strconv"

	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// Role is AWS::IAM::Role. Ref is the role name; GetAtt reads Arn and
// RoleId. Inline Policies and ManagedPolicyArns are kept in step with the
// template.
type Role struct{}

var _ provider.Provider = Role{}

// Type implements provider.Provider.
func (Role) Type() string { return "AWS::IAM::Role" }

// Schema implements provider.Provider (from CloudFormation's registry
// schema for the type).
func (Role) Schema() *template.Schema {
	return &template.Schema{
		Properties: map[string]*template.Property{
			"AssumeRolePolicyDocument": {Type: template.TypeJSON, Required: true},
			"Description":              str(),
			"ManagedPolicyArns":        strList(),
			"MaxSessionDuration":       {Type: template.TypeInteger},
			"Path":                     str(),
			"PermissionsBoundary":      str(),
			"Policies": {Type: template.TypeList, Items: &template.Property{Type: template.TypeObject, Properties: map[string]*template.Property{
				"PolicyName":     {Type: template.TypeString, Required: true},
				"PolicyDocument": {Type: template.TypeJSON, Required: true},
			}}},
			"RoleName": str(),
			"Tags":     tagList(),
		},
		CreateOnly: []string{"/properties/Path", "/properties/RoleName"},
		Attributes: []string{"Arn", "RoleId"},
	}
}

func roleName(req *provider.Request) string {
	if n := req.Props().String("RoleName"); n != "" {
		return n
	}
	return req.PhysicalName(64)
}

type roleOut struct {
	Role struct {
		Arn, RoleId string
	}
}

// Create implements provider.Provider.
func (r Role) Create(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	p := req.Props()
	name := roleName(req)
	trust, err := p.JSON("AssumeRolePolicyDocument")
	if err != nil {
		return nil, err
	}
	f := provider.Form{}.Set("RoleName", name).Set("Path", p.String("Path")).Set("AssumeRolePolicyDocument", trust).
		Set("Description", p.String("Description")).Set("PermissionsBoundary", p.String("PermissionsBoundary")).Tags("Tags", p.Tags("Tags"))
	if n, ok := p.Int("MaxSessionDuration"); ok {
		f.Set("MaxSessionDuration", strconv.Itoa(n))
	}
	var out roleOut
	if err := call(ctx, req, "CreateRole", f, &out); err != nil {
		return nil, err
	}
	if err := r.apply(ctx, req, name, nil, p); err != nil {
		r.remove(ctx, req, name)
		return nil, err
	}
	return &provider.Result{PhysicalID: name, Attributes: map[string]any{"Arn": out.Role.Arn, "RoleId": out.Role.RoleId}}, nil
}

// apply brings inline and managed policies from old to new properties.
func (Role) apply(ctx context.Context, req *provider.Request, name string, old, new provider.Props) error {
	was, err := inlinePolicies(old)
	if err != nil {
		return err
	}
	is, err := inlinePolicies(new)
	if err != nil {
		return err
	}
	for _, pn := range sortedKeys(was) {
		if _, kept := is[pn]; !kept {
			if err := ignoreGone(call(ctx, req, "DeleteRolePolicy", provider.Form{}.Set("RoleName", name).Set("PolicyName", pn), nil)); err != nil {
				return err
			}
		}
	}
	for _, pn := range sortedKeys(is) {
		if was[pn] != is[pn] {
			f := provider.Form{}.Set("RoleName", name).Set("PolicyName", pn).Set("PolicyDocument", is[pn])
			if err := call(ctx, req, "PutRolePolicy", f, nil); err != nil {
				return err
			}
		}
	}
	added, removed := diff(old.Strings("ManagedPolicyArns"), new.Strings("ManagedPolicyArns"))
	for _, arn := range removed {
		if err := ignoreGone(call(ctx, req, "DetachRolePolicy", provider.Form{}.Set("RoleName", name).Set("PolicyArn", arn), nil)); err != nil {
			return err
		}
	}
	for _, arn := range added {
		if err := call(ctx, req, "AttachRolePolicy", provider.Form{}.Set("RoleName", name).Set("PolicyArn", arn), nil); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Update implements provider.Provider.
func (r Role) Update(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	name, p, old := req.PhysicalID, req.Props(), req.PreviousProps()
	trust, err := p.JSON("AssumeRolePolicyDocument")
	if err != nil {
		return nil, err
	}
	if oldTrust, _ := old.JSON("AssumeRolePolicyDocument"); trust != oldTrust {
		if err := call(ctx, req, "UpdateAssumeRolePolicy", provider.Form{}.Set("RoleName", name).Set("PolicyDocument", trust), nil); err != nil {
			return nil, err
		}
	}
	n, _ := p.Int("MaxSessionDuration")
	on, _ := old.Int("MaxSessionDuration")
	if p.String("Description") != old.String("Description") || n != on {
		if n == 0 {
			n = 3600
		}
		f := provider.Form{}.Set("RoleName", name).Set("MaxSessionDuration", strconv.Itoa(n))
		f["Description"] = []string{p.String("Description")}
		if err := call(ctx, req, "UpdateRole", f, nil); err != nil {
			return nil, err
		}
	}
	if b := p.String("PermissionsBoundary"); b != old.String("PermissionsBoundary") {
		op, f := "PutRolePermissionsBoundary", provider.Form{}.Set("RoleName", name).Set("PermissionsBoundary", b)
		if b == "" {
			op = "DeleteRolePermissionsBoundary"
		}
		if err := call(ctx, req, op, f, nil); err != nil {
			return nil, err
		}
	}
	if err := r.apply(ctx, req, name, old, p); err != nil {
		return nil, err
	}
	set, removed := tagChanges(old.Tags("Tags"), p.Tags("Tags"))
	if len(removed) > 0 {
		if err := call(ctx, req, "UntagRole", provider.Form{}.Set("RoleName", name).List("TagKeys", removed), nil); err != nil {
			return nil, err
		}
	}
	if len(set) > 0 {
		if err := call(ctx, req, "TagRole", provider.Form{}.Set("RoleName", name).Tags("Tags", set), nil); err != nil {
			return nil, err
		}
	}
	var out roleOut
	if err := call(ctx, req, "GetRole", provider.Form{}.Set("RoleName", name), &out); err != nil {
		return nil, err
	}
	return &provider.Result{PhysicalID: name, Attributes: map[string]any{"Arn": out.Role.Arn, "RoleId": out.Role.RoleId}}, nil
}

// Delete implements provider.Provider: inline policies are deleted and
// managed policies detached first, as IAM requires.
func (r Role) Delete(ctx context.Context, req *provider.Request) error {
	name := req.PhysicalID
	if name == "" {
		name = roleName(req)
	}
	return r.remove(ctx, req, name)
}

func (Role) remove(ctx context.Context, req *provider.Request, name string) error {
	var inline struct{ PolicyNames member[string] }
	if err := call(ctx, req, "ListRolePolicies", provider.Form{}.Set("RoleName", name), &inline); err != nil {
		return ignoreGone(err)
	}
	for _, pn := range inline.PolicyNames.Member {
		if err := ignoreGone(call(ctx, req, "DeleteRolePolicy", provider.Form{}.Set("RoleName", name).Set("PolicyName", pn), nil)); err != nil {
			return err
		}
	}
	var attached struct {
		AttachedPolicies member[struct{ PolicyArn string }]
	}
	if err := call(ctx, req, "ListAttachedRolePolicies", provider.Form{}.Set("RoleName", name), &attached); err != nil {
		return ignoreGone(err)
	}
	for _, ap := range attached.AttachedPolicies.Member {
		if err := ignoreGone(call(ctx, req, "DetachRolePolicy", provider.Form{}.Set("RoleName", name).Set("PolicyArn", ap.PolicyArn), nil)); err != nil {
			return err
		}
	}
	return ignoreGone(call(ctx, req, "DeleteRole", provider.Form{}.Set("RoleName", name), nil))
}
