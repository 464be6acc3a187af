package apprunner

import (
	"context"
	"errors"

	"github.com/berth-dev/berth/internal/awsapi"
)

// taggable checks that arn names an existing App Runner resource.
func (a *API) taggable(ctx context.Context, arn string) error {
	p, ok := a.parseARN(arn)
	if !ok {
		return invalid("ResourceArn %q is not an App Runner resource ARN of this account and region.", arn)
	}
	var err error
	switch p.Kind {
	case kindService:
		var s *serviceRecord
		if s, err = a.repo.service(ctx, arn); err == nil && s.Status == StatusDeleted {
			err = errNotFound
		}
	case kindConnection:
		_, err = a.repo.connection(ctx, arn)
	case kindAutoScaling:
		_, err = a.findAutoScaling(ctx, arn)
		var ae *awsapi.Error
		if errors.As(err, &ae) {
			return err
		}
	default:
		err = errNotFound
	}
	if errors.Is(err, errNotFound) {
		return notFound("Resource not found: %s", arn)
	}
	if err != nil {
		return internal("find resource", err)
	}
	return nil
}

func (a *API) tagResource(ctx context.Context, _ *awsapi.Call, in *TagResourceInput) (*EmptyOutput, error) {
	if err := a.taggable(ctx, in.ResourceARN); err != nil {
		return nil, err
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	switch err := a.repo.tag(ctx, in.ResourceARN, in.Tags, maxTags); {
	case errors.Is(err, errTooManyTags):
		return nil, invalid("A resource can have at most %d tags.", maxTags)
	case err != nil:
		return nil, internal("tag resource", err)
	}
	return &EmptyOutput{}, nil
}

func (a *API) untagResource(ctx context.Context, _ *awsapi.Call, in *UntagResourceInput) (*EmptyOutput, error) {
	if err := a.taggable(ctx, in.ResourceARN); err != nil {
		return nil, err
	}
	if err := a.repo.untag(ctx, in.ResourceARN, in.TagKeys); err != nil {
		return nil, internal("untag resource", err)
	}
	return &EmptyOutput{}, nil
}

func (a *API) listTags(ctx context.Context, _ *awsapi.Call, in *ResourceARNInput) (*ListTagsForResourceOutput, error) {
	if err := a.taggable(ctx, in.ResourceARN); err != nil {
		return nil, err
	}
	tags, err := a.repo.tags(ctx, in.ResourceARN)
	if err != nil {
		return nil, internal("list tags", err)
	}
	return &ListTagsForResourceOutput{Tags: tags}, nil
}
