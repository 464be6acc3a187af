package iam

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/iam/policy"
	"github.com/berth-dev/berth/internal/store"
)

// GetRoleByARN returns the role an ARN names (STS resolves RoleArn with
// it). The ARN's path must be the role's; the name compares without case,
// as IAM role names do. It fails with ErrInvalidARN or ErrNoSuchEntity.
func (a *API) GetRoleByARN(ctx context.Context, arn string) (*Role, error) {
	account, _, name, ok := parseEntityARN(arn, "role")
	if !ok {
		return nil, fmt.Errorf("iam: role %s: %w", arn, ErrInvalidARN)
	}
	r, err := a.findRole(ctx, name)
	if err != nil {
		return nil, err
	}
	if r == nil || account != a.account || !strings.EqualFold(r.Arn, arn) {
		return nil, fmt.Errorf("iam: role %s: %w", arn, ErrNoSuchEntity)
	}
	return r, nil
}

// RolePolicies returns a role's identity policies, parsed: the default
// versions of its attached managed policies (ID = policy name), then its
// inline policies by name (ID = policy name). Type is "IAM Policy", as
// IAM's simulator reports identity policies. It fails with ErrNoSuchEntity
// for an unknown role.
//
// The authorizer calls it on every request of a role session, so results
// are cached until the next write to IAM; the slice is the caller's own.
func (a *API) RolePolicies(ctx context.Context, roleName string) ([]*policy.Policy, error) {
	key := roleKey(roleName)
	gen := a.gen.Load() // before reading: a write that races makes the entry stale, never wrong
	if ps, ok := a.lookups.get(key, gen); ok {
		return ps, nil
	}
	r, err := a.findRole(ctx, roleName)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, fmt.Errorf("iam: role %s: %w", roleName, ErrNoSuchEntity)
	}
	ps, err := a.rolePolicies(ctx, r)
	if err != nil {
		return nil, err
	}
	a.lookups.put(key, gen, ps)
	return append([]*policy.Policy(nil), ps...), nil
}

// rolePolicies parses r's attached and inline policies.
func (a *API) rolePolicies(ctx context.Context, r *Role) ([]*policy.Policy, error) {
	return a.parsed(ctx, "role", r.RoleName, r.AttachedPolicies, r.InlinePolicies)
}

// ManagedPolicy returns the default version of a managed policy (AWS- or
// customer-managed), parsed, with ID set to the policy name. It fails with
// ErrInvalidARN or ErrNoSuchEntity.
func (a *API) ManagedPolicy(ctx context.Context, arn string) (*policy.Policy, error) {
	mp, err := a.loadPolicy(ctx, arn)
	if err != nil {
		return nil, lookupErr("policy", arn, err)
	}
	p, err := a.cache.parse(mp.defaultVersion().Document, policy.Managed, mp.Name)
	if err != nil {
		return nil, fmt.Errorf("iam: policy %s: %w", arn, err)
	}
	return p, nil
}

// RoleBoundary returns the permissions boundary of a role, parsed, or nil
// when the role has none. It fails with ErrNoSuchEntity for an unknown role.
func (a *API) RoleBoundary(ctx context.Context, roleName string) (*policy.Policy, error) {
	r, err := a.findRole(ctx, roleName)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, fmt.Errorf("iam: role %s: %w", roleName, ErrNoSuchEntity)
	}
	if r.PermissionsBoundary == "" {
		return nil, nil
	}
	return a.ManagedPolicy(ctx, r.PermissionsBoundary)
}

// OIDCProviderByURL returns the provider registered for an issuer URL (a
// token's iss claim). Providers are keyed by URL without scheme, as AWS
// keys them, so "https://host/path", "http://host/path" and "host/path"
// find the same provider. It fails with ErrNoSuchEntity.
func (a *API) OIDCProviderByURL(ctx context.Context, issuerURL string) (*OIDCProvider, error) {
	key, _ := cutScheme(issuerURL)
	var p OIDCProvider
	err := a.st.Get(ctx, kindOIDC, key, &p)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("iam: oidc provider %s: %w", issuerURL, ErrNoSuchEntity)
	}
	if err != nil {
		return nil, storeErr("get oidc provider", issuerURL, err)
	}
	return &p, nil
}

// findRole returns the named role, or nil if there is none.
func (a *API) findRole(ctx context.Context, name string) (*Role, error) {
	return findDoc[Role](ctx, a.st, kindRole, roleKey(name), "role", name)
}

// lookupErr turns the API errors of a load into the exported sentinels.
func lookupErr(what, name string, err error) error {
	var ae *awsapi.Error
	if errors.As(err, &ae) {
		switch ae.Code {
		case codeNoSuchEntity:
			return fmt.Errorf("iam: %s %s: %w", what, name, ErrNoSuchEntity)
		case codeInvalidInput:
			return fmt.Errorf("iam: %s %s: %w", what, name, ErrInvalidARN)
		}
	}
	return err
}

// parseCacheSize bounds the parsed-policy cache. Authorization parses the
// caller's policies on every request; documents rarely change, so a small
// cache removes nearly all of that work.
const parseCacheSize = 512

// parseCache memoizes policy.Parse by document and kind. Parsed policies
// are immutable, so one parse serves every caller; each gets a shallow
// copy carrying its own ID.
type parseCache struct {
	mu sync.Mutex
	m  map[cacheKey]*policy.Policy
}

type cacheKey struct {
	kind policy.Kind
	doc  string
}

// parse returns doc parsed as kind, with ID id.
func (pc *parseCache) parse(doc string, kind policy.Kind, id string) (*policy.Policy, error) {
	k := cacheKey{kind, doc}
	pc.mu.Lock()
	p, ok := pc.m[k]
	pc.mu.Unlock()
	if !ok {
		var err error
		if p, err = policy.Parse(doc, kind); err != nil {
			return nil, err
		}
		pc.mu.Lock()
		if pc.m == nil || len(pc.m) >= parseCacheSize {
			pc.m = make(map[cacheKey]*policy.Policy)
		}
		pc.m[k] = p
		pc.mu.Unlock()
	}
	cp := *p
	cp.ID = id
	return &cp, nil
}

// lookupCacheSize bounds the RolePolicies cache (roles, not policies).
const lookupCacheSize = 1024

// lookupCache remembers each role's parsed policies for one generation of
// IAM state (see API.lock).
type lookupCache struct {
	mu sync.Mutex
	m  map[string]lookupEntry
}

type lookupEntry struct {
	gen      uint64
	policies []*policy.Policy
}

// get returns a copy of the entry for key if it was computed in generation gen.
func (c *lookupCache) get(key string, gen uint64) ([]*policy.Policy, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || e.gen != gen {
		return nil, false
	}
	return append([]*policy.Policy(nil), e.policies...), true
}

// put stores policies computed in generation gen.
func (c *lookupCache) put(key string, gen uint64, ps []*policy.Policy) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= lookupCacheSize {
		c.m = make(map[string]lookupEntry)
	}
	c.m[key] = lookupEntry{gen: gen, policies: ps}
}
