package logs

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/berth-dev/berth/internal/awsapi"
)

type createLogGroupIn struct {
	LogGroupName              string            `json:"logGroupName" aws:"required"`
	KmsKeyID                  string            `json:"kmsKeyId"`
	Tags                      map[string]string `json:"tags"`
	LogGroupClass             string            `json:"logGroupClass"`
	DeletionProtectionEnabled bool              `json:"deletionProtectionEnabled"`
}

type groupNameIn struct {
	LogGroupName string `json:"logGroupName" aws:"required"`
}

type describeLogGroupsIn struct {
	LogGroupNamePrefix    string   `json:"logGroupNamePrefix"`
	LogGroupNamePattern   string   `json:"logGroupNamePattern"`
	NextToken             string   `json:"nextToken"`
	Limit                 *int     `json:"limit"`
	LogGroupClass         string   `json:"logGroupClass"`
	LogGroupIdentifiers   []string `json:"logGroupIdentifiers"`
	AccountIdentifiers    []string `json:"accountIdentifiers"`
	IncludeLinkedAccounts bool     `json:"includeLinkedAccounts"`
}

type logGroupOut struct {
	LogGroupName      string `json:"logGroupName"`
	CreationTime      int64  `json:"creationTime"`
	RetentionInDays   *int   `json:"retentionInDays,omitempty"`
	MetricFilterCount int    `json:"metricFilterCount"`
	Arn               string `json:"arn"`
	StoredBytes       int64  `json:"storedBytes"`
	LogGroupClass     string `json:"logGroupClass"`
	LogGroupArn       string `json:"logGroupArn"`
}

type describeLogGroupsOut struct {
	LogGroups []logGroupOut `json:"logGroups"`
	NextToken string        `json:"nextToken,omitempty"`
}

type putRetentionPolicyIn struct {
	LogGroupName    string `json:"logGroupName" aws:"required"`
	RetentionInDays *int   `json:"retentionInDays" aws:"required"`
}

var groupPatternRe = regexp.MustCompile(`^[\.\-_/#A-Za-z0-9]*$`)

var logGroupClasses = []string{"STANDARD", "INFREQUENT_ACCESS", "DELIVERY"}

func (l *Logs) createLogGroup(ctx context.Context, _ *awsapi.Call, in *createLogGroupIn) (*awsapi.NoOutput, error) {
	if err := checkGroupParam("logGroupName", in.LogGroupName); err != nil {
		return nil, err
	}
	if in.LogGroupClass != "" && !slices.Contains(logGroupClasses, in.LogGroupClass) {
		return nil, constraintError("logGroupClass", in.LogGroupClass, "Member must satisfy enum value set: [STANDARD, INFREQUENT_ACCESS, DELIVERY]")
	}
	if err := checkTags(in.Tags, codeInvalidParameter); err != nil {
		return nil, err
	}
	err := l.db.createGroup(ctx, in.LogGroupName, l.nowMillis(), 0, in.Tags)
	if errors.Is(err, ErrTooManyTags) {
		return nil, awsapi.Errorf(codeInvalidParameter, "A log group can have at most %d tags.", maxTags)
	}
	return nil, apiError(err)
}

func (l *Logs) deleteLogGroup(ctx context.Context, _ *awsapi.Call, in *groupNameIn) (*awsapi.NoOutput, error) {
	if err := checkGroupParam("logGroupName", in.LogGroupName); err != nil {
		return nil, err
	}
	return nil, apiError(l.db.deleteGroup(ctx, in.LogGroupName))
}

func (l *Logs) describeLogGroups(ctx context.Context, _ *awsapi.Call, in *describeLogGroupsIn) (*describeLogGroupsOut, error) {
	limit, err := checkLimit(in.Limit, 50, 50)
	if err != nil {
		return nil, err
	}
	if in.LogGroupNamePrefix != "" && in.LogGroupNamePattern != "" {
		return nil, awsapi.Errorf(codeInvalidParameter, "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.")
	}
	if in.LogGroupNamePrefix != "" {
		if err := checkGroupParam("logGroupNamePrefix", in.LogGroupNamePrefix); err != nil {
			return nil, err
		}
	}
	if err := checkPattern("logGroupNamePattern", in.LogGroupNamePattern, groupPatternRe, `[\.\-_/#A-Za-z0-9]*`); err != nil {
		return nil, err
	}
	q := groupQuery{Prefix: in.LogGroupNamePrefix, Pattern: in.LogGroupNamePattern, Limit: limit + 1}
	if in.NextToken != "" {
		f, err := parseTextToken(in.NextToken, "groups", 1)
		if err != nil {
			return nil, err
		}
		q.After = f[0]
	}
	groups, err := l.db.listGroups(ctx, q)
	if err != nil {
		return nil, err
	}
	out := &describeLogGroupsOut{LogGroups: []logGroupOut{}}
	wanted := identifierSet(in.LogGroupIdentifiers)
	for i, g := range groups {
		if i == limit {
			out.NextToken = textToken("groups", groups[i-1].Name)
			break
		}
		if wanted != nil && !wanted[g.Name] {
			continue
		}
		out.LogGroups = append(out.LogGroups, l.groupOut(g))
	}
	return out, nil
}

// identifierSet turns logGroupIdentifiers (names or ARNs) into names.
func identifierSet(ids []string) map[string]bool {
	if len(ids) == 0 {
		return nil
	}
	set := map[string]bool{}
	for _, id := range ids {
		if n, ok := groupFromARN(id); ok {
			id = n
		}
		set[id] = true
	}
	return set
}

func (l *Logs) groupOut(g *group) logGroupOut {
	arn := GroupARN(l.opts.Region, g.Name)
	o := logGroupOut{LogGroupName: g.Name, CreationTime: g.CreationTime, Arn: arn + ":*", LogGroupArn: arn,
		StoredBytes: g.StoredBytes, LogGroupClass: "STANDARD"}
	if g.RetentionDays > 0 {
		d := g.RetentionDays
		o.RetentionInDays = &d
	}
	return o
}

func (l *Logs) putRetentionPolicy(ctx context.Context, _ *awsapi.Call, in *putRetentionPolicyIn) (*awsapi.NoOutput, error) {
	if err := checkGroupParam("logGroupName", in.LogGroupName); err != nil {
		return nil, err
	}
	if !ValidRetention(*in.RetentionInDays) {
		vals := make([]string, len(RetentionDays))
		for i, d := range RetentionDays {
			vals[i] = strconv.Itoa(d)
		}
		return nil, constraintError("retentionInDays", *in.RetentionInDays, "Member must satisfy enum value set: ["+strings.Join(vals, ", ")+"]")
	}
	return nil, apiError(l.db.setRetention(ctx, in.LogGroupName, *in.RetentionInDays))
}

func (l *Logs) deleteRetentionPolicy(ctx context.Context, _ *awsapi.Call, in *groupNameIn) (*awsapi.NoOutput, error) {
	if err := checkGroupParam("logGroupName", in.LogGroupName); err != nil {
		return nil, err
	}
	return nil, apiError(l.db.setRetention(ctx, in.LogGroupName, 0))
}
