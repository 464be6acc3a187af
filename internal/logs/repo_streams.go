package logs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// stream is a stored log stream. Event timestamps are nil until the
// stream receives events.
type stream struct {
	ID             int64
	GroupID        int64
	Name           string
	CreationTime   int64
	FirstEvent     *int64
	LastEvent      *int64
	LastIngestion  *int64
	UploadSequence int64
	StoredBytes    int64
}

const streamCols = `id, group_id, name, creation_time, first_event, last_event, last_ingestion, upload_seq, stored_bytes`

func scanStream(row interface{ Scan(...any) error }) (*stream, error) {
	var s stream
	var first, last, ing sql.NullInt64
	if err := row.Scan(&s.ID, &s.GroupID, &s.Name, &s.CreationTime, &first, &last, &ing, &s.UploadSequence, &s.StoredBytes); err != nil {
		return nil, err
	}
	s.FirstEvent, s.LastEvent, s.LastIngestion = nullPtr(first), nullPtr(last), nullPtr(ing)
	return &s, nil
}

func nullPtr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

// createStream inserts a stream; ErrStreamExists if taken. With
// ifMissing, an existing stream is not an error.
func (r *repo) createStream(ctx context.Context, groupID int64, name string, created int64, ifMissing bool) error {
	q := `INSERT INTO log_streams(group_id, name, creation_time) VALUES (?, ?, ?) ON CONFLICT (group_id, name) DO NOTHING`
	res, err := r.db.ExecContext(ctx, q, groupID, name, created)
	if err != nil {
		return fmt.Errorf("logs: create stream %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 && !ifMissing {
		return fmt.Errorf("logs: create stream %s: %w", name, ErrStreamExists)
	}
	return nil
}

// getStream loads a stream of a group; ErrStreamNotFound if missing.
func (r *repo) getStream(ctx context.Context, groupID int64, name string) (*stream, error) {
	s, err := scanStream(r.db.QueryRowContext(ctx, `SELECT `+streamCols+` FROM log_streams WHERE group_id = ? AND name = ?`, groupID, name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("logs: stream %s: %w", name, ErrStreamNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("logs: get stream %s: %w", name, err)
	}
	return s, nil
}

// deleteStream removes a stream and its events, and takes its bytes off
// the group's total.
func (r *repo) deleteStream(ctx context.Context, groupID int64, name string) error {
	err := r.tx(ctx, func(tx *sql.Tx) error {
		var id, bytes int64
		err := tx.QueryRowContext(ctx, `SELECT id, stored_bytes FROM log_streams WHERE group_id = ? AND name = ?`, groupID, name).Scan(&id, &bytes)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrStreamNotFound
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM log_events WHERE stream_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM log_streams WHERE id = ?`, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE log_groups SET stored_bytes = stored_bytes - ? WHERE id = ?`, bytes, groupID)
		return err
	})
	if err != nil {
		return fmt.Errorf("logs: delete stream %s: %w", name, err)
	}
	return nil
}

// streamQuery selects streams for DescribeLogStreams. Paging continues
// after (AfterTime, AfterName) in the requested order.
type streamQuery struct {
	Prefix      string
	ByLastEvent bool
	Descending  bool
	HasAfter    bool
	AfterTime   int64
	AfterName   string
	Limit       int
}

// listStreams returns up to q.Limit streams of a group.
func (r *repo) listStreams(ctx context.Context, groupID int64, q streamQuery) ([]*stream, error) {
	where := []string{"group_id = ?"}
	args := []any{groupID}
	if q.Prefix != "" {
		// Stream names may hold any character but ':' and '*', so compare
		// the prefix exactly instead of with LIKE.
		where = append(where, "substr(name, 1, ?) = ?")
		args = append(args, utf8.RuneCountInString(q.Prefix), q.Prefix)
	}
	cmp, dir := ">", "ASC"
	if q.Descending {
		cmp, dir = "<", "DESC"
	}
	order := "name " + dir
	if q.ByLastEvent {
		key := "COALESCE(last_event, 0)"
		order = key + " " + dir + ", name " + dir
		if q.HasAfter {
			where = append(where, "("+key+" "+cmp+" ? OR ("+key+" = ? AND name "+cmp+" ?))")
			args = append(args, q.AfterTime, q.AfterTime, q.AfterName)
		}
	} else if q.HasAfter {
		where = append(where, "name "+cmp+" ?")
		args = append(args, q.AfterName)
	}
	args = append(args, q.Limit)
	rows, err := r.db.QueryContext(ctx, `SELECT `+streamCols+` FROM log_streams WHERE `+strings.Join(where, " AND ")+` ORDER BY `+order+` LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("logs: list streams: %w", err)
	}
	defer rows.Close()
	var out []*stream
	for rows.Next() {
		s, err := scanStream(rows)
		if err != nil {
			return nil, fmt.Errorf("logs: list streams: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// streamIDs resolves stream names (or, with names nil, a name prefix) to
// ids and names of one group.
func (r *repo) streamIDs(ctx context.Context, groupID int64, names []string, prefix string) (map[int64]string, error) {
	out := map[int64]string{}
	var rows *sql.Rows
	var err error
	if names != nil {
		marks := strings.TrimSuffix(strings.Repeat("?,", len(names)), ",")
		args := []any{groupID}
		for _, n := range names {
			args = append(args, n)
		}
		rows, err = r.db.QueryContext(ctx, `SELECT id, name FROM log_streams WHERE group_id = ? AND name IN (`+marks+`)`, args...)
	} else {
		rows, err = r.db.QueryContext(ctx, `SELECT id, name FROM log_streams WHERE group_id = ? AND substr(name, 1, ?) = ?`, groupID, utf8.RuneCountInString(prefix), prefix)
	}
	if err != nil {
		return nil, fmt.Errorf("logs: resolve streams: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("logs: resolve streams: %w", err)
		}
		out[id] = name
	}
	return out, rows.Err()
}
