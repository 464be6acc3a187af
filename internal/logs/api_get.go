package logs

import (
	"context"
	"slices"

	"github.com/berth-dev/berth/internal/awsapi"
)

// maxResponseBytes caps the events one GetLogEvents or FilterLogEvents
// response carries, as AWS does (1 MB, 26 bytes of overhead per event).
const maxResponseBytes = 1048576

type getLogEventsIn struct {
	LogGroupName       string `json:"logGroupName"`
	LogGroupIdentifier string `json:"logGroupIdentifier"`
	LogStreamName      string `json:"logStreamName" aws:"required"`
	StartTime          *int64 `json:"startTime"`
	EndTime            *int64 `json:"endTime"`
	NextToken          string `json:"nextToken"`
	Limit              *int   `json:"limit"`
	StartFromHead      *bool  `json:"startFromHead"`
	Unmask             bool   `json:"unmask"`
}

type outputLogEvent struct {
	Timestamp     int64  `json:"timestamp"`
	Message       string `json:"message"`
	IngestionTime int64  `json:"ingestionTime"`
}

type getLogEventsOut struct {
	Events            []outputLogEvent `json:"events"`
	NextForwardToken  string           `json:"nextForwardToken"`
	NextBackwardToken string           `json:"nextBackwardToken"`
}

// getLogEvents reads one stream. Without a token it returns the newest
// events in the time range (the oldest with startFromHead); an "f/" token
// continues forward after the last event seen, a "b/" token backward
// before the first. Events are always listed oldest first. With nothing
// to return, the token passed in comes back unchanged, which is how AWS
// tells a reader it is at the end.
func (l *Logs) getLogEvents(ctx context.Context, _ *awsapi.Call, in *getLogEventsIn) (*getLogEventsOut, error) {
	name, err := resolveGroup(in.LogGroupName, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	if err := checkStreamParam("logStreamName", in.LogStreamName); err != nil {
		return nil, err
	}
	limit, err := checkLimit(in.Limit, 10000, 10000)
	if err != nil {
		return nil, err
	}
	q := eventRange{Limit: limit}
	if in.StartTime != nil {
		q.Start = *in.StartTime
	}
	if in.EndTime != nil {
		q.End = *in.EndTime
		if q.End <= 0 {
			q.End = 1 // nothing is before the epoch; keep 0 from meaning "unbounded"
		}
	}
	dir := byte('f')
	fromHead := in.StartFromHead != nil && *in.StartFromHead
	if in.NextToken != "" {
		d, p, err := parseEventsToken(in.NextToken)
		if err != nil {
			return nil, err
		}
		dir = d
		if d == 'f' {
			q.After = &p
		} else {
			q.Before = &p
		}
	} else if !fromHead {
		dir = 'b'
	}
	q.Descending = dir == 'b'

	g, err := l.db.getGroup(ctx, name)
	if err != nil {
		return nil, apiError(err)
	}
	s, err := l.db.getStream(ctx, g.ID, in.LogStreamName)
	if err != nil {
		return nil, apiError(err)
	}
	events, err := l.db.queryEvents(ctx, g.ID, []int64{s.ID}, q)
	if err != nil {
		return nil, err
	}
	events = capBytes(events)
	if q.Descending {
		slices.Reverse(events)
	}
	out := &getLogEventsOut{Events: make([]outputLogEvent, 0, len(events))}
	for _, e := range events {
		out.Events = append(out.Events, outputLogEvent{Timestamp: e.TS, Message: e.Message, IngestionTime: e.Ingestion})
	}
	switch {
	case len(events) > 0:
		out.NextForwardToken = eventsToken('f', events[len(events)-1].pos())
		out.NextBackwardToken = eventsToken('b', events[0].pos())
	case in.NextToken != "":
		out.NextForwardToken, out.NextBackwardToken = in.NextToken, in.NextToken
	default:
		// An empty stream: reading forward from the start will see
		// whatever arrives later.
		out.NextForwardToken, out.NextBackwardToken = eventsToken('f', pos{}), eventsToken('b', pos{})
	}
	return out, nil
}

// capBytes keeps the leading events that fit in one response.
func capBytes(events []*storedEvent) []*storedEvent {
	size := 0
	for i, e := range events {
		size += len(e.Message) + eventOverhead
		if size > maxResponseBytes {
			return events[:i]
		}
	}
	return events
}
