package iam

import (
	"context"
	"fmt"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/iam/policy"
)

// contextEntry is the ContextEntry shape: one condition key and its
// values. Values are strings whatever ContextKeyType says, as the
// evaluator takes them.
type contextEntry struct {
	ContextKeyName   string
	ContextKeyValues []string
	ContextKeyType   string
}

// simulateInput holds the members SimulateCustomPolicy and
// SimulatePrincipalPolicy share.
type simulateInput struct {
	PolicyInputList                    []string
	PermissionsBoundaryPolicyInputList []string
	ActionNames                        []string `aws:"required"`
	ResourceArns                       []string
	ResourcePolicy                     string
	ResourceOwner                      string
	CallerArn                          string
	ContextEntries                     []contextEntry
	ResourceHandlingOption             string
	MaxItems                           *int
	Marker                             string
}

// simulatePrincipalInput is SimulatePrincipalPolicy's request: the shared
// members (embedded, decoded in place) and the principal to simulate.
type simulatePrincipalInput struct {
	PolicySourceArn string `aws:"required"`
	simulateInput
}

func (in *simulatePrincipalInput) common() *simulateInput { return &in.simulateInput }

type simulateOutput struct {
	EvaluationResults list[evalResult]
	IsTruncated       bool
	Marker            string `xml:",omitempty"`
}

func simulatePrincipalResource(_ *awsapi.Call, in *simulatePrincipalInput) []string {
	return []string{in.PolicySourceArn}
}

func (a *API) simulatePrincipalPolicy(ctx context.Context, _ *awsapi.Call, in *simulatePrincipalInput) (*simulateOutput, error) {
	own, boundaryARN, err := a.sourcePolicies(ctx, in.PolicySourceArn)
	if err != nil {
		return nil, err
	}
	common := in.common()
	s, err := newSimulation(common, in.PolicySourceArn)
	if err != nil {
		return nil, err
	}
	s.identity = append(own, s.identity...)
	if s.boundary == nil && boundaryARN != "" {
		b, err := a.ManagedPolicy(ctx, boundaryARN)
		if err != nil {
			return nil, err
		}
		s.boundary = []*policy.Policy{b}
	}
	return s.run(common)
}

// sourcePolicies returns the identity policies of the role, user (with
// its groups') or group an ARN names, and the ARN of its permissions
// boundary if it has one.
func (a *API) sourcePolicies(ctx context.Context, arn string) ([]*policy.Policy, string, error) {
	if _, _, name, ok := parseEntityARN(arn, "role"); ok {
		r, err := a.loadRole(ctx, name)
		if err != nil {
			return nil, "", err
		}
		if r.Arn != arn {
			return nil, "", errNoSuchRole(name)
		}
		ps, err := a.rolePolicies(ctx, r)
		return ps, r.PermissionsBoundary, err
	}
	if _, _, name, ok := parseEntityARN(arn, "user"); ok {
		u, err := a.findUser(ctx, name)
		if err != nil {
			return nil, "", err
		}
		if u == nil || u.Arn != arn {
			return nil, "", errNoSuchUser(name)
		}
		ps, err := a.userPolicies(ctx, u)
		return ps, "", err
	}
	if _, _, name, ok := parseEntityARN(arn, "group"); ok {
		g, err := a.findGroup(ctx, name)
		if err != nil {
			return nil, "", err
		}
		if g == nil || g.Arn != arn {
			return nil, "", errNoSuchGroup(name)
		}
		ps, err := a.parsed(ctx, "group", g.GroupName, g.AttachedPolicies, g.InlinePolicies)
		return ps, "", err
	}
	return nil, "", errInvalidInput("Invalid ARN: %s is not the ARN of a user, group or role.", arn)
}

type simulateCustomInput struct {
	PolicyInputList                    []string `aws:"required"`
	PermissionsBoundaryPolicyInputList []string
	ActionNames                        []string `aws:"required"`
	ResourceArns                       []string
	ResourcePolicy                     string
	ResourceOwner                      string
	CallerArn                          string
	ContextEntries                     []contextEntry
	ResourceHandlingOption             string
	MaxItems                           *int
	Marker                             string
}

func (a *API) simulateCustomPolicy(_ context.Context, _ *awsapi.Call, in *simulateCustomInput) (*simulateOutput, error) {
	common := simulateInput(*in)
	s, err := newSimulation(&common, in.CallerArn)
	if err != nil {
		return nil, err
	}
	return s.run(&common)
}

// newSimulation parses the policies given as strings and builds the
// request context. caller is the principal resource policies see.
func newSimulation(in *simulateInput, caller string) (*simulation, error) {
	var v checks
	for i, e := range in.ContextEntries {
		v.str(fmt.Sprintf("contextEntries.%d.member.contextKeyName", i+1), e.ContextKeyName, 5, 256, nil, "")
		checkEnum(&v, fmt.Sprintf("contextEntries.%d.member.contextKeyType", i+1), e.ContextKeyType,
			"string", "stringList", "numeric", "numericList", "boolean", "booleanList", "ip", "ipList", "binary", "binaryList", "date", "dateList")
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	s := &simulation{}
	var err error
	if s.identity, err = parseInputs(in.PolicyInputList, "PolicyInputList"); err != nil {
		return nil, err
	}
	if s.boundary, err = parseInputs(in.PermissionsBoundaryPolicyInputList, "PermissionsBoundaryPolicyInputList"); err != nil {
		return nil, err
	}
	if in.ResourcePolicy != "" {
		if s.resource, err = policy.Parse(in.ResourcePolicy, policy.Resource); err != nil {
			return nil, malformedPolicy(err)
		}
		s.resource.ID = "ResourcePolicy"
	}
	if in.CallerArn != "" {
		caller = in.CallerArn
	}
	if caller != "" {
		s.caller = &policy.Principal{AWS: []string{caller}}
	}
	for _, e := range in.ContextEntries {
		s.context.Set(e.ContextKeyName, e.ContextKeyValues...)
	}
	return s, nil
}

// parseInputs parses policies given as strings; IAM names them by list
// and position ("PolicyInputList.1") in matched statements.
func parseInputs(docs []string, list string) ([]*policy.Policy, error) {
	var out []*policy.Policy
	for i, doc := range docs {
		p, err := policy.Parse(doc, policy.Identity)
		if err != nil {
			return nil, malformedPolicy(err)
		}
		p.ID = fmt.Sprintf("%s.%d", list, i+1)
		out = append(out, p)
	}
	return out, nil
}

// run evaluates every action on every resource ("*" when none are given)
// and returns one page of results.
func (s *simulation) run(in *simulateInput) (*simulateOutput, error) {
	resources := in.ResourceArns
	if len(resources) == 0 {
		resources = []string{"*"}
	}
	var results []evalResult
	for _, action := range in.ActionNames {
		for _, res := range resources {
			results = append(results, s.evaluate(action, res))
		}
	}
	order := make([]int, len(results))
	for i := range order {
		order[i] = i
	}
	page, next, err := paginate(order, func(i int) string { return fmt.Sprintf("%08d", i) }, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	out := &simulateOutput{IsTruncated: next != "", Marker: next}
	for _, i := range page {
		out.EvaluationResults.Member = append(out.EvaluationResults.Member, results[i])
	}
	return out, nil
}
