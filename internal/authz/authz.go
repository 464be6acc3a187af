// Package authz enforces IAM policies on every API call: it builds the
// request context (global condition keys plus the operation's own),
// gathers the policies that apply to the caller and asks the pure
// evaluator in iam/policy for a decision.
package authz

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/iam/policy"
)

// Policies is where the authorizer finds a principal's policies.
type Policies interface {
	// RolePolicies returns the identity policies of a role: attached
	// managed policies (default versions) and inline ones.
	RolePolicies(ctx context.Context, roleName string) ([]*policy.Policy, error)
	// RoleBoundary returns the role's permissions boundary, or nil.
	RoleBoundary(ctx context.Context, roleName string) (*policy.Policy, error)
	// ManagedPolicy returns the default version of a managed policy by ARN.
	ManagedPolicy(ctx context.Context, arn string) (*policy.Policy, error)
}

// UserPolicies is where the authorizer finds an IAM user's policies.
type UserPolicies interface {
	// UserPolicies returns the identity policies of a user: its attached
	// managed and inline policies, then those of each of its groups.
	UserPolicies(ctx context.Context, userName string) ([]*policy.Policy, error)
}

// Authorizer implements awsapi.Authorizer with IAM's evaluation logic for
// a single account: identity policies, then the boundary and session
// policies of role sessions.
type Authorizer struct {
	Policies Policies
	// Users serves IAM users' policies; without it every call of a user
	// is denied.
	Users UserPolicies
	Now   func() time.Time // optional
}

var _ awsapi.Authorizer = (*Authorizer)(nil)

// alwaysAllowed are actions AWS answers whatever the policies say.
var alwaysAllowed = map[string]bool{"sts:GetCallerIdentity": true}

// Authorize allows or denies the call with AWS's AccessDenied message.
func (a *Authorizer) Authorize(ctx context.Context, c *awsapi.Call, az awsapi.Authorization) error {
	p := c.Principal
	if p.IsRoot() || alwaysAllowed[az.Action] {
		return nil
	}
	switch {
	case p.Kind == awsapi.IAMUser && a.Users != nil:
		idp, err := a.Users.UserPolicies(ctx, p.UserName)
		if err != nil {
			return fmt.Errorf("authz: policies of user %s: %w", p.UserName, err)
		}
		return a.evaluate(c, az, idp, nil, nil)
	case p.Kind != awsapi.AssumedRole:
		return deny(c, az.Action, first(az.Resources), "because no identity-based policy allows the "+az.Action+" action")
	}
	idp, err := a.Policies.RolePolicies(ctx, p.RoleName)
	if err != nil {
		return fmt.Errorf("authz: policies of role %s: %w", p.RoleName, err)
	}
	boundary, err := a.Policies.RoleBoundary(ctx, p.RoleName)
	if err != nil {
		return fmt.Errorf("authz: boundary of role %s: %w", p.RoleName, err)
	}
	var sessionPolicies []*policy.Policy
	if p.SessionPolicy != "" {
		sp, err := policy.Parse(p.SessionPolicy, policy.Identity)
		if err != nil {
			return fmt.Errorf("authz: session policy: %w", err)
		}
		sessionPolicies = append(sessionPolicies, sp)
	}
	for _, arn := range p.SessionPolicyARNs {
		mp, err := a.Policies.ManagedPolicy(ctx, arn)
		if err != nil {
			return fmt.Errorf("authz: session policy %s: %w", arn, err)
		}
		sessionPolicies = append(sessionPolicies, mp)
	}
	return a.evaluate(c, az, idp, boundary, sessionPolicies)
}

// evaluate decides the call for every resource it touches: identity
// policies must allow, and so must the boundary and the session policies
// when there are any.
func (a *Authorizer) evaluate(c *awsapi.Call, az awsapi.Authorization, idp []*policy.Policy, boundary *policy.Policy, sessionPolicies []*policy.Policy) error {
	pc := a.Context(c, az)
	resources := az.Resources
	if len(resources) == 0 {
		resources = []string{"*"}
	}
	for _, res := range resources {
		req := &policy.Request{Action: az.Action, Resource: res, Context: pc}
		r := policy.Evaluate(req, idp...)
		switch r.Decision {
		case policy.ExplicitDeny:
			return deny(c, az.Action, res, "with an explicit deny in an identity-based policy")
		case policy.ImplicitDeny:
			return deny(c, az.Action, res, "because no identity-based policy allows the "+az.Action+" action")
		}
		if boundary != nil {
			switch policy.Evaluate(req, boundary).Decision {
			case policy.ExplicitDeny:
				return deny(c, az.Action, res, "with an explicit deny in a permissions boundary")
			case policy.ImplicitDeny:
				return deny(c, az.Action, res, "because no permissions boundary allows the "+az.Action+" action")
			}
		}
		if sessionPolicies != nil {
			sr := policy.Evaluate(req, sessionPolicies...)
			switch sr.Decision {
			case policy.ExplicitDeny:
				return deny(c, az.Action, res, "with an explicit deny in a session policy")
			case policy.ImplicitDeny:
				return deny(c, az.Action, res, "because no session policy allows the "+az.Action+" action")
			}
		}
	}
	return nil
}

// Context builds the condition keys of a call: AWS's global keys for the
// principal and request, then the operation's own keys.
func (a *Authorizer) Context(c *awsapi.Call, az awsapi.Authorization) policy.Context {
	now := time.Now()
	if a.Now != nil {
		now = a.Now()
	}
	p := c.Principal
	var pc policy.Context
	pc.SetTime("aws:CurrentTime", now)
	pc.Set("aws:EpochTime", strconv.FormatInt(now.Unix(), 10))
	pc.SetBool("aws:SecureTransport", c.Secure)
	pc.Set("aws:RequestedRegion", c.Region)
	pc.Set("aws:PrincipalAccount", p.Account)
	pc.Set("aws:userid", p.UserID)
	if c.SourceIP != "" {
		pc.Set("aws:SourceIp", c.SourceIP)
	}
	if c.UserAgent != "" {
		pc.Set("aws:UserAgent", c.UserAgent)
	}
	switch p.Kind {
	case awsapi.AssumedRole:
		pc.Set("aws:PrincipalArn", p.RoleARN)
		pc.Set("aws:PrincipalType", "AssumedRole")
		pc.SetTime("aws:TokenIssueTime", p.IssuedAt)
		pc.SetBool("aws:MultiFactorAuthPresent", false)
		if p.WebIdentity != nil {
			pc.Set("aws:FederatedProvider", p.WebIdentity.ProviderARN)
		}
		if p.SourceIdentity != "" {
			pc.Set("aws:SourceIdentity", p.SourceIdentity)
		}
		for k, v := range p.SessionTags {
			pc.Set("aws:PrincipalTag/"+k, v)
		}
	case awsapi.IAMUser:
		pc.Set("aws:PrincipalArn", p.ARN)
		pc.Set("aws:PrincipalType", "User")
		pc.Set("aws:username", p.UserName)
		pc.SetBool("aws:MultiFactorAuthPresent", false)
		for k, v := range p.SessionTags {
			pc.Set("aws:PrincipalTag/"+k, v)
		}
	case awsapi.Root:
		pc.Set("aws:PrincipalArn", p.ARN)
		pc.Set("aws:PrincipalType", "Account")
	}
	for k, vs := range az.Context {
		pc.Set(k, vs...)
	}
	return pc
}

func deny(c *awsapi.Call, action, resource, why string) error {
	code := awsapi.CodeAccessDenied
	if c.Service != nil && c.Service.Protocol != awsapi.Query {
		code = awsapi.CodeAccessDeniedJSON
	}
	return awsapi.Errorf(code, "User: %s is not authorized to perform: %s on resource: %s %s", c.Principal.ARN, action, resource, why).WithStatus(http.StatusForbidden)
}

func first(rs []string) string {
	if len(rs) == 0 {
		return "*"
	}
	return rs[0]
}
