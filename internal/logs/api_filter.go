package logs

import (
	"context"
	"errors"
	"maps"
	"slices"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/logs/filter"
)

// Bounds of one FilterLogEvents call: events are read in pages of
// filterPage and at most filterScan are examined before the call returns
// a nextToken, matches or not, as AWS does for long searches.
const (
	filterPage = 1000
	filterScan = 100000
)

type filterLogEventsIn struct {
	LogGroupName        string   `json:"logGroupName"`
	LogGroupIdentifier  string   `json:"logGroupIdentifier"`
	LogStreamNames      []string `json:"logStreamNames"`
	LogStreamNamePrefix string   `json:"logStreamNamePrefix"`
	StartTime           *int64   `json:"startTime"`
	EndTime             *int64   `json:"endTime"`
	FilterPattern       *string  `json:"filterPattern"`
	NextToken           string   `json:"nextToken"`
	Limit               *int     `json:"limit"`
	Interleaved         bool     `json:"interleaved"`
	Unmask              bool     `json:"unmask"`
}

type filteredLogEvent struct {
	LogStreamName string `json:"logStreamName"`
	Timestamp     int64  `json:"timestamp"`
	Message       string `json:"message"`
	IngestionTime int64  `json:"ingestionTime"`
	EventID       string `json:"eventId"`
}

type searchedLogStream struct {
	LogStreamName      string `json:"logStreamName"`
	SearchedCompletely bool   `json:"searchedCompletely"`
}

type filterLogEventsOut struct {
	Events             []filteredLogEvent  `json:"events"`
	SearchedLogStreams []searchedLogStream `json:"searchedLogStreams"`
	NextToken          string              `json:"nextToken,omitempty"`
}

// filterLogEvents searches a group's events, all streams interleaved in
// timestamp order (the interleaved flag is accepted; AWS has ignored it
// since 2019). startTime and endTime are both inclusive. searchedLogStreams
// is always empty, as on AWS since 2020.
func (l *Logs) filterLogEvents(ctx context.Context, _ *awsapi.Call, in *filterLogEventsIn) (*filterLogEventsOut, error) {
	name, err := resolveGroup(in.LogGroupName, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	if in.LogStreamNames != nil && in.LogStreamNamePrefix != "" {
		return nil, awsapi.Errorf(codeInvalidParameter, "logStreamNames and logStreamNamePrefix are mutually exclusive parameters.")
	}
	if in.LogStreamNames != nil && (len(in.LogStreamNames) < 1 || len(in.LogStreamNames) > 100) {
		return nil, constraintError("logStreamNames", in.LogStreamNames, "Member must have length between 1 and 100")
	}
	limit, err := checkLimit(in.Limit, 10000, 10000)
	if err != nil {
		return nil, err
	}
	var pattern *filter.Pattern
	if in.FilterPattern != nil {
		if pattern, err = filter.Compile(*in.FilterPattern); err != nil {
			var se *filter.SyntaxError
			if errors.As(err, &se) {
				return nil, awsapi.Errorf(codeInvalidParameter, "Invalid filter pattern: %s at character %d.", se.Msg, se.Offset+1)
			}
			return nil, awsapi.Errorf(codeInvalidParameter, "Invalid filter pattern.")
		}
	}
	q := eventRange{Limit: filterPage}
	if in.StartTime != nil {
		q.Start = *in.StartTime
	}
	if in.EndTime != nil {
		q.End = max(*in.EndTime+1, 1)
	}
	if in.NextToken != "" {
		p, err := parseFilterToken(in.NextToken)
		if err != nil {
			return nil, err
		}
		q.After = &p
	}
	g, err := l.db.getGroup(ctx, name)
	if err != nil {
		return nil, apiError(err)
	}
	names, err := l.streamsToSearch(ctx, g.ID, in)
	if err != nil {
		return nil, err
	}
	out := &filterLogEventsOut{Events: []filteredLogEvent{}, SearchedLogStreams: []searchedLogStream{}}
	if names != nil && len(names) == 0 {
		return out, nil
	}
	var ids []int64
	if names != nil {
		ids = slices.Sorted(maps.Keys(names))
	}
	if names == nil {
		names = map[int64]string{}
	}
	last, more, err := l.scan(ctx, g.ID, ids, q, limit, pattern, func(e *storedEvent) {
		sn, ok := names[e.StreamID]
		if !ok {
			sn = l.streamName(ctx, e.StreamID)
			names[e.StreamID] = sn
		}
		out.Events = append(out.Events, filteredLogEvent{LogStreamName: sn, Timestamp: e.TS, Message: e.Message,
			IngestionTime: e.Ingestion, EventID: eventID(e)})
	})
	if err != nil {
		return nil, err
	}
	if more {
		out.NextToken = filterToken(last)
	}
	return out, nil
}

// streamsToSearch returns the streams a request restricts the search to
// (id → name), or nil for every stream of the group.
func (l *Logs) streamsToSearch(ctx context.Context, groupID int64, in *filterLogEventsIn) (map[int64]string, error) {
	switch {
	case in.LogStreamNames != nil:
		return l.db.streamIDs(ctx, groupID, in.LogStreamNames, "")
	case in.LogStreamNamePrefix != "":
		return l.db.streamIDs(ctx, groupID, nil, in.LogStreamNamePrefix)
	}
	return nil, nil
}

// streamName looks a stream's name up by id; "" if it vanished.
func (l *Logs) streamName(ctx context.Context, id int64) string {
	var name string
	l.db.db.QueryRowContext(ctx, `SELECT name FROM log_streams WHERE id = ?`, id).Scan(&name)
	return name
}

// scan walks events in order from q, passing those that match pattern to
// emit, until limit events were emitted, the next would take the response
// past maxResponseBytes, the scan budget is spent or the events run out.
// It returns the position of the last event consumed and whether more may
// follow it.
func (l *Logs) scan(ctx context.Context, groupID int64, ids []int64, q eventRange, limit int, pattern *filter.Pattern, emit func(*storedEvent)) (pos, bool, error) {
	var last pos
	if q.After != nil {
		last = *q.After
	}
	kept, scanned, size := 0, 0, 0
	for {
		page, err := l.db.queryEvents(ctx, groupID, ids, q)
		if err != nil {
			return last, false, err
		}
		for _, e := range page {
			matched := pattern.Match(e.Message)
			n := len(e.Message) + eventOverhead
			if matched && kept > 0 && size+n > maxResponseBytes {
				return last, true, nil
			}
			last = e.pos()
			scanned++
			if !matched {
				continue
			}
			emit(e)
			kept++
			size += n
			if kept == limit {
				return last, true, nil
			}
		}
		if len(page) < q.Limit {
			return last, false, nil
		}
		if scanned >= filterScan {
			return last, true, nil
		}
		q.After = &last
	}
}
