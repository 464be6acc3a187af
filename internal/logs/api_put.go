package logs

import (
	"context"
	"encoding/json"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
)

// AWS's PutLogEvents limits.
const (
	maxBatchEvents = 10000
	maxBatchBytes  = 1048576
	maxBatchSpan   = int64(24 * time.Hour / time.Millisecond)
	maxEventAge    = 14 * dayMillis
	maxEventAhead  = int64(2 * time.Hour / time.Millisecond)
)

type putLogEventsIn struct {
	LogGroupName  string          `json:"logGroupName" aws:"required"`
	LogStreamName string          `json:"logStreamName" aws:"required"`
	LogEvents     []inputLogEvent `json:"logEvents" aws:"required"`
	SequenceToken string          `json:"sequenceToken"`
	Entity        json.RawMessage `json:"entity"`
}

type inputLogEvent struct {
	Timestamp *int64  `json:"timestamp"`
	Message   *string `json:"message"`
}

type rejectedInfo struct {
	TooNewLogEventStartIndex *int `json:"tooNewLogEventStartIndex,omitempty"`
	TooOldLogEventEndIndex   *int `json:"tooOldLogEventEndIndex,omitempty"`
	ExpiredLogEventEndIndex  *int `json:"expiredLogEventEndIndex,omitempty"`
}

type putLogEventsOut struct {
	NextSequenceToken     string        `json:"nextSequenceToken,omitempty"`
	RejectedLogEventsInfo *rejectedInfo `json:"rejectedLogEventsInfo,omitempty"`
}

// putLogEvents applies AWS's batch rules: a batch that breaks them (too
// many events or bytes, out of order, spanning more than 24 hours) fails
// whole; events too far in the future, older than 14 days or older than
// the group's retention are skipped and reported in rejectedLogEventsInfo.
// The sequence token is accepted and ignored, as AWS does since 2023.
func (l *Logs) putLogEvents(ctx context.Context, _ *awsapi.Call, in *putLogEventsIn) (*putLogEventsOut, error) {
	if err := checkGroupParam("logGroupName", in.LogGroupName); err != nil {
		return nil, err
	}
	if err := checkStreamParam("logStreamName", in.LogStreamName); err != nil {
		return nil, err
	}
	if err := checkBatch(in.LogEvents); err != nil {
		return nil, err
	}
	g, err := l.db.getGroup(ctx, in.LogGroupName)
	if err != nil {
		return nil, apiError(err)
	}
	s, err := l.db.getStream(ctx, g.ID, in.LogStreamName)
	if err != nil {
		return nil, apiError(err)
	}
	now := l.nowMillis()
	first, end, info := l.acceptWindow(in.LogEvents, now, g.RetentionDays)
	out := &putLogEventsOut{RejectedLogEventsInfo: info, NextSequenceToken: sequenceToken(s.ID, s.UploadSequence)}
	if first >= end {
		return out, nil
	}
	batch := make([]newEvent, 0, end-first)
	for _, e := range in.LogEvents[first:end] {
		batch = append(batch, newEvent{TS: *e.Timestamp, Message: *e.Message})
	}
	seq, err := l.db.insertEvents(ctx, g.ID, s.ID, batch, now)
	if err != nil {
		return nil, err
	}
	out.NextSequenceToken = sequenceToken(s.ID, seq)
	return out, nil
}

// checkBatch enforces the rules that fail a whole PutLogEvents call.
func checkBatch(events []inputLogEvent) error {
	if len(events) > maxBatchEvents {
		return constraintError("logEvents", "[...]", "Member must have length less than or equal to 10000")
	}
	size := 0
	for i, e := range events {
		if e.Timestamp == nil || e.Message == nil {
			return awsapi.Errorf(codeInvalidParameter, "Log event %d must have a timestamp and a message.", i)
		}
		if *e.Message == "" {
			return awsapi.Errorf(codeInvalidParameter, "Log event %d has an empty message.", i)
		}
		n := len(*e.Message) + eventOverhead
		if n > maxEventBytes {
			return awsapi.Errorf(codeInvalidParameter, "Log event %d is %d bytes, more than the maximum event size of %d bytes.", i, n, maxEventBytes)
		}
		size += n
		if i > 0 && *e.Timestamp < *events[i-1].Timestamp {
			return awsapi.Errorf(codeInvalidParameter, "Log events in a single PutLogEvents request must be in chronological order.")
		}
	}
	if size > maxBatchBytes {
		return awsapi.Errorf(codeInvalidParameter, "Upload too large: %d bytes exceeds limit of %d", size, maxBatchBytes)
	}
	if n := len(events); n > 1 && *events[n-1].Timestamp-*events[0].Timestamp > maxBatchSpan {
		return awsapi.Errorf(codeInvalidParameter, "Log events in a single PutLogEvents request cannot span more than 24 hours.")
	}
	return nil
}

// acceptWindow returns the index range [first, end) of events to store in
// a chronological batch, and what was rejected (nil when nothing was).
func (l *Logs) acceptWindow(events []inputLogEvent, now int64, retentionDays int) (int, int, *rejectedInfo) {
	var info rejectedInfo
	rejected := false
	first, end := 0, len(events)
	for i, e := range events {
		ts := *e.Timestamp
		if ts < now-maxEventAge {
			info.TooOldLogEventEndIndex = intPtr(i)
			first, rejected = i+1, true
		}
		if retentionDays > 0 && ts < now-int64(retentionDays)*dayMillis {
			info.ExpiredLogEventEndIndex = intPtr(i)
			first, rejected = max(first, i+1), true
		}
		if ts > now+maxEventAhead {
			info.TooNewLogEventStartIndex = intPtr(i)
			end, rejected = i, true
			break
		}
	}
	if !rejected {
		return first, end, nil
	}
	return first, end, &info
}

func intPtr(n int) *int { return &n }
