package console

import (
	"context"
	"net/http"
	"net/url"
	"sort"

	"github.com/berth-dev/berth/internal/awsapi"
)

// iamView is the IAM page: roles, users and groups, each table with its
// own error (a principal may list some and not others).
type iamView struct {
	Roles     []roleRow
	RolesErr  *apiError
	Users     []userRow
	UsersErr  *apiError
	Groups    []groupRow
	GroupsErr *apiError
}

type roleRow struct {
	iamRole
	Trust trustSummary
}

type userRow struct {
	iamUser
	Groups    []string
	GroupsErr *apiError
	Keys      []accessKeyMeta
	KeysErr   *apiError
}

type groupRow struct {
	iamGroup
	Users    int
	UsersErr *apiError
}

func (c *Console) iamPage(w http.ResponseWriter, r *http.Request, s *session) {
	ctx, p := r.Context(), s.principal
	v := &iamView{}
	roles, err := iamAll(c, ctx, p, "ListRoles", url.Values{}, func(o *listRolesOut) []iamRole { return o.Roles })
	v.RolesErr = c.explain(err)
	for _, role := range roles {
		v.Roles = append(v.Roles, roleRow{iamRole: role, Trust: summarizeTrust(decodeDocument(role.AssumeRolePolicyDocument))})
	}
	sort.Slice(v.Roles, func(i, j int) bool { return v.Roles[i].RoleName < v.Roles[j].RoleName })

	users, err := iamAll(c, ctx, p, "ListUsers", url.Values{}, func(o *listUsersOut) []iamUser { return o.Users })
	v.UsersErr = c.explain(err)
	for _, u := range users {
		row := userRow{iamUser: u}
		row.Groups, row.GroupsErr = c.userGroups(ctx, p, u.UserName)
		row.Keys, row.KeysErr = c.accessKeys(ctx, p, u.UserName)
		v.Users = append(v.Users, row)
	}
	sort.Slice(v.Users, func(i, j int) bool { return v.Users[i].UserName < v.Users[j].UserName })

	groups, err := iamAll(c, ctx, p, "ListGroups", url.Values{}, func(o *listGroupsOut) []iamGroup { return o.Groups })
	v.GroupsErr = c.explain(err)
	for _, g := range groups {
		row := groupRow{iamGroup: g}
		members, err := c.groupUsers(ctx, p, g.GroupName)
		row.Users, row.UsersErr = len(members), c.explain(err)
		v.Groups = append(v.Groups, row)
	}
	sort.Slice(v.Groups, func(i, j int) bool { return v.Groups[i].GroupName < v.Groups[j].GroupName })
	c.render(w, r, s, http.StatusOK, "iam", "IAM", v)
}

// userGroups names the groups a user is in.
func (c *Console) userGroups(ctx context.Context, p *awsapi.Principal, user string) ([]string, *apiError) {
	groups, err := iamAll(c, ctx, p, "ListGroupsForUser", url.Values{"UserName": {user}}, func(o *listGroupsOut) []iamGroup { return o.Groups })
	if err != nil {
		return nil, c.explain(err)
	}
	names := make([]string, 0, len(groups))
	for _, g := range groups {
		names = append(names, g.GroupName)
	}
	sort.Strings(names)
	return names, nil
}

// accessKeys lists a user's access keys: ids, status and dates only (IAM
// never returns a secret after CreateAccessKey).
func (c *Console) accessKeys(ctx context.Context, p *awsapi.Principal, user string) ([]accessKeyMeta, *apiError) {
	keys, err := iamAll(c, ctx, p, "ListAccessKeys", url.Values{"UserName": {user}},
		func(o *listAccessKeysOut) []accessKeyMeta { return o.AccessKeyMetadata })
	if err != nil {
		return nil, c.explain(err)
	}
	return keys, nil
}

// groupUsers lists a group's members (GetGroup, every page).
func (c *Console) groupUsers(ctx context.Context, p *awsapi.Principal, group string) ([]iamUser, error) {
	return iamAll(c, ctx, p, "GetGroup", url.Values{"GroupName": {group}}, func(o *getGroupOut) []iamUser { return o.Users })
}
