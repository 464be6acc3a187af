package secretsmanager

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/store"
)

// value returns the version of the secret id selected by versionID and
// stage (AWSCURRENT when both are empty), with AWS's errors.
func (a *API) value(ctx context.Context, id, versionID, stage string) (*secret, *version, error) {
	if versionID != "" && (len(versionID) < minTokenLen || len(versionID) > maxTokenLen) {
		return nil, nil, errLength("versionId", minTokenLen, maxTokenLen)
	}
	s, err := a.find(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if s.scheduled() {
		return nil, nil, errCode(CodeInvalidRequest, msgMarkedDeleted)
	}
	var v *version
	switch {
	case versionID != "":
		v = s.version(versionID)
		if v == nil {
			return nil, nil, awsapi.Errorf(CodeResourceNotFound, "Secrets Manager can't find the specified secret value for VersionId: %s", versionID)
		}
		if stage != "" && !slices.Contains(v.Stages, stage) {
			return nil, nil, errCode(CodeInvalidRequest, "You provided a VersionStage that is not associated to the provided VersionId.")
		}
	default:
		if stage == "" {
			stage = StageCurrent
		}
		v = s.staged(stage)
		if v == nil {
			return nil, nil, awsapi.Errorf(CodeResourceNotFound, "Secrets Manager can't find the specified secret value for staging label: %s", stage)
		}
	}
	a.touch(ctx, s)
	return s, v, nil
}

// touch records the day of the secret's last access, writing only when
// the day changes (AWS keeps LastAccessedDate as a date).
func (a *API) touch(ctx context.Context, s *secret) {
	day := a.now().UTC().Truncate(24 * time.Hour)
	if s.Accessed.Equal(day) {
		return
	}
	store.Update(ctx, a.st, kind, s.Name, false, func(cur *secret) error {
		if cur.ARN != s.ARN {
			return errNotFound()
		}
		cur.Accessed = day
		return nil
	})
	s.Accessed = day
}

func (a *API) getValue(ctx context.Context, _ *awsapi.Call, in *GetSecretValueInput) (*GetSecretValueOutput, error) {
	s, v, err := a.value(ctx, in.SecretID, in.VersionID, in.VersionStage)
	if err != nil {
		return nil, err
	}
	out := &GetSecretValueOutput{ARN: s.ARN, Name: s.Name, VersionID: v.ID, VersionStages: slices.Clone(v.Stages),
		CreatedDate: epoch(v.Created), SecretBinary: v.Binary}
	if v.String != nil {
		str := *v.String
		out.SecretString = &str
	}
	if out.VersionStages == nil {
		out.VersionStages = []string{}
	}
	return out, nil
}

func (a *API) describe(ctx context.Context, _ *awsapi.Call, in *SecretIDInput) (*DescribeSecretOutput, error) {
	s, err := a.find(ctx, in.SecretID)
	if err != nil {
		return nil, err
	}
	return &DescribeSecretOutput{ARN: s.ARN, Name: s.Name, Description: s.Description, KmsKeyID: s.KmsKeyID,
		LastChangedDate: epoch(s.Changed), LastAccessedDate: epoch(s.Accessed), DeletedDate: epoch(s.DeletedAt),
		Tags: s.Tags, VersionIdsToStages: s.stages(), CreatedDate: epoch(s.Created)}, nil
}

// pageBounds reads MaxResults and an offset NextToken.
func pageBounds(max int, token string) (int, int, error) {
	if max < 0 || max > 100 {
		return 0, 0, errCode(CodeValidation, "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100")
	}
	if max == 0 {
		max = 100
	}
	start := 0
	if token != "" {
		n, err := strconv.Atoi(token)
		if err != nil || n < 0 {
			return 0, 0, errCode(CodeInvalidNextToken, msgInvalidToken)
		}
		start = n
	}
	return max, start, nil
}

func (a *API) listVersions(ctx context.Context, _ *awsapi.Call, in *ListSecretVersionIdsInput) (*ListSecretVersionIdsOutput, error) {
	max, start, err := pageBounds(in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	s, err := a.find(ctx, in.SecretID)
	if err != nil {
		return nil, err
	}
	out := &ListSecretVersionIdsOutput{ARN: s.ARN, Name: s.Name, Versions: []VersionEntry{}}
	i := 0
	for j := len(s.Versions) - 1; j >= 0; j-- { // newest first
		v := s.Versions[j]
		if len(v.Stages) == 0 && !in.IncludeDeprecated {
			continue
		}
		if i >= start {
			if len(out.Versions) == max {
				out.NextToken = strconv.Itoa(i)
				break
			}
			out.Versions = append(out.Versions, VersionEntry{VersionID: v.ID, VersionStages: slices.Clone(v.Stages), CreatedDate: epoch(v.Created)})
		}
		i++
	}
	return out, nil
}
