package logs

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// eventOverhead is the bytes AWS counts per event on top of its message.
const eventOverhead = 26

// insertChunk is how many events one multi-row INSERT carries (5
// parameters each, well under SQLite's and PostgreSQL's limits).
const insertChunk = 500

// newEvent is an event to store: epoch-millisecond timestamp and message.
type newEvent struct {
	TS      int64
	Message string
}

// storedEvent is an event read back.
type storedEvent struct {
	ID        int64
	StreamID  int64
	TS        int64
	Ingestion int64
	Message   string
}

// pos is a place in an event sequence ordered by (timestamp, id). The
// zero pos is before every event (timestamps are never negative).
type pos struct{ TS, ID int64 }

func (e *storedEvent) pos() pos { return pos{e.TS, e.ID} }

// insertEvents stores events in one stream in one transaction with
// batched multi-row INSERTs, then updates the stream's first/last event
// times, sequence and bytes and the group's bytes. It returns the
// stream's new upload sequence number.
func (r *repo) insertEvents(ctx context.Context, groupID, streamID int64, events []newEvent, ingestion int64) (int64, error) {
	var seq int64
	err := r.tx(ctx, func(tx *sql.Tx) error {
		var bytes int64
		first, last := int64(-1), int64(-1)
		for start := 0; start < len(events); start += insertChunk {
			chunk := events[start:min(start+insertChunk, len(events))]
			var sb strings.Builder
			sb.WriteString(`INSERT INTO log_events(group_id, stream_id, ts, ingestion, size, message) VALUES `)
			args := make([]any, 0, len(chunk)*6)
			for i, e := range chunk {
				if i > 0 {
					sb.WriteByte(',')
				}
				sb.WriteString("(?, ?, ?, ?, ?, ?)")
				args = append(args, groupID, streamID, e.TS, ingestion, len(e.Message), e.Message)
				bytes += int64(len(e.Message))
				if first < 0 || e.TS < first {
					first = e.TS
				}
				if e.TS > last {
					last = e.TS
				}
			}
			if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
				return err
			}
		}
		err := tx.QueryRowContext(ctx, `UPDATE log_streams SET
			first_event = CASE WHEN first_event IS NULL OR first_event > ? THEN ? ELSE first_event END,
			last_event = CASE WHEN last_event IS NULL OR last_event < ? THEN ? ELSE last_event END,
			last_ingestion = ?, upload_seq = upload_seq + 1, stored_bytes = stored_bytes + ?
			WHERE id = ? RETURNING upload_seq`, first, first, last, last, ingestion, bytes, streamID).Scan(&seq)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE log_groups SET stored_bytes = stored_bytes + ? WHERE id = ?`, bytes, groupID)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("logs: insert %d events: %w", len(events), err)
	}
	return seq, nil
}

// eventRange bounds an event query: Start inclusive, End exclusive
// (0 means unbounded), strictly after After or strictly before Before.
type eventRange struct {
	Start, End    int64
	After, Before *pos
	Descending    bool
	Limit         int
}

// queryEvents reads events of the given streams (all streams of groupID
// when streamIDs is nil) in (timestamp, id) order, or reverse order with
// Descending.
func (r *repo) queryEvents(ctx context.Context, groupID int64, streamIDs []int64, q eventRange) ([]*storedEvent, error) {
	var where []string
	var args []any
	switch len(streamIDs) {
	case 0:
		where = append(where, "group_id = ?")
		args = append(args, groupID)
	case 1:
		where = append(where, "stream_id = ?")
		args = append(args, streamIDs[0])
	default:
		where = append(where, "group_id = ? AND stream_id IN ("+strings.TrimSuffix(strings.Repeat("?,", len(streamIDs)), ",")+")")
		args = append(args, groupID)
		for _, id := range streamIDs {
			args = append(args, id)
		}
	}
	if q.Start > 0 {
		where = append(where, "ts >= ?")
		args = append(args, q.Start)
	}
	if q.End > 0 {
		where = append(where, "ts < ?")
		args = append(args, q.End)
	}
	if p := q.After; p != nil {
		where = append(where, "ts >= ? AND (ts > ? OR id > ?)")
		args = append(args, p.TS, p.TS, p.ID)
	}
	if p := q.Before; p != nil {
		where = append(where, "ts <= ? AND (ts < ? OR id < ?)")
		args = append(args, p.TS, p.TS, p.ID)
	}
	order := "ts ASC, id ASC"
	if q.Descending {
		order = "ts DESC, id DESC"
	}
	args = append(args, q.Limit)
	rows, err := r.db.QueryContext(ctx, `SELECT id, stream_id, ts, ingestion, message FROM log_events WHERE `+
		strings.Join(where, " AND ")+` ORDER BY `+order+` LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("logs: query events: %w", err)
	}
	defer rows.Close()
	var out []*storedEvent
	for rows.Next() {
		var e storedEvent
		if err := rows.Scan(&e.ID, &e.StreamID, &e.TS, &e.Ingestion, &e.Message); err != nil {
			return nil, fmt.Errorf("logs: query events: %w", err)
		}
		out = append(out, &e)
	}
	return out, rows.Err()
}
