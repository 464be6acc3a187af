package iam

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/iam/policy"
)

// policies are the identity policies of a role, user or group: the ARNs
// of its attached managed policies and its inline policies. The entity
// types keep them in their own fields (AttachedPolicies, InlinePolicies);
// the operations of each type share these helpers through holderOf.
type policies struct {
	attached *[]string
	inline   *map[string]string
	// kind names the entity in messages ("role", "user", "group") and
	// quota names the managed-policy quota ("PoliciesPerRole").
	kind, name, quota string
	// maxAttached and maxInline are the entity type's quotas.
	maxAttached, maxInline int
}

// attach attaches the managed policy arn, which must exist; attaching
// twice has no effect, as on AWS.
func (a *API) attach(ctx context.Context, h policies, arn string) error {
	p, err := a.loadPolicy(ctx, arn)
	if err != nil {
		return err
	}
	if slices.Contains(*h.attached, p.ARN) {
		return nil
	}
	if len(*h.attached) >= h.maxAttached {
		return errLimitExceeded("Cannot exceed quota for %s: %d", h.quota, h.maxAttached)
	}
	*h.attached = append(*h.attached, p.ARN)
	return nil
}

// detach removes the managed policy arn.
func (h policies) detach(arn string) error {
	i := slices.Index(*h.attached, arn)
	if i < 0 {
		return errNoSuchEntity("Policy %s was not found.", arn)
	}
	*h.attached = slices.Delete(*h.attached, i, i+1)
	return nil
}

// listAttached answers List*AttachedPolicies for the attached ARNs.
func listAttached(attached []string, pathPrefix, marker string, maxItems *int) (*listAttachedOutput, error) {
	if err := checkPathPrefix(pathPrefix); err != nil {
		return nil, err
	}
	var items []attachedPolicy
	for _, arn := range attached {
		_, path, name, _ := parseEntityARN(arn, "policy")
		if strings.HasPrefix(path, pathPrefix) {
			items = append(items, attachedPolicy{PolicyName: name, PolicyArn: arn})
		}
	}
	key := func(p attachedPolicy) string { return policyKey(p.PolicyName) + " " + p.PolicyArn }
	sort.Slice(items, func(i, j int) bool { return key(items[i]) < key(items[j]) })
	page, next, err := paginate(items, key, marker, maxItems)
	if err != nil {
		return nil, err
	}
	return &listAttachedOutput{AttachedPolicies: listOf(page), IsTruncated: next != "", Marker: next}, nil
}

// checkInline validates a Put*Policy request's names and document.
func checkInline(entityField, entity string, maxName int, policyName, doc string) error {
	var v checks
	v.name(entityField, entity, maxName)
	v.name("policyName", policyName, 128)
	if err := v.err(); err != nil {
		return err
	}
	if _, err := policy.Parse(doc, policy.Identity); err != nil {
		return malformedPolicy(err)
	}
	return nil
}

// putInline adds or replaces an inline policy. The quota covers all of an
// entity's inline policies together.
func (h policies) putInline(name, doc string) error {
	total := policySize(doc)
	for n, d := range *h.inline {
		if n != name {
			total += policySize(d)
		}
	}
	if total > h.maxInline {
		return errLimitExceeded("Maximum policy size of %d bytes exceeded for %s %s", h.maxInline, h.kind, h.name)
	}
	if *h.inline == nil {
		*h.inline = map[string]string{}
	}
	(*h.inline)[name] = doc
	return nil
}

// errNoSuchInline is NoSuchEntity for an inline policy of a kind of entity.
func (h policies) errNoSuchInline(name string) *awsapi.Error {
	return errNoSuchEntity("The %s policy with name %s cannot be found.", h.kind, name)
}

// getInline returns an inline policy's document.
func (h policies) getInline(name string) (string, error) {
	doc, ok := (*h.inline)[name]
	if !ok {
		return "", h.errNoSuchInline(name)
	}
	return doc, nil
}

// deleteInline removes an inline policy.
func (h policies) deleteInline(name string) error {
	if _, ok := (*h.inline)[name]; !ok {
		return h.errNoSuchInline(name)
	}
	delete(*h.inline, name)
	return nil
}

// inlineNamesOutput is the result of the List*Policies operations.
type inlineNamesOutput struct {
	PolicyNames list[string]
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

// listInline answers List*Policies: inline policy names in order.
func listInline(inline map[string]string, marker string, maxItems *int) (*inlineNamesOutput, error) {
	names := make([]string, 0, len(inline))
	for n := range inline {
		names = append(names, n)
	}
	sort.Strings(names)
	page, next, err := paginate(names, func(s string) string { return s }, marker, maxItems)
	if err != nil {
		return nil, err
	}
	return &inlineNamesOutput{PolicyNames: listOf(page), IsTruncated: next != "", Marker: next}, nil
}

// parsed returns the entity's policies, parsed: the default versions of
// its attached managed policies, then its inline policies by name; each
// has ID = its policy name.
func (a *API) parsed(ctx context.Context, kind, name string, attached []string, inline map[string]string) ([]*policy.Policy, error) {
	var out []*policy.Policy
	for _, arn := range attached {
		p, err := a.ManagedPolicy(ctx, arn)
		if err != nil {
			return nil, fmt.Errorf("iam: policies of %s %s: %w", kind, name, err)
		}
		out = append(out, p)
	}
	names := make([]string, 0, len(inline))
	for n := range inline {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p, err := a.cache.parse(inline[n], policy.Identity, n)
		if err != nil {
			return nil, fmt.Errorf("iam: inline policy %s of %s %s: %w", n, kind, name, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// deleteConflict refuses to delete an entity that still has policies.
func (h policies) deleteConflict() error {
	if len(*h.attached) > 0 {
		return errDeleteConflict("Cannot delete entity, must detach all policies first.")
	}
	if len(*h.inline) > 0 {
		return errDeleteConflict("Cannot delete entity, must delete policies first.")
	}
	return nil
}
