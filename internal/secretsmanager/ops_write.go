package secretsmanager

import (
	"context"
	"errors"
	"slices"

	"github.com/google/uuid"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/store"
)

// Value limits, from the service model.
const (
	maxValueBytes   = 65536
	maxDescription  = 2048
	minTokenLen     = 32
	maxTokenLen     = 64
	maxStageLen     = 256
	maxStagesPerVer = 20
)

// createResources is CreateSecret's IAM resource: the ARN the secret
// will have. The random suffix is chosen here and kept in the input, so
// the policy is evaluated against the ARN the secret really gets.
func (a *API) createResources(_ *awsapi.Call, in *CreateSecretInput) []string {
	ctx, cancel := context.WithTimeout(context.Background(), lookupTimeout)
	defer cancel()
	if s, err := a.load(ctx, in.Name); err == nil && s != nil {
		return []string{s.ARN}
	}
	if in.suffix == "" {
		in.suffix = newSuffix()
	}
	return []string{a.arnPrefix() + in.Name + in.suffix}
}

// checkValue validates a request's secret value and token.
func checkValue(str string, bin []byte, token string) error {
	if str != "" && bin != nil {
		return errParam("%s", msgBothValues)
	}
	if len(str) > maxValueBytes {
		return errLength("secretString", 1, maxValueBytes)
	}
	if len(bin) > maxValueBytes {
		return errLength("secretBinary", 0, maxValueBytes)
	}
	if token != "" && (len(token) < minTokenLen || len(token) > maxTokenLen) {
		return errLength("clientRequestToken", minTokenLen, maxTokenLen)
	}
	return nil
}

func hasValue(str string, bin []byte) bool { return str != "" || bin != nil }

func tokenOr(token string) string {
	if token == "" {
		return uuid.NewString()
	}
	return token
}

func checkTags(tags []Tag) error {
	if len(tags) > maxTags {
		return errCode(CodeLimitExceeded, msgTooManyTags)
	}
	for _, t := range tags {
		if t.Key == "" || len(t.Key) > 128 || len(t.Value) > 256 {
			return errParam("Invalid tag key or value: keys must be 1 to 128 characters and values at most 256.")
		}
	}
	return nil
}

func (a *API) create(ctx context.Context, _ *awsapi.Call, in *CreateSecretInput) (*CreateSecretOutput, error) {
	if err := validateName(in.Name); err != nil {
		return nil, err
	}
	if err := checkValue(in.SecretString, in.SecretBinary, in.ClientRequestToken); err != nil {
		return nil, err
	}
	if len(in.Description) > maxDescription {
		return nil, errLength("description", 0, maxDescription)
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	suffix := in.suffix
	if suffix == "" {
		suffix = newSuffix()
	}
	token := tokenOr(in.ClientRequestToken)
	now := a.now().UTC()
	var out CreateSecretOutput
	_, err := store.Update(ctx, a.st, kind, in.Name, true, func(s *secret) error {
		if s.Name != "" && a.expired(s) {
			*s = secret{}
		}
		if s.Name != "" {
			return a.createExisting(s, in, token, &out)
		}
		*s = secret{Name: in.Name, ARN: a.arnPrefix() + in.Name + suffix, Description: in.Description, KmsKeyID: in.KmsKeyID,
			Tags: mergeTags(nil, in.Tags), Created: now, Changed: now}
		out = CreateSecretOutput{ARN: s.ARN, Name: s.Name}
		if hasValue(in.SecretString, in.SecretBinary) {
			out.VersionID = s.addVersion(token, in.SecretString, in.SecretBinary, []string{StageCurrent}, now).ID
		}
		return nil
	})
	if err != nil && !errors.Is(err, errUnchanged) {
		return nil, err
	}
	return &out, nil
}

// createExisting answers CreateSecret for a name already taken: a retry
// with the same token and value succeeds without change (AWS's
// idempotency), anything else fails.
func (a *API) createExisting(s *secret, in *CreateSecretInput, token string, out *CreateSecretOutput) error {
	if s.scheduled() {
		return errCode(CodeInvalidRequest, msgNameScheduled)
	}
	if in.ClientRequestToken != "" {
		if v := s.version(token); v != nil && v.sameValue(in.SecretString, in.SecretBinary) {
			*out = CreateSecretOutput{ARN: s.ARN, Name: s.Name, VersionID: v.ID}
			return errUnchanged
		}
	}
	return awsapi.Errorf(CodeResourceExists, "The operation failed because the secret %s already exists.", s.Name)
}

// errUnchanged aborts a store update whose outcome is already known.
var errUnchanged = errors.New("secretsmanager: unchanged")

func (a *API) putValue(ctx context.Context, _ *awsapi.Call, in *PutSecretValueInput) (*PutSecretValueOutput, error) {
	if !hasValue(in.SecretString, in.SecretBinary) {
		return nil, errCode(CodeInvalidRequest, msgNoValue)
	}
	if err := checkValue(in.SecretString, in.SecretBinary, in.ClientRequestToken); err != nil {
		return nil, err
	}
	stages := in.VersionStages
	if len(stages) == 0 {
		stages = []string{StageCurrent}
	}
	if len(stages) > maxStagesPerVer {
		return nil, errCode(CodeLimitExceeded, "You can attach a maximum of 20 staging labels to a version.")
	}
	for _, l := range stages {
		if l == "" || len(l) > maxStageLen {
			return nil, errLength("versionStages", 1, maxStageLen)
		}
	}
	token := tokenOr(in.ClientRequestToken)
	var out PutSecretValueOutput
	_, err := a.update(ctx, in.SecretID, func(s *secret) error {
		if s.scheduled() {
			return errCode(CodeInvalidRequest, msgMarkedDeleted)
		}
		if v := s.version(token); v != nil {
			if !v.sameValue(in.SecretString, in.SecretBinary) {
				return errCode(CodeResourceExists, msgVersionExists)
			}
			out = PutSecretValueOutput{ARN: s.ARN, Name: s.Name, VersionID: v.ID, VersionStages: slices.Clone(v.Stages)}
			return errUnchanged
		}
		v := s.addVersion(token, in.SecretString, in.SecretBinary, stages, a.now().UTC())
		out = PutSecretValueOutput{ARN: s.ARN, Name: s.Name, VersionID: v.ID, VersionStages: slices.Clone(v.Stages)}
		return nil
	})
	if err != nil && !errors.Is(err, errUnchanged) {
		return nil, err
	}
	return &out, nil
}

func (a *API) updateSecret(ctx context.Context, _ *awsapi.Call, in *UpdateSecretInput) (*UpdateSecretOutput, error) {
	if err := checkValue(in.SecretString, in.SecretBinary, in.ClientRequestToken); err != nil {
		return nil, err
	}
	if in.Description != nil && len(*in.Description) > maxDescription {
		return nil, errLength("description", 0, maxDescription)
	}
	token := tokenOr(in.ClientRequestToken)
	var out UpdateSecretOutput
	_, err := a.update(ctx, in.SecretID, func(s *secret) error {
		if s.scheduled() {
			return errCode(CodeInvalidRequest, msgMarkedDeleted)
		}
		out = UpdateSecretOutput{ARN: s.ARN, Name: s.Name}
		now := a.now().UTC()
		if hasValue(in.SecretString, in.SecretBinary) {
			if v := s.version(token); v != nil {
				if !v.sameValue(in.SecretString, in.SecretBinary) {
					return errCode(CodeResourceExists, msgVersionExists)
				}
				out.VersionID = v.ID
			} else {
				out.VersionID = s.addVersion(token, in.SecretString, in.SecretBinary, []string{StageCurrent}, now).ID
			}
		}
		if in.Description != nil {
			s.Description = *in.Description
		}
		if in.KmsKeyID != "" {
			s.KmsKeyID = in.KmsKeyID
		}
		s.Changed = now
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}
