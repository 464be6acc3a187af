package iam

import (
	"context"
	"sort"
	"strings"

	"github.com/berth-dev/berth/internal/awsapi"
)

// tagsOutput is the result of the List*Tags operations.
type tagsOutput struct {
	Tags        list[Tag]
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

// pageTags lists tags by key, one page at a time.
func pageTags(tags []Tag, marker string, maxItems *int) (*tagsOutput, error) {
	sorted := append([]Tag(nil), tags...)
	sort.Slice(sorted, func(i, j int) bool { return strings.ToLower(sorted[i].Key) < strings.ToLower(sorted[j].Key) })
	page, next, err := paginate(sorted, func(t Tag) string { return strings.ToLower(t.Key) }, marker, maxItems)
	if err != nil {
		return nil, err
	}
	return &tagsOutput{Tags: listOf(page), IsTruncated: next != "", Marker: next}, nil
}

type tagRoleInput struct {
	RoleName string `aws:"required"`
	Tags     []Tag  `aws:"required"`
}

func (a *API) tagRole(ctx context.Context, _ *awsapi.Call, in *tagRoleInput) (*awsapi.NoOutput, error) {
	if err := checkTags("tags", in.Tags); err != nil {
		return nil, err
	}
	return nil, a.updateRole(ctx, in.RoleName, func(r *Role) (err error) {
		r.Tags, err = mergeTags(r.Tags, in.Tags)
		return err
	})
}

type untagRoleInput struct {
	RoleName string   `aws:"required"`
	TagKeys  []string `aws:"required"`
}

func (a *API) untagRole(ctx context.Context, _ *awsapi.Call, in *untagRoleInput) (*awsapi.NoOutput, error) {
	return nil, a.updateRole(ctx, in.RoleName, func(r *Role) error {
		r.Tags = removeTags(r.Tags, in.TagKeys)
		return nil
	})
}

type listRoleTagsInput struct {
	RoleName string `aws:"required"`
	Marker   string
	MaxItems *int
}

func (a *API) listRoleTags(ctx context.Context, _ *awsapi.Call, in *listRoleTagsInput) (*tagsOutput, error) {
	r, err := a.loadRole(ctx, in.RoleName)
	if err != nil {
		return nil, err
	}
	return pageTags(r.Tags, in.Marker, in.MaxItems)
}

type tagPolicyInput struct {
	PolicyArn string `aws:"required"`
	Tags      []Tag  `aws:"required"`
}

func (a *API) tagPolicy(ctx context.Context, _ *awsapi.Call, in *tagPolicyInput) (*awsapi.NoOutput, error) {
	if err := checkTags("tags", in.Tags); err != nil {
		return nil, err
	}
	return nil, a.updatePolicy(ctx, in.PolicyArn, func(p *managedPolicy) (err error) {
		p.Tags, err = mergeTags(p.Tags, in.Tags)
		return err
	})
}

type untagPolicyInput struct {
	PolicyArn string   `aws:"required"`
	TagKeys   []string `aws:"required"`
}

func (a *API) untagPolicy(ctx context.Context, _ *awsapi.Call, in *untagPolicyInput) (*awsapi.NoOutput, error) {
	return nil, a.updatePolicy(ctx, in.PolicyArn, func(p *managedPolicy) error {
		p.Tags = removeTags(p.Tags, in.TagKeys)
		return nil
	})
}

type listPolicyTagsInput struct {
	PolicyArn string `aws:"required"`
	Marker    string
	MaxItems  *int
}

func (a *API) listPolicyTags(ctx context.Context, _ *awsapi.Call, in *listPolicyTagsInput) (*tagsOutput, error) {
	p, err := a.loadPolicy(ctx, in.PolicyArn)
	if err != nil {
		return nil, err
	}
	return pageTags(p.Tags, in.Marker, in.MaxItems)
}
