package awsiam

import (
	"context"

	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// Policy is AWS::IAM::Policy: an inline policy put on each of its Roles.
// Ref (and GetAtt Id) is a generated id, as on AWS. berth's IAM has no
// users or groups, so Users and Groups are refused.
type Policy struct{}

var _ provider.Provider = Policy{}

// Type implements provider.Provider.
func (Policy) Type() string { return "AWS::IAM::Policy" }

// Schema implements provider.Provider (from CloudFormation's registry
// schema for the type).
func (Policy) Schema() *template.Schema {
	return &template.Schema{
		Properties: map[string]*template.Property{
			"Groups":         strList(),
			"PolicyDocument": {Type: template.TypeJSON, Required: true},
			"PolicyName":     {Type: template.TypeString, Required: true},
			"Roles":          strList(),
			"Users":          strList(),
		},
		Attributes: []string{"Id"},
	}
}

func policyID(req *provider.Request) string {
	if req.PhysicalID != "" {
		return req.PhysicalID
	}
	return req.PhysicalName(64)
}

// Create implements provider.Provider.
func (pol Policy) Create(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	p := req.Props()
	if err := noUsersOrGroups(p); err != nil {
		return nil, err
	}
	if err := pol.put(ctx, req, p, p.Strings("Roles")); err != nil {
		pol.drop(ctx, req, p.String("PolicyName"), p.Strings("Roles"))
		return nil, err
	}
	id := policyID(req)
	return &provider.Result{PhysicalID: id, Attributes: map[string]any{"Id": id}}, nil
}

func (Policy) put(ctx context.Context, req *provider.Request, p provider.Props, roles []string) error {
	doc, err := p.JSON("PolicyDocument")
	if err != nil {
		return err
	}
	for _, r := range roles {
		f := provider.Form{}.Set("RoleName", r).Set("PolicyName", p.String("PolicyName")).Set("PolicyDocument", doc)
		if err := call(ctx, req, "PutRolePolicy", f, nil); err != nil {
			return err
		}
	}
	return nil
}

func (Policy) drop(ctx context.Context, req *provider.Request, name string, roles []string) error {
	for _, r := range roles {
		if err := ignoreGone(call(ctx, req, "DeleteRolePolicy", provider.Form{}.Set("RoleName", r).Set("PolicyName", name), nil)); err != nil {
			return err
		}
	}
	return nil
}

// Update implements provider.Provider: the policy leaves roles no longer
// listed (or its old name), and is put on every listed role.
func (pol Policy) Update(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	p, old := req.Props(), req.PreviousProps()
	if err := noUsersOrGroups(p); err != nil {
		return nil, err
	}
	stale := old.Strings("Roles")
	if p.String("PolicyName") == old.String("PolicyName") {
		_, stale = diff(old.Strings("Roles"), p.Strings("Roles"))
	}
	if err := pol.drop(ctx, req, old.String("PolicyName"), stale); err != nil {
		return nil, err
	}
	if err := pol.put(ctx, req, p, p.Strings("Roles")); err != nil {
		return nil, err
	}
	return &provider.Result{PhysicalID: req.PhysicalID, Attributes: map[string]any{"Id": req.PhysicalID}}, nil
}

// Delete implements provider.Provider.
func (pol Policy) Delete(ctx context.Context, req *provider.Request) error {
	p := req.Props()
	return pol.drop(ctx, req, p.String("PolicyName"), p.Strings("Roles"))
}
