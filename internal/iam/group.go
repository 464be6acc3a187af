package iam

import (
	"context"
	"strings"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/store"
)

// Group is an IAM group: a set of users who all get its policies. Its
// members are recorded on the users (User.Groups), so that authorizing a
// user reads one document for its memberships.
type Group struct {
	GroupName string
	// GroupId is the group's unique id ("AGPA" + 17 characters).
	GroupId          string
	Arn              string
	Path             string
	CreateDate       time.Time
	AttachedPolicies []string          `json:",omitempty"`
	InlinePolicies   map[string]string `json:",omitempty"`
}

// groupKey is a group's store key: group names are unique regardless of case.
func groupKey(name string) string { return strings.ToLower(name) }

func errNoSuchGroup(name string) *awsapi.Error {
	return errNoSuchEntity("The group with name %s cannot be found.", name)
}

// policies are the group's identity policies, for the shared operations.
func (g *Group) policies() policies {
	return policies{attached: &g.AttachedPolicies, inline: &g.InlinePolicies, kind: "group", name: g.GroupName,
		quota: "PoliciesPerGroup", maxAttached: maxAttachedPerGroup, maxInline: maxInlineGroupSize}
}

// findGroup returns the named group, or nil if there is none.
func (a *API) findGroup(ctx context.Context, name string) (*Group, error) {
	return findDoc[Group](ctx, a.st, kindGroup, groupKey(name), "group", name)
}

// loadGroup returns the named group or IAM's NoSuchEntity error.
func (a *API) loadGroup(ctx context.Context, name string) (*Group, error) {
	g, err := a.findGroup(ctx, name)
	if err != nil {
		return nil, err
	}
	if g == nil {
		return nil, errNoSuchGroup(name)
	}
	return g, nil
}

// updateGroup applies fn to the named group under the write lock.
func (a *API) updateGroup(ctx context.Context, name string, fn func(g *Group) error) error {
	defer a.lock()()
	g, err := a.loadGroup(ctx, name)
	if err != nil {
		return err
	}
	if err := fn(g); err != nil {
		return err
	}
	if err := a.st.Put(ctx, kindGroup, groupKey(g.GroupName), g); err != nil {
		return storeErr("put group", g.GroupName, err)
	}
	return nil
}

// allGroups lists every group in key (name) order.
func (a *API) allGroups(ctx context.Context) ([]*Group, error) {
	groups, err := store.ListAll[Group](ctx, a.st, kindGroup, "")
	if err != nil {
		return nil, storeErr("list", "groups", err)
	}
	return groups, nil
}

// members returns the users in group name, in name order.
func (a *API) members(ctx context.Context, name string) ([]*User, error) {
	users, err := a.allUsers(ctx)
	if err != nil {
		return nil, err
	}
	var out []*User
	for _, u := range users {
		if u.inGroup(name) >= 0 {
			out = append(out, u)
		}
	}
	return out, nil
}

// inGroup returns the index of group name in u.Groups, or -1.
func (u *User) inGroup(name string) int {
	for i, g := range u.Groups {
		if groupKey(g) == groupKey(name) {
			return i
		}
	}
	return -1
}

// groupResource is the ARN an operation on the named group authorizes against.
func (a *API) groupResource(name string) []string {
	if g, err := a.findGroup(context.Background(), name); err == nil && g != nil {
		return []string{g.Arn}
	}
	return []string{groupARN(a.account, "/", name)}
}

// groupXML is the Group shape of IAM's responses.
type groupXML struct {
	Path       string
	GroupName  string
	GroupId    string
	Arn        string
	CreateDate isoTime
}

func (g *Group) view() groupXML {
	return groupXML{Path: g.Path, GroupName: g.GroupName, GroupId: g.GroupId, Arn: g.Arn, CreateDate: isoTime(g.CreateDate)}
}
