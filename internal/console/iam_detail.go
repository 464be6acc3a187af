package console

import (
	"net/http"
	"net/url"
	"sort"
)

// iamDetail is what the role, user and group pages share: the entity's
// error (NoSuchEntity is a 404) and its policies.
type iamDetail struct {
	Name        string
	Err         *apiError
	Attached    []policyDoc
	AttachedErr *apiError
	Inline      []policyDoc
	InlineErr   *apiError
}

// status is the HTTP status of a detail page.
func (d *iamDetail) status() int {
	if d.Err != nil && d.Err.Code == "NoSuchEntity" {
		return http.StatusNotFound
	}
	return http.StatusOK
}

// policies fills in the policies of identity kind (Role, User, Group).
func (c *Console) policies(r *http.Request, s *session, d *iamDetail, kind string) {
	d.Attached, d.AttachedErr = c.attachedPolicies(r.Context(), s.principal, kind, d.Name)
	d.Inline, d.InlineErr = c.inlinePolicies(r.Context(), s.principal, kind, d.Name)
}

// roleView is a role's page.
type roleView struct {
	iamDetail
	Role  *iamRole
	Trust string // the trust policy, decoded and indented
}

func (c *Console) rolePage(w http.ResponseWriter, r *http.Request, s *session) {
	v := &roleView{iamDetail: iamDetail{Name: r.PathValue("name")}}
	var out getRoleOut
	if err := c.call(r.Context(), s.principal, "iam", "GetRole", url.Values{"RoleName": {v.Name}}, &out); err != nil {
		v.Err = c.explain(err)
	} else {
		v.Role, v.Trust = &out.Role, decodeDocument(out.Role.AssumeRolePolicyDocument)
		c.policies(r, s, &v.iamDetail, "Role")
	}
	c.render(w, r, s, v.status(), "iam_role", v.Name, v)
}

// userView is a user's page.
type userView struct {
	iamDetail
	User      *iamUser
	Groups    []string
	GroupsErr *apiError
	Keys      []accessKeyMeta
	KeysErr   *apiError
}

func (c *Console) userPage(w http.ResponseWriter, r *http.Request, s *session) {
	ctx, p := r.Context(), s.principal
	v := &userView{iamDetail: iamDetail{Name: r.PathValue("name")}}
	var out getUserOut
	if err := c.call(ctx, p, "iam", "GetUser", url.Values{"UserName": {v.Name}}, &out); err != nil {
		v.Err = c.explain(err)
	} else {
		v.User = &out.User
		v.Groups, v.GroupsErr = c.userGroups(ctx, p, v.Name)
		v.Keys, v.KeysErr = c.accessKeys(ctx, p, v.Name)
		c.policies(r, s, &v.iamDetail, "User")
	}
	c.render(w, r, s, v.status(), "iam_user", v.Name, v)
}

// groupView is a group's page.
type groupView struct {
	iamDetail
	Group *iamGroup
	Users []iamUser
}

func (c *Console) groupPage(w http.ResponseWriter, r *http.Request, s *session) {
	v := &groupView{iamDetail: iamDetail{Name: r.PathValue("name")}}
	var group iamGroup
	users, err := iamAll(c, r.Context(), s.principal, "GetGroup", url.Values{"GroupName": {v.Name}},
		func(o *getGroupOut) []iamUser { group = o.Group; return o.Users })
	if err != nil {
		v.Err = c.explain(err)
	} else {
		sort.Slice(users, func(i, j int) bool { return users[i].UserName < users[j].UserName })
		v.Group, v.Users = &group, users
		c.policies(r, s, &v.iamDetail, "Group")
	}
	c.render(w, r, s, v.status(), "iam_group", v.Name, v)
}
