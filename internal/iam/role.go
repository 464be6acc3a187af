package iam

import (
	"context"
	"strings"
	"time"

	"github.com/berth-dev/berth/internal/store"
)

// Role is an IAM role as berth keeps it. STS reads it to decide who may
// assume the role and for how long; the authorizer reads its policies.
//
// Field names are IAM's member names (RoleName, RoleId, Arn, ...), as in
// GetRole's response.
type Role struct {
	RoleName string
	// RoleId is the role's unique id ("AROA" + 17 characters), the prefix
	// of its sessions' aws:userid.
	RoleId string
	Arn    string
	Path   string
	// Description is optional.
	Description string `json:",omitempty"`
	// MaxSessionDuration bounds its sessions, in seconds (3600..43200).
	MaxSessionDuration int
	// AssumeRolePolicyDocument is the trust policy, decoded JSON text as
	// submitted (the API returns it URL-encoded).
	AssumeRolePolicyDocument string
	// PermissionsBoundary is the ARN of the managed policy bounding the
	// role's permissions, if any.
	PermissionsBoundary string `json:",omitempty"`
	Tags                []Tag  `json:",omitempty"`
	CreateDate          time.Time
	// AttachedPolicies are the ARNs of attached managed policies, in the
	// order they were attached.
	AttachedPolicies []string `json:",omitempty"`
	// InlinePolicies maps inline policy names to their documents.
	InlinePolicies map[string]string `json:",omitempty"`
	// ServiceName is set on service-linked roles: the AWSServiceName that
	// owns the role, the only one who may change it.
	ServiceName string `json:",omitempty"`
}

// TagMap returns the role's tags as a map (session tags are one).
func (r *Role) TagMap() map[string]string { return tagMap(r.Tags) }

// roleKey is a role's store key: IAM role names are unique regardless of
// case, and lookups by name ignore case too.
func roleKey(name string) string { return strings.ToLower(name) }

// loadRole returns the named role or IAM's NoSuchEntity error.
func (a *API) loadRole(ctx context.Context, name string) (*Role, error) {
	r, err := a.findRole(ctx, name)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errNoSuchRole(name)
	}
	return r, nil
}

// saveRole writes r back.
func (a *API) saveRole(ctx context.Context, r *Role) error {
	if err := a.st.Put(ctx, kindRole, roleKey(r.RoleName), r); err != nil {
		return storeErr("put role", r.RoleName, err)
	}
	return nil
}

// allRoles lists every role in key (name) order.
func (a *API) allRoles(ctx context.Context) ([]*Role, error) {
	roles, err := store.ListAll[Role](ctx, a.st, kindRole, "")
	if err != nil {
		return nil, storeErr("list", "roles", err)
	}
	return roles, nil
}

// roleResource is the ARN an operation on the named role authorizes
// against. The path is part of the ARN, so it comes from the stored role;
// a role that does not exist (yet) is named with the default path.
func (a *API) roleResource(name string) []string {
	if r, err := a.loadRole(context.Background(), name); err == nil {
		return []string{r.Arn}
	}
	return []string{roleARN(a.account, "/", name)}
}

// policies are the role's identity policies, for the shared operations.
func (r *Role) policies() policies {
	return policies{attached: &r.AttachedPolicies, inline: &r.InlinePolicies, kind: "role", name: r.RoleName,
		quota: "PoliciesPerRole", maxAttached: maxAttachedPerRole, maxInline: maxInlineRoleSize}
}

// mutable refuses changes to service-linked roles.
func (r *Role) mutable() error {
	if r.ServiceName != "" {
		return errUnmodifiable(r.RoleName)
	}
	return nil
}

// roleXML is the Role shape of IAM's responses.
type roleXML struct {
	Path                     string
	RoleName                 string
	RoleId                   string
	Arn                      string
	CreateDate               isoTime
	AssumeRolePolicyDocument string       `xml:",omitempty"`
	Description              string       `xml:",omitempty"`
	MaxSessionDuration       int          `xml:",omitempty"`
	PermissionsBoundary      *boundaryXML `xml:",omitempty"`
	Tags                     *list[Tag]   `xml:",omitempty"`
	RoleLastUsed             *struct{}    `xml:",omitempty"`
}

// boundaryXML is the AttachedPermissionsBoundary shape.
type boundaryXML struct {
	PermissionsBoundaryType string
	PermissionsBoundaryArn  string
}

// view renders r. List operations ("IAM resource-listing operations
// return a subset of the available attributes") leave out the permissions
// boundary, tags and last use; full views carry them.
func (r *Role) view(full bool) roleXML {
	v := roleXML{
		Path: r.Path, RoleName: r.RoleName, RoleId: r.RoleId, Arn: r.Arn, CreateDate: isoTime(r.CreateDate),
		AssumeRolePolicyDocument: escapeDocument(r.AssumeRolePolicyDocument),
		Description:              r.Description, MaxSessionDuration: r.MaxSessionDuration,
	}
	if full {
		if r.PermissionsBoundary != "" {
			v.PermissionsBoundary = &boundaryXML{PermissionsBoundaryType: "PermissionsBoundaryPolicy", PermissionsBoundaryArn: r.PermissionsBoundary}
		}
		v.Tags = optList(r.Tags)
		v.RoleLastUsed = &struct{}{}
	}
	return v
}
