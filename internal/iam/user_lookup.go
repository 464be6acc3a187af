package iam

import (
	"context"
	"fmt"

	"github.com/berth-dev/berth/internal/iam/policy"
)

// UserPolicies returns an IAM user's identity policies, parsed: its own
// attached and inline policies, then those of each of its groups in join
// order (see rolePolicies for the order within each). It fails with
// ErrNoSuchEntity for an unknown user.
//
// The authorizer calls it on every request of a user, so results are
// cached until the next write to IAM; the slice is the caller's own.
func (a *API) UserPolicies(ctx context.Context, userName string) ([]*policy.Policy, error) {
	key := "user/" + userKey(userName) // '/' never occurs in role names, the cache's other keys
	gen := a.gen.Load()
	if ps, ok := a.lookups.get(key, gen); ok {
		return ps, nil
	}
	u, err := a.findUser(ctx, userName)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, fmt.Errorf("iam: user %s: %w", userName, ErrNoSuchEntity)
	}
	ps, err := a.userPolicies(ctx, u)
	if err != nil {
		return nil, err
	}
	a.lookups.put(key, gen, ps)
	return append([]*policy.Policy(nil), ps...), nil
}

// userPolicies parses u's policies and its groups'.
func (a *API) userPolicies(ctx context.Context, u *User) ([]*policy.Policy, error) {
	out, err := a.parsed(ctx, "user", u.UserName, u.AttachedPolicies, u.InlinePolicies)
	if err != nil {
		return nil, err
	}
	for _, name := range u.Groups {
		g, err := a.findGroup(ctx, name)
		if err != nil {
			return nil, err
		}
		if g == nil {
			continue // a group cannot be deleted with members; tolerate it anyway
		}
		ps, err := a.parsed(ctx, "group", g.GroupName, g.AttachedPolicies, g.InlinePolicies)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return out, nil
}
