// Package awsssm provides the AWS::SSM::Parameter resource type, created
// through berth's SSM Parameter Store API.
package awsssm

import (
	"context"

	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/template"
	"github.com/berth-dev/berth/internal/ssm"
)

// Providers returns the package's resource types.
func Providers() []provider.Provider { return []provider.Provider{Parameter{}} }

// Parameter is AWS::SSM::Parameter. Ref is the parameter name; GetAtt
// reads Type and Value. Tags and Policies are accepted and not stored
// (berth's Parameter Store keeps neither).
type Parameter struct{}

var _ provider.Provider = Parameter{}

// maxName is the longest generated parameter name.
const maxName = 2048

// Type implements provider.Provider.
func (Parameter) Type() string { return "AWS::SSM::Parameter" }

// Schema implements provider.Provider (from CloudFormation's registry
// schema for the type).
func (Parameter) Schema() *template.Schema {
	str := func() *template.Property { return &template.Property{Type: template.TypeString} }
	return &template.Schema{
		Properties: map[string]*template.Property{
			"AllowedPattern": str(),
			"DataType":       str(),
			"Description":    str(),
			"Name":           str(),
			"Policies":       str(),
			"Tags":           {Type: template.TypeMap, Items: str()},
			"Tier":           str(),
			"Type":           {Type: template.TypeString, Required: true},
			"Value":          {Type: template.TypeString, Required: true},
		},
		CreateOnly: []string{"/properties/Name"},
		Attributes: []string{"Type", "Value"},
	}
}

func name(req *provider.Request) string {
	if n := req.Props().String("Name"); n != "" {
		return n
	}
	return req.PhysicalName(maxName)
}

func put(ctx context.Context, req *provider.Request, n string, overwrite bool) (*provider.Result, error) {
	p := req.Props()
	typ := p.String("Type")
	if typ != "String" && typ != "StringList" {
		return nil, provider.Failf(provider.CodeInvalidRequest, "Type must be String or StringList; CloudFormation cannot create SecureString parameters")
	}
	in := &ssm.PutParameterInput{Name: n, Value: p.String("Value"), Type: typ, Description: p.String("Description"),
		AllowedPattern: p.String("AllowedPattern"), DataType: p.String("DataType"), Tier: p.String("Tier"), Overwrite: overwrite}
	if err := req.Call(ctx, "ssm", "PutParameter", in, nil); err != nil {
		return nil, err
	}
	return &provider.Result{PhysicalID: n, Attributes: map[string]any{"Type": typ, "Value": in.Value}}, nil
}

// Create implements provider.Provider.
func (Parameter) Create(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	return put(ctx, req, name(req), false)
}

// Update implements provider.Provider.
func (Parameter) Update(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	return put(ctx, req, req.PhysicalID, true)
}

// Delete implements provider.Provider.
func (Parameter) Delete(ctx context.Context, req *provider.Request) error {
	n := req.PhysicalID
	if n == "" {
		n = name(req)
	}
	err := req.Call(ctx, "ssm", "DeleteParameter", &ssm.DeleteParameterInput{Name: n}, nil)
	if provider.IsAPIError(err, "ParameterNotFound") {
		return nil
	}
	return err
}
