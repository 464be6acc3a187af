package iam

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/berth-dev/berth/internal/store"
)

// managedPolicy is a managed policy and its versions. Customer-managed
// ones are stored; AWS-managed ones are built in (awsManaged).
type managedPolicy struct {
	Name             string
	ID               string
	ARN              string
	Path             string
	Description      string `json:",omitempty"`
	DefaultVersionID string
	Versions         []policyVersion
	// NextVersion numbers the next version: IAM never reuses a version id,
	// even after the version was deleted.
	NextVersion int
	Tags        []Tag `json:",omitempty"`
	CreateDate  time.Time
	UpdateDate  time.Time
	// AWSManaged marks built-in policies, which nobody may change.
	AWSManaged bool `json:"-"`
}

// policyVersion is one version of a managed policy.
type policyVersion struct {
	ID         string
	Document   string
	CreateDate time.Time
}

// version returns the version with id, or nil.
func (p *managedPolicy) version(id string) *policyVersion {
	for i := range p.Versions {
		if p.Versions[i].ID == id {
			return &p.Versions[i]
		}
	}
	return nil
}

// defaultVersion returns the version in force.
func (p *managedPolicy) defaultVersion() *policyVersion { return p.version(p.DefaultVersionID) }

// versionNumber returns n of "vN" (0 if malformed), for ordering.
func versionNumber(id string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(id, "v"))
	return n
}

// policyKey is a customer-managed policy's store key: names are unique in
// an account whatever their path or case.
func policyKey(name string) string { return strings.ToLower(name) }

// loadPolicy finds a managed policy by ARN: AWS-managed ones among the
// built-ins, customer-managed ones in the store. The ARN must match
// exactly, path included.
func (a *API) loadPolicy(ctx context.Context, arn string) (*managedPolicy, error) {
	account, _, name, ok := parseEntityARN(arn, "policy")
	if !ok {
		return nil, errInvalidARN(arn)
	}
	var p *managedPolicy
	switch account {
	case awsAccount:
		p = awsManaged()[policyKey(name)]
	case a.account:
		var sp managedPolicy
		err := a.st.Get(ctx, kindPolicy, policyKey(name), &sp)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, storeErr("get policy", arn, err)
		}
		if err == nil {
			p = &sp
		}
	}
	if p == nil || p.ARN != arn {
		return nil, errNoSuchPolicy(arn)
	}
	return p, nil
}

// loadLocalPolicy is loadPolicy for operations that change the policy,
// which AWS-managed policies refuse.
func (a *API) loadLocalPolicy(ctx context.Context, arn string) (*managedPolicy, error) {
	p, err := a.loadPolicy(ctx, arn)
	if err != nil {
		return nil, err
	}
	if p.AWSManaged {
		return nil, errInvalidInput("Policy %s is an AWS managed policy and cannot be changed.", arn)
	}
	return p, nil
}

// savePolicy writes a customer-managed policy back.
func (a *API) savePolicy(ctx context.Context, p *managedPolicy) error {
	if err := a.st.Put(ctx, kindPolicy, policyKey(p.Name), p); err != nil {
		return storeErr("put policy", p.ARN, err)
	}
	return nil
}

// localPolicies lists customer-managed policies in name order.
func (a *API) localPolicies(ctx context.Context) ([]*managedPolicy, error) {
	ps, err := store.ListAll[managedPolicy](ctx, a.st, kindPolicy, "")
	if err != nil {
		return nil, storeErr("list", "policies", err)
	}
	return ps, nil
}

// policyUse counts how roles, users and groups use one managed policy.
type policyUse struct {
	Attachments int
	Boundaries  int
	Roles       []*Role // roles it is attached to
}

// policyUsage derives every policy's use from the roles, users and groups. Counting instead
// of keeping counters on the policies means the counts can never drift
// from the attachments.
func (a *API) policyUsage(ctx context.Context) (map[string]*policyUse, error) {
	roles, err := a.allRoles(ctx)
	if err != nil {
		return nil, err
	}
	use := map[string]*policyUse{}
	get := func(arn string) *policyUse {
		if use[arn] == nil {
			use[arn] = &policyUse{}
		}
		return use[arn]
	}
	for _, r := range roles {
		for _, arn := range r.AttachedPolicies {
			u := get(arn)
			u.Attachments++
			u.Roles = append(u.Roles, r)
		}
		if r.PermissionsBoundary != "" {
			get(r.PermissionsBoundary).Boundaries++
		}
	}
	users, err := a.allUsers(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		for _, arn := range u.AttachedPolicies {
			get(arn).Attachments++
		}
	}
	groups, err := a.allGroups(ctx)
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		for _, arn := range g.AttachedPolicies {
			get(arn).Attachments++
		}
	}
	return use, nil
}

// policyXML is the Policy shape of IAM's responses.
type policyXML struct {
	PolicyName                    string
	PolicyId                      string
	Arn                           string
	Path                          string
	DefaultVersionId              string
	AttachmentCount               int
	PermissionsBoundaryUsageCount int
	IsAttachable                  bool
	Description                   string `xml:",omitempty"`
	CreateDate                    isoTime
	UpdateDate                    isoTime
	Tags                          *list[Tag] `xml:",omitempty"`
}

// view renders p with its use; list views leave out description and tags.
func (p *managedPolicy) view(u *policyUse, full bool) policyXML {
	v := policyXML{PolicyName: p.Name, PolicyId: p.ID, Arn: p.ARN, Path: p.Path, DefaultVersionId: p.DefaultVersionID,
		IsAttachable: true, CreateDate: isoTime(p.CreateDate), UpdateDate: isoTime(p.UpdateDate)}
	if u != nil {
		v.AttachmentCount, v.PermissionsBoundaryUsageCount = u.Attachments, u.Boundaries
	}
	if full {
		v.Description = p.Description
		v.Tags = optList(p.Tags)
	}
	return v
}

// versionXML is the PolicyVersion shape; Document is only in GetPolicyVersion.
type versionXML struct {
	Document         string `xml:",omitempty"`
	VersionId        string
	IsDefaultVersion bool
	CreateDate       isoTime
}

// view renders version v of p, with its document when withDoc.
func (p *managedPolicy) versionView(v *policyVersion, withDoc bool) versionXML {
	out := versionXML{VersionId: v.ID, IsDefaultVersion: v.ID == p.DefaultVersionID, CreateDate: isoTime(v.CreateDate)}
	if withDoc {
		out.Document = escapeDocument(v.Document)
	}
	return out
}

// sortPolicies orders policies by name, case-insensitively, then ARN.
func sortPolicies(ps []*managedPolicy) {
	sort.Slice(ps, func(i, j int) bool { return listKey(ps[i]) < listKey(ps[j]) })
}

// listKey is a policy's position in ListPolicies and its paging marker.
func listKey(p *managedPolicy) string { return policyKey(p.Name) + " " + p.ARN }
