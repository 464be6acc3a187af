package iam

import (
	"context"
	"strings"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/store"
)

// User is an IAM user as berth keeps it: a long-term identity whose
// access keys authenticate requests and whose policies, with those of
// its groups, authorize them. Field names are IAM's member names.
type User struct {
	UserName string
	// UserId is the user's unique id ("AIDA" + 17 characters), its aws:userid.
	UserId     string
	Arn        string
	Path       string
	Tags       []Tag `json:",omitempty"`
	CreateDate time.Time
	// AttachedPolicies are the ARNs of attached managed policies, in the
	// order they were attached.
	AttachedPolicies []string `json:",omitempty"`
	// InlinePolicies maps inline policy names to their documents.
	InlinePolicies map[string]string `json:",omitempty"`
	// Groups are the names of the groups the user is in, in join order.
	Groups []string `json:",omitempty"`
	// AccessKeys are the ids of the user's access keys (kindKey documents),
	// in creation order.
	AccessKeys []string `json:",omitempty"`
}

// userKey is a user's store key: IAM user names are unique regardless of
// case, and lookups by name ignore case too.
func userKey(name string) string { return strings.ToLower(name) }

func errNoSuchUser(name string) *awsapi.Error {
	return errNoSuchEntity("The user with name %s cannot be found.", name)
}

// policies are the user's own identity policies, for the shared operations.
func (u *User) policies() policies {
	return policies{attached: &u.AttachedPolicies, inline: &u.InlinePolicies, kind: "user", name: u.UserName,
		quota: "PoliciesPerUser", maxAttached: maxAttachedPerUser, maxInline: maxInlineUserSize}
}

// findUser returns the named user, or nil if there is none.
func (a *API) findUser(ctx context.Context, name string) (*User, error) {
	return findDoc[User](ctx, a.st, kindUser, userKey(name), "user", name)
}

// loadUser returns the named user or IAM's NoSuchEntity error.
func (a *API) loadUser(ctx context.Context, name string) (*User, error) {
	u, err := a.findUser(ctx, name)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, errNoSuchUser(name)
	}
	return u, nil
}

// saveUser writes u back.
func (a *API) saveUser(ctx context.Context, u *User) error {
	if err := a.st.Put(ctx, kindUser, userKey(u.UserName), u); err != nil {
		return storeErr("put user", u.UserName, err)
	}
	return nil
}

// updateUser applies fn to the named user under the write lock.
func (a *API) updateUser(ctx context.Context, name string, fn func(u *User) error) error {
	defer a.lock()()
	u, err := a.loadUser(ctx, name)
	if err != nil {
		return err
	}
	if err := fn(u); err != nil {
		return err
	}
	return a.saveUser(ctx, u)
}

// allUsers lists every user in key (name) order.
func (a *API) allUsers(ctx context.Context) ([]*User, error) {
	users, err := store.ListAll[User](ctx, a.st, kindUser, "")
	if err != nil {
		return nil, storeErr("list", "users", err)
	}
	return users, nil
}

// callerUser resolves an optional UserName: IAM's user operations act on
// the calling user when it is omitted, and refuse other callers.
func callerUser(c *awsapi.Call, name string) (string, error) {
	if name != "" {
		return name, nil
	}
	if c.Principal != nil && c.Principal.Kind == awsapi.IAMUser {
		return c.Principal.UserName, nil
	}
	return "", awsapi.Errorf(awsapi.CodeValidation, "Must specify userName when calling with non-User credentials")
}

// userResource is the ARN an operation on the named user authorizes
// against: the stored user's (its path is part of the ARN), the default
// path for a user that does not exist (yet), the caller when no name is
// given.
func (a *API) userResource(c *awsapi.Call, name string) []string {
	if name == "" {
		if c.Principal != nil && c.Principal.ARN != "" {
			return []string{c.Principal.ARN}
		}
		return nil
	}
	if u, err := a.findUser(context.Background(), name); err == nil && u != nil {
		return []string{u.Arn}
	}
	return []string{userARN(a.account, "/", name)}
}

// userXML is the User shape of IAM's responses.
type userXML struct {
	Path       string `xml:",omitempty"`
	UserName   string `xml:",omitempty"`
	UserId     string
	Arn        string
	CreateDate isoTime
	Tags       *list[Tag] `xml:",omitempty"`
}

// view renders u; list views leave out tags, as ListUsers does.
func (u *User) view(full bool) userXML {
	v := userXML{Path: u.Path, UserName: u.UserName, UserId: u.UserId, Arn: u.Arn, CreateDate: isoTime(u.CreateDate)}
	if full {
		v.Tags = optList(u.Tags)
	}
	return v
}
