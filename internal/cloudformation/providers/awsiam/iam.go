// Package awsiam provides the IAM resource types — AWS::IAM::Role,
// AWS::IAM::ManagedPolicy, AWS::IAM::Policy and AWS::IAM::OIDCProvider —
// created through berth's IAM API, as the principal of the stack
// operation. IAM's Go input types are internal to its package, so calls
// pass wire-form inputs (provider.Form), exactly what an HTTP client
// would send.
package awsiam

import (
	"context"
	"slices"
	"sort"

	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// Providers returns the package's resource types.
func Providers() []provider.Provider {
	return []provider.Provider{Role{}, ManagedPolicy{}, Policy{}, OIDCProvider{}}
}

const codeNoSuchEntity = "NoSuchEntity"

func call(ctx context.Context, req *provider.Request, op string, in provider.Form, out any) error {
	return req.Call(ctx, "iam", op, in, out)
}

// gone reports an error that means the entity is already deleted.
func gone(err error) bool { return provider.IsAPIError(err, codeNoSuchEntity) }

// ignoreGone drops NoSuchEntity errors (deletes are idempotent).
func ignoreGone(err error) error {
	if gone(err) {
		return nil
	}
	return err
}

// member is the JSON form of an awsQuery list in IAM's outputs.
type member[T any] struct {
	Member []T
}

// Schema building blocks.
func str() *template.Property { return &template.Property{Type: template.TypeString} }

func strList() *template.Property {
	return &template.Property{Type: template.TypeList, Items: str()}
}

func tagList() *template.Property {
	return &template.Property{Type: template.TypeList, Items: &template.Property{Type: template.TypeObject,
		Properties: map[string]*template.Property{"Key": {Type: template.TypeString, Required: true}, "Value": {Type: template.TypeString, Required: true}}}}
}

// diff returns what is in b and not in a, and what is in a and not in b.
func diff(a, b []string) (added, removed []string) {
	for _, x := range b {
		if !slices.Contains(a, x) {
			added = append(added, x)
		}
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			removed = append(removed, x)
		}
	}
	return added, removed
}

// tagChanges returns the tags to set and the keys to remove.
func tagChanges(old, new []provider.Tag) (set []provider.Tag, removed []string) {
	was := map[string]string{}
	for _, t := range old {
		was[t.Key] = t.Value
	}
	is := map[string]bool{}
	for _, t := range new {
		is[t.Key] = true
		if v, ok := was[t.Key]; !ok || v != t.Value {
			set = append(set, t)
		}
	}
	for k := range was {
		if !is[k] {
			removed = append(removed, k)
		}
	}
	sort.Strings(removed)
	return set, removed
}

// inlinePolicies reads a Policies property: name → JSON document.
func inlinePolicies(p provider.Props) (map[string]string, error) {
	out := map[string]string{}
	for _, o := range p.Objects("Policies") {
		doc, err := o.JSON("PolicyDocument")
		if err != nil {
			return nil, err
		}
		out[o.String("PolicyName")] = doc
	}
	return out, nil
}
