package iam

import (
	"context"

	"github.com/berth-dev/berth/internal/awsapi"
)

// userOutput is the result of operations returning one user.
type userOutput struct {
	User userXML
}

type createUserInput struct {
	Path                string
	UserName            string `aws:"required"`
	PermissionsBoundary string
	Tags                []Tag
}

func (a *API) createUserResource(_ *awsapi.Call, in *createUserInput) []string {
	path := in.Path
	if path == "" {
		path = "/"
	}
	return []string{userARN(a.account, path, in.UserName)}
}

func (a *API) createUser(ctx context.Context, c *awsapi.Call, in *createUserInput) (*userOutput, error) {
	var v checks
	v.name("userName", in.UserName, 64)
	if err := v.err(); err != nil {
		return nil, err
	}
	path, err := checkRolePath(in.Path)
	if err != nil {
		return nil, err
	}
	if err := checkTags("tags", in.Tags); err != nil {
		return nil, err
	}
	if in.PermissionsBoundary != "" {
		// Refused rather than ignored: a boundary berth did not enforce
		// would grant more than its author meant.
		return nil, errInvalidInput("Permissions boundaries for users are not supported by berth.")
	}
	u := &User{UserName: in.UserName, UserId: newID(prefixUser), Arn: userARN(a.account, path, in.UserName), Path: path,
		Tags: in.Tags, CreateDate: now(c)}
	defer a.lock()()
	created, err := a.st.Create(ctx, kindUser, userKey(u.UserName), u)
	if err != nil {
		return nil, storeErr("create user", u.UserName, err)
	}
	if !created {
		return nil, errAlreadyExists("User with name %s already exists.", u.UserName)
	}
	return &userOutput{User: u.view(true)}, nil
}

type optUserNameInput struct {
	UserName string
}

func (a *API) getUser(ctx context.Context, c *awsapi.Call, in *optUserNameInput) (*userOutput, error) {
	if in.UserName == "" && c.Principal.IsRoot() {
		// The root user has no name or path; AWS answers with its ARN and
		// the account id.
		p := c.Principal
		return &userOutput{User: userXML{UserId: p.Account, Arn: p.ARN, CreateDate: isoTime(now(c))}}, nil
	}
	name, err := callerUser(c, in.UserName)
	if err != nil {
		return nil, err
	}
	u, err := a.loadUser(ctx, name)
	if err != nil {
		return nil, err
	}
	return &userOutput{User: u.view(true)}, nil
}

type listUsersInput struct {
	PathPrefix string
	Marker     string
	MaxItems   *int
}

type listUsersOutput struct {
	Users       list[userXML]
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

func (a *API) listUsers(ctx context.Context, _ *awsapi.Call, in *listUsersInput) (*listUsersOutput, error) {
	if err := checkPathPrefix(in.PathPrefix); err != nil {
		return nil, err
	}
	users, err := a.allUsers(ctx)
	if err != nil {
		return nil, err
	}
	matched := underPath(users, func(u *User) string { return u.Path }, in.PathPrefix)
	page, next, err := paginate(matched, func(u *User) string { return userKey(u.UserName) }, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	out := &listUsersOutput{IsTruncated: next != "", Marker: next}
	for _, u := range page {
		out.Users.Member = append(out.Users.Member, u.view(false))
	}
	return out, nil
}

type userNameInput struct {
	UserName string `aws:"required"`
}

func (a *API) deleteUser(ctx context.Context, _ *awsapi.Call, in *userNameInput) (*awsapi.NoOutput, error) {
	defer a.lock()()
	u, err := a.loadUser(ctx, in.UserName)
	if err != nil {
		return nil, err
	}
	if len(u.AccessKeys) > 0 {
		return nil, errDeleteConflict("Cannot delete entity, must delete access keys first.")
	}
	if err := u.policies().deleteConflict(); err != nil {
		return nil, err
	}
	if len(u.Groups) > 0 {
		return nil, errDeleteConflict("Cannot delete entity, must remove users from group first.")
	}
	if err := a.st.Delete(ctx, kindUser, userKey(u.UserName)); err != nil {
		return nil, storeErr("delete user", u.UserName, err)
	}
	return nil, nil
}

type updateUserInput struct {
	UserName    string `aws:"required"`
	NewPath     string
	NewUserName string
}

// updateUser renames a user or moves it to another path. Its ARN changes
// with them; its id, keys, groups and policies stay.
func (a *API) updateUserSettings(ctx context.Context, _ *awsapi.Call, in *updateUserInput) (*awsapi.NoOutput, error) {
	var v checks
	if in.NewUserName != "" {
		v.name("newUserName", in.NewUserName, 64)
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	if in.NewPath != "" {
		if _, err := checkRolePath(in.NewPath); err != nil {
			return nil, err
		}
	}
	defer a.lock()()
	u, err := a.loadUser(ctx, in.UserName)
	if err != nil {
		return nil, err
	}
	oldKey := userKey(u.UserName)
	if in.NewPath != "" {
		u.Path = in.NewPath
	}
	var b batch
	if in.NewUserName != "" && in.NewUserName != u.UserName {
		if userKey(in.NewUserName) != oldKey {
			taken, err := a.findUser(ctx, in.NewUserName)
			if err != nil {
				return nil, err
			}
			if taken != nil {
				return nil, errAlreadyExists("User with name %s already exists.", in.NewUserName)
			}
		}
		u.UserName = in.NewUserName
		keys, err := a.userKeys(ctx, u)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			k.UserName = u.UserName
			b.put(kindKey, k.AccessKeyId, k)
		}
	}
	u.Arn = userARN(a.account, u.Path, u.UserName)
	b.delete(kindUser, oldKey)
	b.put(kindUser, userKey(u.UserName), u)
	return nil, a.commit(ctx, "update user "+in.UserName, &b)
}

type tagUserInput struct {
	UserName string `aws:"required"`
	Tags     []Tag  `aws:"required"`
}

func (a *API) tagUser(ctx context.Context, _ *awsapi.Call, in *tagUserInput) (*awsapi.NoOutput, error) {
	if err := checkTags("tags", in.Tags); err != nil {
		return nil, err
	}
	return nil, a.updateUser(ctx, in.UserName, func(u *User) (err error) {
		u.Tags, err = mergeTags(u.Tags, in.Tags)
		return err
	})
}

type untagUserInput struct {
	UserName string   `aws:"required"`
	TagKeys  []string `aws:"required"`
}

func (a *API) untagUser(ctx context.Context, _ *awsapi.Call, in *untagUserInput) (*awsapi.NoOutput, error) {
	return nil, a.updateUser(ctx, in.UserName, func(u *User) error {
		u.Tags = removeTags(u.Tags, in.TagKeys)
		return nil
	})
}

type listUserTagsInput struct {
	UserName string `aws:"required"`
	Marker   string
	MaxItems *int
}

func (a *API) listUserTags(ctx context.Context, _ *awsapi.Call, in *listUserTagsInput) (*tagsOutput, error) {
	u, err := a.loadUser(ctx, in.UserName)
	if err != nil {
		return nil, err
	}
	return pageTags(u.Tags, in.Marker, in.MaxItems)
}
