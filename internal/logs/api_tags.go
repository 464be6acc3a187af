package logs

import (
	"context"
	"errors"
	"unicode/utf8"

	"github.com/berth-dev/berth/internal/awsapi"
)

type tagLogGroupIn struct {
	LogGroupName string            `json:"logGroupName" aws:"required"`
	Tags         map[string]string `json:"tags" aws:"required"`
}

type untagLogGroupIn struct {
	LogGroupName string   `json:"logGroupName" aws:"required"`
	Tags         []string `json:"tags" aws:"required"`
}

type tagResourceIn struct {
	ResourceArn string            `json:"resourceArn" aws:"required"`
	Tags        map[string]string `json:"tags" aws:"required"`
}

type untagResourceIn struct {
	ResourceArn string   `json:"resourceArn" aws:"required"`
	TagKeys     []string `json:"tagKeys" aws:"required"`
}

type resourceArnIn struct {
	ResourceArn string `json:"resourceArn" aws:"required"`
}

type tagsOut struct {
	Tags map[string]string `json:"tags"`
}

// checkTags validates tag keys and values as the model does; tooMany is
// the code for more than maxTags (it differs between the old and new
// tagging operations).
func checkTags(tags map[string]string, tooMany string) error {
	if len(tags) > maxTags {
		return awsapi.Errorf(tooMany, "A resource can have at most %d tags.", maxTags)
	}
	for k, v := range tags {
		if utf8.RuneCountInString(k) > 128 || !tagKeyRe.MatchString(k) {
			return constraintError("tags", k, `Map keys must satisfy constraint: [Member must have length less than or equal to 128, Member must satisfy regular expression pattern: ^([\p{L}\p{Z}\p{N}_.:/=+\-@]+)$]`)
		}
		if utf8.RuneCountInString(v) > 256 || !tagValueRe.MatchString(v) {
			return constraintError("tags", v, `Map values must satisfy constraint: [Member must have length less than or equal to 256, Member must satisfy regular expression pattern: ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$]`)
		}
	}
	return nil
}

// tagError maps a tagging failure; tooMany is the code for ErrTooManyTags.
func tagError(err error, tooMany string) error {
	if errors.Is(err, ErrTooManyTags) {
		return awsapi.Errorf(tooMany, "A resource can have at most %d tags.", maxTags)
	}
	return apiError(err)
}

// groupOfARN resolves a TagResource-style ARN to a log group name.
func groupOfARN(arn string) (string, error) {
	name, ok := groupFromARN(arn)
	if !ok {
		return "", awsapi.Errorf(codeInvalidParameter, "Invalid resource ARN %s: only log groups can be tagged.", arn)
	}
	return name, nil
}

func (l *Logs) tagLogGroup(ctx context.Context, _ *awsapi.Call, in *tagLogGroupIn) (*awsapi.NoOutput, error) {
	if err := checkTags(in.Tags, codeInvalidParameter); err != nil {
		return nil, err
	}
	return nil, tagError(l.db.tagGroup(ctx, in.LogGroupName, in.Tags), codeInvalidParameter)
}

func (l *Logs) untagLogGroup(ctx context.Context, _ *awsapi.Call, in *untagLogGroupIn) (*awsapi.NoOutput, error) {
	return nil, apiError(l.db.untagGroup(ctx, in.LogGroupName, in.Tags))
}

func (l *Logs) listTagsLogGroup(ctx context.Context, _ *awsapi.Call, in *groupNameIn) (*tagsOut, error) {
	tags, err := l.db.groupTags(ctx, in.LogGroupName)
	if err != nil {
		return nil, apiError(err)
	}
	return &tagsOut{Tags: tags}, nil
}

func (l *Logs) tagResource(ctx context.Context, _ *awsapi.Call, in *tagResourceIn) (*awsapi.NoOutput, error) {
	name, err := groupOfARN(in.ResourceArn)
	if err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags, codeTooManyTags); err != nil {
		return nil, err
	}
	return nil, tagError(l.db.tagGroup(ctx, name, in.Tags), codeTooManyTags)
}

func (l *Logs) untagResource(ctx context.Context, _ *awsapi.Call, in *untagResourceIn) (*awsapi.NoOutput, error) {
	name, err := groupOfARN(in.ResourceArn)
	if err != nil {
		return nil, err
	}
	return nil, apiError(l.db.untagGroup(ctx, name, in.TagKeys))
}

func (l *Logs) listTagsForResource(ctx context.Context, _ *awsapi.Call, in *resourceArnIn) (*tagsOut, error) {
	name, err := groupOfARN(in.ResourceArn)
	if err != nil {
		return nil, err
	}
	tags, err := l.db.groupTags(ctx, name)
	if err != nil {
		return nil, apiError(err)
	}
	return &tagsOut{Tags: tags}, nil
}
