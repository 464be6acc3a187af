package console

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
)

// logLines is how many of a log's newest lines a service page shows.
const logLines = 100

// logStreamsRead bounds the streams merged for a log view (the newest
// ones: one per instance for the application log).
const logStreamsRead = 10

// logView is the tail of a log group.
type logView struct {
	Group string
	Lines []logLine
	Err   *apiError
	// Empty says why there are no lines, when there is no error.
	Empty string
}

// logLine is one event of a log view.
type logLine struct {
	Time    time.Time
	Stream  string
	Message string
}

// lastLines reads the newest n events of group: its most recently written
// streams (DescribeLogStreams), the newest events of each (GetLogEvents),
// merged in time order.
func (c *Console) lastLines(ctx context.Context, p *awsapi.Principal, group string, n int) logView {
	v := logView{Group: group}
	var streams describeStreamsOut
	err := c.call(ctx, p, "logs", "DescribeLogStreams", map[string]any{"logGroupName": group, "orderBy": "LastEventTime",
		"descending": true, "limit": logStreamsRead}, &streams)
	if isCode(err, "ResourceNotFoundException") {
		v.Empty = "No log events yet."
		return v
	}
	if err != nil {
		v.Err = c.explain(err)
		return v
	}
	for _, st := range streams.LogStreams {
		var out getLogEventsOut
		err := c.call(ctx, p, "logs", "GetLogEvents", map[string]any{"logGroupName": group, "logStreamName": st.LogStreamName,
			"limit": n, "startFromHead": false}, &out)
		if err != nil {
			v.Err = c.explain(err)
			return v
		}
		for _, e := range out.Events {
			v.Lines = append(v.Lines, logLine{Time: time.UnixMilli(e.Timestamp).UTC(), Stream: st.LogStreamName,
				Message: strings.TrimRight(e.Message, "\n")})
		}
	}
	sort.SliceStable(v.Lines, func(i, j int) bool { return v.Lines[i].Time.Before(v.Lines[j].Time) })
	if len(v.Lines) > n {
		v.Lines = v.Lines[len(v.Lines)-n:]
	}
	if len(v.Lines) == 0 {
		v.Empty = "No log events yet."
	}
	return v
}
