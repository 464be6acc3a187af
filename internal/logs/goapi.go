package logs

import (
	"context"
	"errors"
	"fmt"
	"unicode/utf8"
)

// maxEventBytes is AWS's limit on one event, overhead included.
const maxEventBytes = 256 * 1024

// maxMessageBytes is the longest message one event can carry.
const maxMessageBytes = maxEventBytes - eventOverhead

// EnsureGroup creates the log group if it does not exist, with
// retentionDays (0: never expire; otherwise one of RetentionDays). An
// existing group is left as it is, retention included, so a retention
// someone set with PutRetentionPolicy survives redeploys.
func (l *Logs) EnsureGroup(ctx context.Context, name string, retentionDays int) error {
	if err := checkGroupName(name); err != nil {
		return fmt.Errorf("logs: ensure group: %w", err)
	}
	if retentionDays != 0 && !ValidRetention(retentionDays) {
		return fmt.Errorf("logs: ensure group %s: %d days: %w", name, retentionDays, ErrInvalidRetention)
	}
	if _, err := l.db.getGroup(ctx, name); err == nil {
		return nil
	}
	err := l.db.createGroup(ctx, name, l.nowMillis(), retentionDays, nil)
	if errors.Is(err, ErrGroupExists) {
		return nil
	}
	return err
}

// EnsureStream creates the log stream in an existing group if it does
// not exist. It returns ErrGroupNotFound when the group is missing.
func (l *Logs) EnsureStream(ctx context.Context, group, stream string) error {
	_, err := l.ensureStream(ctx, group, stream)
	return err
}

// ensureStream is EnsureStream returning the group and stream ids.
func (l *Logs) ensureStream(ctx context.Context, groupName, streamName string) (*stream, error) {
	if err := checkStreamName(streamName); err != nil {
		return nil, fmt.Errorf("logs: ensure stream: %w", err)
	}
	g, err := l.db.getGroup(ctx, groupName)
	if err != nil {
		return nil, err
	}
	if s, err := l.db.getStream(ctx, g.ID, streamName); err == nil {
		return s, nil
	}
	if err := l.db.createStream(ctx, g.ID, streamName, l.nowMillis(), true); err != nil {
		return nil, err
	}
	return l.db.getStream(ctx, g.ID, streamName)
}

// Append stores events in group/stream, creating the stream if needed
// (the group must exist: ErrGroupNotFound). Unlike PutLogEvents it takes
// any number of events in any order and never rejects old ones: it is
// for berth's own components. Empty messages are dropped (CloudWatch
// cannot store them), messages longer than an event can hold are split,
// and a zero Time means now.
func (l *Logs) Append(ctx context.Context, group, streamName string, events []Event) error {
	if len(events) == 0 {
		return nil
	}
	s, err := l.ensureStream(ctx, group, streamName)
	if err != nil {
		return err
	}
	now := l.nowMillis()
	batch := make([]newEvent, 0, len(events))
	for _, e := range events {
		ts := now
		if !e.Time.IsZero() {
			ts = max(e.Time.UnixMilli(), 0)
		}
		for _, part := range splitMessage(e.Message, maxMessageBytes) {
			batch = append(batch, newEvent{TS: ts, Message: part})
		}
	}
	if len(batch) == 0 {
		return nil
	}
	if _, err := l.db.insertEvents(ctx, s.GroupID, s.ID, batch, now); err != nil {
		return fmt.Errorf("logs: append to %s/%s: %w", group, streamName, err)
	}
	return nil
}

// splitMessage cuts msg into pieces of at most n bytes without splitting
// a UTF-8 sequence; an empty message yields none.
func splitMessage(msg string, n int) []string {
	var out []string
	for len(msg) > n {
		cut := n
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		if cut == 0 {
			cut = n
		}
		out = append(out, msg[:cut])
		msg = msg[cut:]
	}
	if msg != "" {
		out = append(out, msg)
	}
	return out
}
