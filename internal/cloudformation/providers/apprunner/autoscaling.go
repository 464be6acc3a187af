package apprunner

import (
	"context"
	"fmt"

	"github.com/berth-dev/berth/internal/apprunner"
	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// AutoScalingType is the resource type of App Runner auto scaling
// configurations.
const AutoScalingType = "AWS::AppRunner::AutoScalingConfiguration"

// AutoScalingConfiguration is the AWS::AppRunner::AutoScalingConfiguration
// provider. Every property is create-only: a change creates a new
// configuration (a new revision when the name stays). Ref is the
// AutoScalingConfigurationArn; Fn::GetAtt reads AutoScalingConfigurationArn,
// AutoScalingConfigurationRevision and Latest.
type AutoScalingConfiguration struct{}

var (
	_ provider.Provider = AutoScalingConfiguration{}
	_ provider.Reader   = AutoScalingConfiguration{}
)

// NewAutoScalingConfiguration returns the provider.
func NewAutoScalingConfiguration() AutoScalingConfiguration { return AutoScalingConfiguration{} }

// Type implements provider.Provider.
func (AutoScalingConfiguration) Type() string { return AutoScalingType }

// Schema implements provider.Provider.
func (AutoScalingConfiguration) Schema() *template.Schema {
	str := &template.Property{Type: template.TypeString}
	integer := &template.Property{Type: template.TypeInteger}
	return &template.Schema{
		Properties: map[string]*template.Property{
			"AutoScalingConfigurationName": str,
			"MaxConcurrency":               integer,
			"MaxSize":                      integer,
			"MinSize":                      integer,
			"Tags": {Type: template.TypeList, Items: &template.Property{Type: template.TypeObject,
				Properties: map[string]*template.Property{"Key": str, "Value": str}}},
		},
		CreateOnly: []string{"/properties/AutoScalingConfigurationName", "/properties/MaxConcurrency",
			"/properties/MaxSize", "/properties/MinSize", "/properties/Tags"},
		Attributes: []string{"AutoScalingConfigurationArn", "AutoScalingConfigurationRevision", "Latest"},
	}
}

// Create implements provider.Provider.
func (AutoScalingConfiguration) Create(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	p := req.Props()
	name := p.String("AutoScalingConfigurationName")
	if name == "" {
		name = req.PhysicalName(32)
	}
	out, err := req.Invoke(ctx, "apprunner", "CreateAutoScalingConfiguration", &apprunner.CreateAutoScalingConfigurationInput{
		AutoScalingConfigurationName: name, MaxConcurrency: intOf(p, "MaxConcurrency"),
		MinSize: intOf(p, "MinSize"), MaxSize: intOf(p, "MaxSize"), Tags: tags(p)})
	if err != nil {
		return nil, err
	}
	return autoScalingResult(&out.(*apprunner.AutoScalingConfigurationOutput).AutoScalingConfiguration), nil
}

// Update has nothing to change (every property is create-only); it
// returns the current attributes.
func (c AutoScalingConfiguration) Update(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	return c.Read(ctx, req)
}

// Delete implements provider.Provider. A configuration a service still
// uses cannot be deleted (InvalidRequestException).
func (AutoScalingConfiguration) Delete(ctx context.Context, req *provider.Request) error {
	if req.PhysicalID == "" {
		return nil
	}
	_, err := req.Invoke(ctx, "apprunner", "DeleteAutoScalingConfiguration",
		&apprunner.DeleteAutoScalingConfigurationInput{AutoScalingConfigurationARN: req.PhysicalID})
	if provider.IsAPIError(err, apprunner.CodeNotFound) {
		return nil
	}
	return err
}

// Read implements provider.Reader.
func (AutoScalingConfiguration) Read(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	out, err := req.Invoke(ctx, "apprunner", "DescribeAutoScalingConfiguration",
		&apprunner.AutoScalingConfigurationARNInput{AutoScalingConfigurationARN: req.PhysicalID})
	if provider.IsAPIError(err, apprunner.CodeNotFound) {
		return nil, fmt.Errorf("apprunner: auto scaling configuration %s: %w", req.PhysicalID, provider.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	c := &out.(*apprunner.AutoScalingConfigurationOutput).AutoScalingConfiguration
	if c.Status != "ACTIVE" {
		return nil, fmt.Errorf("apprunner: auto scaling configuration %s: %w", req.PhysicalID, provider.ErrNotFound)
	}
	return autoScalingResult(c), nil
}

func autoScalingResult(c *apprunner.AutoScalingConfiguration) *provider.Result {
	return &provider.Result{PhysicalID: c.AutoScalingConfigurationARN, Attributes: map[string]any{
		"AutoScalingConfigurationArn":      c.AutoScalingConfigurationARN,
		"AutoScalingConfigurationRevision": fmt.Sprint(c.AutoScalingConfigurationRevision),
		"Latest":                           fmt.Sprint(c.Latest),
	}}
}
