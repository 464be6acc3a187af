package awsiam

import (
	"context"

	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// OIDCProvider is AWS::IAM::OIDCProvider. Ref and GetAtt Arn are the
// provider ARN. Client ids, thumbprints and tags change in place.
type OIDCProvider struct{}

var _ provider.Provider = OIDCProvider{}

// Type implements provider.Provider.
func (OIDCProvider) Type() string { return "AWS::IAM::OIDCProvider" }

// Schema implements provider.Provider (from CloudFormation's registry
// schema for the type).
func (OIDCProvider) Schema() *template.Schema {
	return &template.Schema{
		Properties: map[string]*template.Property{
			"ClientIdList":   strList(),
			"Tags":           tagList(),
			"ThumbprintList": strList(),
			"Url":            str(),
		},
		CreateOnly: []string{"/properties/Url"},
		Attributes: []string{"Arn"},
	}
}

// Create implements provider.Provider.
func (OIDCProvider) Create(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	p := req.Props()
	if p.String("Url") == "" {
		return nil, provider.Failf(provider.CodeInvalidRequest, "Url is required")
	}
	f := provider.Form{}.Set("Url", p.String("Url")).List("ClientIDList", p.Strings("ClientIdList")).
		List("ThumbprintList", p.Strings("ThumbprintList")).Tags("Tags", p.Tags("Tags"))
	var out struct{ OpenIDConnectProviderArn string }
	if err := call(ctx, req, "CreateOpenIDConnectProvider", f, &out); err != nil {
		return nil, err
	}
	arn := out.OpenIDConnectProviderArn
	return &provider.Result{PhysicalID: arn, Attributes: map[string]any{"Arn": arn}}, nil
}

// Update implements provider.Provider.
func (OIDCProvider) Update(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	arn, p, old := req.PhysicalID, req.Props(), req.PreviousProps()
	if t := p.Strings("ThumbprintList"); !same(t, old.Strings("ThumbprintList")) {
		if err := call(ctx, req, "UpdateOpenIDConnectProviderThumbprint", provider.Form{}.Set("OpenIDConnectProviderArn", arn).List("ThumbprintList", t), nil); err != nil {
			return nil, err
		}
	}
	added, removed := diff(old.Strings("ClientIdList"), p.Strings("ClientIdList"))
	for _, id := range added {
		if err := call(ctx, req, "AddClientIDToOpenIDConnectProvider", provider.Form{}.Set("OpenIDConnectProviderArn", arn).Set("ClientID", id), nil); err != nil {
			return nil, err
		}
	}
	for _, id := range removed {
		if err := call(ctx, req, "RemoveClientIDFromOpenIDConnectProvider", provider.Form{}.Set("OpenIDConnectProviderArn", arn).Set("ClientID", id), nil); err != nil {
			return nil, err
		}
	}
	set, gone := tagChanges(old.Tags("Tags"), p.Tags("Tags"))
	if len(gone) > 0 {
		if err := call(ctx, req, "UntagOpenIDConnectProvider", provider.Form{}.Set("OpenIDConnectProviderArn", arn).List("TagKeys", gone), nil); err != nil {
			return nil, err
		}
	}
	if len(set) > 0 {
		if err := call(ctx, req, "TagOpenIDConnectProvider", provider.Form{}.Set("OpenIDConnectProviderArn", arn).Tags("Tags", set), nil); err != nil {
			return nil, err
		}
	}
	return &provider.Result{PhysicalID: arn, Attributes: map[string]any{"Arn": arn}}, nil
}

func same(a, b []string) bool {
	x, y := diff(a, b)
	return len(x) == 0 && len(y) == 0
}

// Delete implements provider.Provider.
func (OIDCProvider) Delete(ctx context.Context, req *provider.Request) error {
	arn := req.PhysicalID
	if arn == "" {
		arn = "arn:aws:iam::" + req.Account + ":oidc-provider/" + trimScheme(req.Props().String("Url"))
	}
	return ignoreGone(call(ctx, req, "DeleteOpenIDConnectProvider", provider.Form{}.Set("OpenIDConnectProviderArn", arn), nil))
}
