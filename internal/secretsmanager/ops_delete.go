package secretsmanager

import (
	"context"
	"slices"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
)

// Recovery window bounds and default, in days.
const (
	minRecoveryDays     = 7
	maxRecoveryDays     = 30
	defaultRecoveryDays = 30
)

func (a *API) deleteSecret(ctx context.Context, _ *awsapi.Call, in *DeleteSecretInput) (*DeleteSecretOutput, error) {
	if in.RecoveryWindowInDays != nil && in.ForceDeleteWithoutRecovery {
		return nil, errParam("%s", msgForceAndWindow)
	}
	days := int64(defaultRecoveryDays)
	if in.RecoveryWindowInDays != nil {
		days = *in.RecoveryWindowInDays
		if days < minRecoveryDays || days > maxRecoveryDays {
			return nil, errParam("%s", msgRecoveryWindow)
		}
	}
	now := a.now().UTC()
	if in.ForceDeleteWithoutRecovery {
		s, err := a.find(ctx, in.SecretID)
		if err != nil {
			return nil, err
		}
		if err := a.purge(ctx, s.Name, s.ARN); err != nil {
			return nil, err
		}
		return &DeleteSecretOutput{ARN: s.ARN, Name: s.Name, DeletionDate: epoch(now)}, nil
	}
	s, err := a.update(ctx, in.SecretID, func(s *secret) error {
		if s.scheduled() {
			return errCode(CodeInvalidRequest, msgMarkedDeleted)
		}
		s.DeletedAt = now
		s.PurgeAt = now.Add(time.Duration(days) * 24 * time.Hour)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &DeleteSecretOutput{ARN: s.ARN, Name: s.Name, DeletionDate: epoch(s.PurgeAt)}, nil
}

// restore cancels a scheduled deletion; restoring a secret that is not
// scheduled for deletion succeeds and changes nothing, as on AWS.
func (a *API) restore(ctx context.Context, _ *awsapi.Call, in *SecretIDInput) (*SecretRef, error) {
	s, err := a.update(ctx, in.SecretID, func(s *secret) error {
		s.DeletedAt, s.PurgeAt = time.Time{}, time.Time{}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &SecretRef{ARN: s.ARN, Name: s.Name}, nil
}

// mergeTags sets tags on cur (a tag's key replaces its old value) and
// returns the result sorted by key.
func mergeTags(cur, tags []Tag) []Tag {
	out := slices.Clone(cur)
	for _, t := range tags {
		i := slices.IndexFunc(out, func(o Tag) bool { return o.Key == t.Key })
		if i >= 0 {
			out[i].Value = t.Value
		} else {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(x, y Tag) int {
		switch {
		case x.Key < y.Key:
			return -1
		case x.Key > y.Key:
			return 1
		}
		return 0
	})
	return out
}

const maxTags = 50

func (a *API) tag(ctx context.Context, _ *awsapi.Call, in *TagResourceInput) (*struct{}, error) {
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	_, err := a.update(ctx, in.SecretID, func(s *secret) error {
		if s.scheduled() {
			return errCode(CodeInvalidRequest, msgMarkedDeleted)
		}
		tags := mergeTags(s.Tags, in.Tags)
		if len(tags) > maxTags {
			return errCode(CodeLimitExceeded, msgTooManyTags)
		}
		s.Tags = tags
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &struct{}{}, nil
}

func (a *API) untag(ctx context.Context, _ *awsapi.Call, in *UntagResourceInput) (*struct{}, error) {
	_, err := a.update(ctx, in.SecretID, func(s *secret) error {
		if s.scheduled() {
			return errCode(CodeInvalidRequest, msgMarkedDeleted)
		}
		s.Tags = slices.DeleteFunc(s.Tags, func(t Tag) bool { return slices.Contains(in.TagKeys, t.Key) })
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &struct{}{}, nil
}
