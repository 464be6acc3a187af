package logs

import (
	"context"
	"fmt"
	"strconv"

	"github.com/berth-dev/berth/internal/awsapi"
)

type streamNameIn struct {
	LogGroupName  string `json:"logGroupName" aws:"required"`
	LogStreamName string `json:"logStreamName" aws:"required"`
}

type describeLogStreamsIn struct {
	LogGroupName        string `json:"logGroupName"`
	LogGroupIdentifier  string `json:"logGroupIdentifier"`
	LogStreamNamePrefix string `json:"logStreamNamePrefix"`
	OrderBy             string `json:"orderBy"`
	Descending          bool   `json:"descending"`
	NextToken           string `json:"nextToken"`
	Limit               *int   `json:"limit"`
}

type logStreamOut struct {
	LogStreamName       string `json:"logStreamName"`
	CreationTime        int64  `json:"creationTime"`
	FirstEventTimestamp *int64 `json:"firstEventTimestamp,omitempty"`
	LastEventTimestamp  *int64 `json:"lastEventTimestamp,omitempty"`
	LastIngestionTime   *int64 `json:"lastIngestionTime,omitempty"`
	UploadSequenceToken string `json:"uploadSequenceToken"`
	Arn                 string `json:"arn"`
	StoredBytes         int64  `json:"storedBytes"`
}

type describeLogStreamsOut struct {
	LogStreams []logStreamOut `json:"logStreams"`
	NextToken  string         `json:"nextToken,omitempty"`
}

func (l *Logs) createLogStream(ctx context.Context, _ *awsapi.Call, in *streamNameIn) (*awsapi.NoOutput, error) {
	if err := checkGroupParam("logGroupName", in.LogGroupName); err != nil {
		return nil, err
	}
	if err := checkStreamParam("logStreamName", in.LogStreamName); err != nil {
		return nil, err
	}
	g, err := l.db.getGroup(ctx, in.LogGroupName)
	if err != nil {
		return nil, apiError(err)
	}
	return nil, apiError(l.db.createStream(ctx, g.ID, in.LogStreamName, l.nowMillis(), false))
}

func (l *Logs) deleteLogStream(ctx context.Context, _ *awsapi.Call, in *streamNameIn) (*awsapi.NoOutput, error) {
	if err := checkGroupParam("logGroupName", in.LogGroupName); err != nil {
		return nil, err
	}
	if err := checkStreamParam("logStreamName", in.LogStreamName); err != nil {
		return nil, err
	}
	g, err := l.db.getGroup(ctx, in.LogGroupName)
	if err != nil {
		return nil, apiError(err)
	}
	return nil, apiError(l.db.deleteStream(ctx, g.ID, in.LogStreamName))
}

func (l *Logs) describeLogStreams(ctx context.Context, _ *awsapi.Call, in *describeLogStreamsIn) (*describeLogStreamsOut, error) {
	name, err := resolveGroup(in.LogGroupName, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	limit, err := checkLimit(in.Limit, 50, 50)
	if err != nil {
		return nil, err
	}
	q := streamQuery{Prefix: in.LogStreamNamePrefix, Descending: in.Descending, Limit: limit + 1}
	switch in.OrderBy {
	case "", "LogStreamName":
	case "LastEventTime":
		q.ByLastEvent = true
		if in.LogStreamNamePrefix != "" {
			return nil, awsapi.Errorf(codeInvalidParameter, "Cannot order by LastEventTime with a logStreamNamePrefix.")
		}
	default:
		return nil, constraintError("orderBy", in.OrderBy, "Member must satisfy enum value set: [LogStreamName, LastEventTime]")
	}
	if in.LogStreamNamePrefix != "" {
		if err := checkStreamParam("logStreamNamePrefix", in.LogStreamNamePrefix); err != nil {
			return nil, err
		}
	}
	if in.NextToken != "" {
		f, err := parseTextToken(in.NextToken, streamTokenKind(q), 2)
		if err != nil {
			return nil, err
		}
		t, perr := strconv.ParseInt(f[0], 10, 64)
		if perr != nil {
			return nil, errBadToken()
		}
		q.HasAfter, q.AfterTime, q.AfterName = true, t, f[1]
	}
	g, err := l.db.getGroup(ctx, name)
	if err != nil {
		return nil, apiError(err)
	}
	streams, err := l.db.listStreams(ctx, g.ID, q)
	if err != nil {
		return nil, err
	}
	out := &describeLogStreamsOut{LogStreams: []logStreamOut{}}
	for i, s := range streams {
		if i == limit {
			last := streams[i-1]
			var t int64
			if last.LastEvent != nil {
				t = *last.LastEvent
			}
			out.NextToken = textToken(streamTokenKind(q), strconv.FormatInt(t, 10), last.Name)
			break
		}
		out.LogStreams = append(out.LogStreams, l.streamOut(g.Name, s))
	}
	return out, nil
}

// streamTokenKind ties a DescribeLogStreams token to its ordering, so a
// token cannot be replayed with another one.
func streamTokenKind(q streamQuery) string {
	return fmt.Sprintf("streams/%t/%t/%s", q.ByLastEvent, q.Descending, q.Prefix)
}

func (l *Logs) streamOut(group string, s *stream) logStreamOut {
	return logStreamOut{LogStreamName: s.Name, CreationTime: s.CreationTime, FirstEventTimestamp: s.FirstEvent,
		LastEventTimestamp: s.LastEvent, LastIngestionTime: s.LastIngestion, UploadSequenceToken: sequenceToken(s.ID, s.UploadSequence),
		Arn: StreamARN(l.opts.Region, group, s.Name), StoredBytes: s.StoredBytes}
}

// sequenceToken renders a stream's upload sequence like AWS's 56-digit
// tokens. PutLogEvents accepts and ignores tokens, as AWS now does.
func sequenceToken(streamID, seq int64) string {
	return fmt.Sprintf("49%018d%036d", streamID, seq)
}
