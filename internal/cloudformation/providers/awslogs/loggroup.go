// Package awslogs provides the AWS::Logs::LogGroup resource type, created
// through berth's CloudWatch Logs API.
package awslogs

import (
	"context"
	"fmt"

	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// Providers returns the package's resource types.
func Providers() []provider.Provider { return []provider.Provider{LogGroup{}} }

// LogGroup is AWS::Logs::LogGroup. Ref is the group name; GetAtt Arn is
// the group ARN with CloudFormation's ":*" suffix.
type LogGroup struct{}

var _ provider.Provider = LogGroup{}

const (
	maxName       = 512
	codeNotFound  = "ResourceNotFoundException"
	serviceName   = "logs"
	arnFormatSpec = "arn:aws:logs:%s:%s:log-group:%s:*"
)

// Type implements provider.Provider.
func (LogGroup) Type() string { return "AWS::Logs::LogGroup" }

// Schema implements provider.Provider (from CloudFormation's registry
// schema for the type).
func (LogGroup) Schema() *template.Schema {
	str := func() *template.Property { return &template.Property{Type: template.TypeString} }
	tag := &template.Property{Type: template.TypeObject, Properties: map[string]*template.Property{
		"Key": {Type: template.TypeString, Required: true}, "Value": {Type: template.TypeString, Required: true}}}
	return &template.Schema{
		Properties: map[string]*template.Property{
			"BearerTokenAuthenticationEnabled": {Type: template.TypeBoolean},
			"DataProtectionPolicy":             {Type: template.TypeJSON},
			"DeletionProtectionEnabled":        {Type: template.TypeBoolean},
			"FieldIndexPolicies":               {Type: template.TypeList, Items: &template.Property{Type: template.TypeJSON}},
			"KmsKeyId":                         str(),
			"LogGroupClass":                    str(),
			"LogGroupName":                     str(),
			"ResourcePolicyDocument":           {Type: template.TypeJSON},
			"RetentionInDays":                  {Type: template.TypeInteger},
			"Tags":                             {Type: template.TypeList, Items: tag},
		},
		CreateOnly: []string{"/properties/LogGroupName"},
		Attributes: []string{"Arn"},
	}
}

func groupName(req *provider.Request) string {
	if n := req.Props().String("LogGroupName"); n != "" {
		return n
	}
	return req.PhysicalName(maxName)
}

func tagMap(ts []provider.Tag) map[string]string {
	if len(ts) == 0 {
		return nil
	}
	m := make(map[string]string, len(ts))
	for _, t := range ts {
		m[t.Key] = t.Value
	}
	return m
}

// call invokes a Logs operation with a JSON wire input.
func call(ctx context.Context, req *provider.Request, op string, in any) error {
	raw, err := provider.JSONInput(in)
	if err != nil {
		return err
	}
	return req.Call(ctx, serviceName, op, raw, nil)
}

func (LogGroup) result(req *provider.Request, name string) *provider.Result {
	return &provider.Result{PhysicalID: name, Attributes: map[string]any{"Arn": fmt.Sprintf(arnFormatSpec, req.Region, req.Account, name)}}
}

// Create implements provider.Provider.
func (g LogGroup) Create(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	p := req.Props()
	name := groupName(req)
	in := map[string]any{"logGroupName": name}
	if v := p.String("KmsKeyId"); v != "" {
		in["kmsKeyId"] = v
	}
	if v := p.String("LogGroupClass"); v != "" {
		in["logGroupClass"] = v
	}
	if p.Bool("DeletionProtectionEnabled") {
		in["deletionProtectionEnabled"] = true
	}
	if tags := tagMap(p.Tags("Tags")); tags != nil {
		in["tags"] = tags
	}
	if err := call(ctx, req, "CreateLogGroup", in); err != nil {
		return nil, err
	}
	if days, ok := p.Int("RetentionInDays"); ok {
		if err := call(ctx, req, "PutRetentionPolicy", map[string]any{"logGroupName": name, "retentionInDays": days}); err != nil {
			call(ctx, req, "DeleteLogGroup", map[string]any{"logGroupName": name})
			return nil, err
		}
	}
	return g.result(req, name), nil
}

// Update implements provider.Provider: retention and tags change in place.
func (g LogGroup) Update(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	name, p, old := req.PhysicalID, req.Props(), req.PreviousProps()
	days, has := p.Int("RetentionInDays")
	oldDays, had := old.Int("RetentionInDays")
	switch {
	case has && (!had || days != oldDays):
		if err := call(ctx, req, "PutRetentionPolicy", map[string]any{"logGroupName": name, "retentionInDays": days}); err != nil {
			return nil, err
		}
	case !has && had:
		if err := call(ctx, req, "DeleteRetentionPolicy", map[string]any{"logGroupName": name}); err != nil {
			return nil, err
		}
	}
	now, before := tagMap(p.Tags("Tags")), tagMap(old.Tags("Tags"))
	var gone []string
	for k := range before {
		if _, ok := now[k]; !ok {
			gone = append(gone, k)
		}
	}
	if len(gone) > 0 {
		if err := call(ctx, req, "UntagLogGroup", map[string]any{"logGroupName": name, "tags": gone}); err != nil {
			return nil, err
		}
	}
	if len(now) > 0 {
		if err := call(ctx, req, "TagLogGroup", map[string]any{"logGroupName": name, "tags": now}); err != nil {
			return nil, err
		}
	}
	return g.result(req, name), nil
}

// Delete implements provider.Provider.
func (LogGroup) Delete(ctx context.Context, req *provider.Request) error {
	name := req.PhysicalID
	if name == "" {
		name = groupName(req)
	}
	err := call(ctx, req, "DeleteLogGroup", map[string]any{"logGroupName": name})
	if provider.IsAPIError(err, codeNotFound) {
		return nil
	}
	return err
}
