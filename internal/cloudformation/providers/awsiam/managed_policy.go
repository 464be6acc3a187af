package awsiam

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// ManagedPolicy is AWS::IAM::ManagedPolicy. Ref is the policy ARN; GetAtt
// reads PolicyArn, PolicyId, DefaultVersionId, AttachmentCount,
// IsAttachable, PermissionsBoundaryUsageCount, CreateDate and UpdateDate.
// A document change creates a new default version. berth's IAM has no
// users or groups, so Users and Groups are refused.
type ManagedPolicy struct{}

var _ provider.Provider = ManagedPolicy{}

// maxPolicyVersions is IAM's limit of versions per managed policy.
const maxPolicyVersions = 5

// Type implements provider.Provider.
func (ManagedPolicy) Type() string { return "AWS::IAM::ManagedPolicy" }

// Schema implements provider.Provider (from CloudFormation's registry
// schema for the type).
func (ManagedPolicy) Schema() *template.Schema {
	return &template.Schema{
		Properties: map[string]*template.Property{
			"Description":       str(),
			"Groups":            strList(),
			"ManagedPolicyName": str(),
			"Path":              str(),
			"PolicyDocument":    {Type: template.TypeJSON, Required: true},
			"Roles":             strList(),
			"Users":             strList(),
		},
		CreateOnly: []string{"/properties/ManagedPolicyName", "/properties/Description", "/properties/Path"},
		Attributes: []string{"PolicyArn", "AttachmentCount", "CreateDate", "DefaultVersionId", "IsAttachable",
			"PermissionsBoundaryUsageCount", "PolicyId", "UpdateDate"},
	}
}

type policyOut struct {
	Policy struct {
		Arn, PolicyId, DefaultVersionId string
		AttachmentCount                 int
		PermissionsBoundaryUsageCount   int
		IsAttachable                    bool
		CreateDate, UpdateDate          time.Time
	}
}

func (o *policyOut) attributes() map[string]any {
	p := o.Policy
	return map[string]any{"PolicyArn": p.Arn, "PolicyId": p.PolicyId, "DefaultVersionId": p.DefaultVersionId,
		"AttachmentCount": strconv.Itoa(p.AttachmentCount), "PermissionsBoundaryUsageCount": strconv.Itoa(p.PermissionsBoundaryUsageCount),
		"IsAttachable": strconv.FormatBool(p.IsAttachable), "CreateDate": p.CreateDate.UTC().Format(time.RFC3339),
		"UpdateDate": p.UpdateDate.UTC().Format(time.RFC3339)}
}

func noUsersOrGroups(p provider.Props) error {
	if len(p.Strings("Users")) > 0 || len(p.Strings("Groups")) > 0 {
		return provider.Failf(provider.CodeInvalidRequest, "berth's IAM has no users or groups: attach policies to Roles only")
	}
	return nil
}

func managedPolicyName(req *provider.Request) string {
	if n := req.Props().String("ManagedPolicyName"); n != "" {
		return n
	}
	return req.PhysicalName(128)
}

// policyARN is the ARN a policy named by the request has.
func policyARN(req *provider.Request) string {
	path := req.Props().String("Path")
	if path == "" {
		path = "/"
	}
	return "arn:aws:iam::" + req.Account + ":policy" + path + managedPolicyName(req)
}

// Create implements provider.Provider.
func (m ManagedPolicy) Create(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	p := req.Props()
	if err := noUsersOrGroups(p); err != nil {
		return nil, err
	}
	doc, err := p.JSON("PolicyDocument")
	if err != nil {
		return nil, err
	}
	f := provider.Form{}.Set("PolicyName", managedPolicyName(req)).Set("Path", p.String("Path")).
		Set("PolicyDocument", doc).Set("Description", p.String("Description"))
	var out policyOut
	if err := call(ctx, req, "CreatePolicy", f, &out); err != nil {
		return nil, err
	}
	arn := out.Policy.Arn
	if err := attachRoles(ctx, req, arn, nil, p.Strings("Roles")); err != nil {
		m.remove(ctx, req, arn)
		return nil, err
	}
	return m.read(ctx, req, arn)
}

func (ManagedPolicy) read(ctx context.Context, req *provider.Request, arn string) (*provider.Result, error) {
	var out policyOut
	if err := call(ctx, req, "GetPolicy", provider.Form{}.Set("PolicyArn", arn), &out); err != nil {
		return nil, err
	}
	return &provider.Result{PhysicalID: arn, Attributes: out.attributes()}, nil
}

// attachRoles attaches the policy to roles added and detaches it from
// roles removed.
func attachRoles(ctx context.Context, req *provider.Request, arn string, old, new []string) error {
	added, removed := diff(old, new)
	for _, r := range removed {
		if err := ignoreGone(call(ctx, req, "DetachRolePolicy", provider.Form{}.Set("RoleName", r).Set("PolicyArn", arn), nil)); err != nil {
			return err
		}
	}
	for _, r := range added {
		if err := call(ctx, req, "AttachRolePolicy", provider.Form{}.Set("RoleName", r).Set("PolicyArn", arn), nil); err != nil {
			return err
		}
	}
	return nil
}

type versionsOut struct {
	Versions member[struct {
		VersionId        string
		IsDefaultVersion bool
	}]
}

// Update implements provider.Provider.
func (m ManagedPolicy) Update(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	arn, p, old := req.PhysicalID, req.Props(), req.PreviousProps()
	if err := noUsersOrGroups(p); err != nil {
		return nil, err
	}
	doc, err := p.JSON("PolicyDocument")
	if err != nil {
		return nil, err
	}
	if oldDoc, _ := old.JSON("PolicyDocument"); doc != oldDoc {
		var vs versionsOut
		if err := call(ctx, req, "ListPolicyVersions", provider.Form{}.Set("PolicyArn", arn), &vs); err != nil {
			return nil, err
		}
		if len(vs.Versions.Member) >= maxPolicyVersions {
			// Versions are listed newest first: drop the oldest non-default one.
			for i := len(vs.Versions.Member) - 1; i >= 0; i-- {
				if v := vs.Versions.Member[i]; !v.IsDefaultVersion {
					if err := call(ctx, req, "DeletePolicyVersion", provider.Form{}.Set("PolicyArn", arn).Set("VersionId", v.VersionId), nil); err != nil {
						return nil, err
					}
					break
				}
			}
		}
		f := provider.Form{}.Set("PolicyArn", arn).Set("PolicyDocument", doc).Set("SetAsDefault", "true")
		if err := call(ctx, req, "CreatePolicyVersion", f, nil); err != nil {
			return nil, err
		}
	}
	if err := attachRoles(ctx, req, arn, old.Strings("Roles"), p.Strings("Roles")); err != nil {
		return nil, err
	}
	return m.read(ctx, req, arn)
}

// Delete implements provider.Provider: the policy is detached from every
// role and its old versions deleted first, as IAM requires.
func (m ManagedPolicy) Delete(ctx context.Context, req *provider.Request) error {
	arn := req.PhysicalID
	if arn == "" {
		arn = policyARN(req)
	}
	return m.remove(ctx, req, arn)
}

func (ManagedPolicy) remove(ctx context.Context, req *provider.Request, arn string) error {
	var ents struct {
		PolicyRoles member[struct{ RoleName string }]
	}
	if err := call(ctx, req, "ListEntitiesForPolicy", provider.Form{}.Set("PolicyArn", arn), &ents); err != nil {
		return ignoreGone(err)
	}
	for _, r := range ents.PolicyRoles.Member {
		if err := ignoreGone(call(ctx, req, "DetachRolePolicy", provider.Form{}.Set("RoleName", r.RoleName).Set("PolicyArn", arn), nil)); err != nil {
			return err
		}
	}
	var vs versionsOut
	if err := call(ctx, req, "ListPolicyVersions", provider.Form{}.Set("PolicyArn", arn), &vs); err != nil {
		return ignoreGone(err)
	}
	for _, v := range vs.Versions.Member {
		if !v.IsDefaultVersion {
			if err := ignoreGone(call(ctx, req, "DeletePolicyVersion", provider.Form{}.Set("PolicyArn", arn).Set("VersionId", v.VersionId), nil)); err != nil {
				return err
			}
		}
	}
	return ignoreGone(call(ctx, req, "DeletePolicy", provider.Form{}.Set("PolicyArn", arn), nil))
}

// trimScheme drops http:// or https:// from a URL, as IAM does for
// OpenID Connect provider keys.
func trimScheme(u string) string {
	return strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
}
