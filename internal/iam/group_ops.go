package iam

import (
	"context"
	"slices"
	"strings"

	"github.com/berth-dev/berth/internal/awsapi"
)

type groupOutput struct {
	Group groupXML
}

type createGroupInput struct {
	Path      string
	GroupName string `aws:"required"`
}

func (a *API) createGroupResource(_ *awsapi.Call, in *createGroupInput) []string {
	path := in.Path
	if path == "" {
		path = "/"
	}
	return []string{groupARN(a.account, path, in.GroupName)}
}

func (a *API) createGroup(ctx context.Context, c *awsapi.Call, in *createGroupInput) (*groupOutput, error) {
	var v checks
	v.name("groupName", in.GroupName, 128)
	if err := v.err(); err != nil {
		return nil, err
	}
	path, err := checkRolePath(in.Path)
	if err != nil {
		return nil, err
	}
	g := &Group{GroupName: in.GroupName, GroupId: newID(prefixGroup), Arn: groupARN(a.account, path, in.GroupName), Path: path,
		CreateDate: now(c)}
	defer a.lock()()
	created, err := a.st.Create(ctx, kindGroup, groupKey(g.GroupName), g)
	if err != nil {
		return nil, storeErr("create group", g.GroupName, err)
	}
	if !created {
		return nil, errAlreadyExists("Group with name %s already exists.", g.GroupName)
	}
	return &groupOutput{Group: g.view()}, nil
}

type getGroupInput struct {
	GroupName string `aws:"required"`
	Marker    string
	MaxItems  *int
}

type getGroupOutput struct {
	Group       groupXML
	Users       list[userXML]
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

func (a *API) getGroup(ctx context.Context, _ *awsapi.Call, in *getGroupInput) (*getGroupOutput, error) {
	g, err := a.loadGroup(ctx, in.GroupName)
	if err != nil {
		return nil, err
	}
	users, err := a.members(ctx, g.GroupName)
	if err != nil {
		return nil, err
	}
	page, next, err := paginate(users, func(u *User) string { return userKey(u.UserName) }, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	out := &getGroupOutput{Group: g.view(), IsTruncated: next != "", Marker: next}
	for _, u := range page {
		out.Users.Member = append(out.Users.Member, u.view(false))
	}
	return out, nil
}

type listGroupsInput struct {
	PathPrefix string
	Marker     string
	MaxItems   *int
}

type groupsOutput struct {
	Groups      list[groupXML]
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

// pageGroups lists groups (sorted by name) one page at a time.
func pageGroups(groups []*Group, marker string, maxItems *int) (*groupsOutput, error) {
	page, next, err := paginate(groups, func(g *Group) string { return groupKey(g.GroupName) }, marker, maxItems)
	if err != nil {
		return nil, err
	}
	out := &groupsOutput{IsTruncated: next != "", Marker: next}
	for _, g := range page {
		out.Groups.Member = append(out.Groups.Member, g.view())
	}
	return out, nil
}

func (a *API) listGroups(ctx context.Context, _ *awsapi.Call, in *listGroupsInput) (*groupsOutput, error) {
	if err := checkPathPrefix(in.PathPrefix); err != nil {
		return nil, err
	}
	groups, err := a.allGroups(ctx)
	if err != nil {
		return nil, err
	}
	return pageGroups(underPath(groups, func(g *Group) string { return g.Path }, in.PathPrefix), in.Marker, in.MaxItems)
}

type groupNameInput struct {
	GroupName string `aws:"required"`
}

func (a *API) deleteGroup(ctx context.Context, _ *awsapi.Call, in *groupNameInput) (*awsapi.NoOutput, error) {
	defer a.lock()()
	g, err := a.loadGroup(ctx, in.GroupName)
	if err != nil {
		return nil, err
	}
	users, err := a.members(ctx, g.GroupName)
	if err != nil {
		return nil, err
	}
	if len(users) > 0 {
		return nil, errDeleteConflict("Cannot delete entity, must remove users from group first.")
	}
	if err := g.policies().deleteConflict(); err != nil {
		return nil, err
	}
	if err := a.st.Delete(ctx, kindGroup, groupKey(g.GroupName)); err != nil {
		return nil, storeErr("delete group", g.GroupName, err)
	}
	return nil, nil
}

type groupUserInput struct {
	GroupName string `aws:"required"`
	UserName  string `aws:"required"`
}

func (a *API) addUserToGroup(ctx context.Context, _ *awsapi.Call, in *groupUserInput) (*awsapi.NoOutput, error) {
	return nil, a.updateUser(ctx, in.UserName, func(u *User) error {
		g, err := a.loadGroup(ctx, in.GroupName)
		if err != nil {
			return err
		}
		if u.inGroup(g.GroupName) >= 0 {
			return nil // adding twice has no effect, as on AWS
		}
		if len(u.Groups) >= maxGroupsPerUser {
			return errLimitExceeded("Cannot exceed quota for GroupsPerUser: %d", maxGroupsPerUser)
		}
		u.Groups = append(u.Groups, g.GroupName)
		return nil
	})
}

func (a *API) removeUserFromGroup(ctx context.Context, _ *awsapi.Call, in *groupUserInput) (*awsapi.NoOutput, error) {
	return nil, a.updateUser(ctx, in.UserName, func(u *User) error {
		g, err := a.loadGroup(ctx, in.GroupName)
		if err != nil {
			return err
		}
		i := u.inGroup(g.GroupName)
		if i < 0 {
			return errNoSuchUser(in.UserName)
		}
		u.Groups = slices.Delete(u.Groups, i, i+1)
		return nil
	})
}

type listGroupsForUserInput struct {
	UserName string `aws:"required"`
	Marker   string
	MaxItems *int
}

func (a *API) listGroupsForUser(ctx context.Context, _ *awsapi.Call, in *listGroupsForUserInput) (*groupsOutput, error) {
	u, err := a.loadUser(ctx, in.UserName)
	if err != nil {
		return nil, err
	}
	var groups []*Group
	for _, name := range u.Groups {
		g, err := a.findGroup(ctx, name)
		if err != nil {
			return nil, err
		}
		if g != nil {
			groups = append(groups, g)
		}
	}
	slices.SortFunc(groups, func(x, y *Group) int { return strings.Compare(groupKey(x.GroupName), groupKey(y.GroupName)) })
	return pageGroups(groups, in.Marker, in.MaxItems)
}
