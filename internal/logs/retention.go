package logs

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// sweepBatch bounds the events one retention transaction deletes, so a
// large backlog never holds the write lock for long.
const sweepBatch = 2000

const dayMillis = int64(24 * time.Hour / time.Millisecond)

// sweepLoop deletes expired events every SweepInterval until ctx ends.
func (l *Logs) sweepLoop(ctx context.Context) {
	t := time.NewTicker(l.opts.SweepInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := l.Sweep(ctx); err != nil && ctx.Err() == nil {
				l.opts.Logger.Error("log retention sweep failed", "error", err)
			} else if n > 0 {
				l.opts.Logger.Debug("log retention sweep", "deleted_events", n)
			}
		}
	}
}

// Sweep deletes the events older than their group's retention, judged by
// event timestamp against the component's clock, and returns how many it
// deleted. Groups without retention keep everything. The sweeper calls it
// every SweepInterval; it is exported for tests and for `berth` commands.
func (l *Logs) Sweep(ctx context.Context) (int64, error) {
	rows, err := l.db.db.QueryContext(ctx, `SELECT id, retention_days FROM log_groups WHERE retention_days IS NOT NULL`)
	if err != nil {
		return 0, fmt.Errorf("logs: sweep: %w", err)
	}
	type target struct{ id, days int64 }
	var targets []target
	for rows.Next() {
		var t target
		if err := rows.Scan(&t.id, &t.days); err != nil {
			rows.Close()
			return 0, fmt.Errorf("logs: sweep: %w", err)
		}
		targets = append(targets, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("logs: sweep: %w", err)
	}
	now := l.nowMillis()
	var total int64
	for _, t := range targets {
		cutoff := now - t.days*dayMillis
		for {
			n, err := l.db.deleteExpired(ctx, t.id, cutoff)
			total += n
			if err != nil {
				return total, fmt.Errorf("logs: sweep group %d: %w", t.id, err)
			}
			if n < sweepBatch {
				break
			}
		}
	}
	return total, nil
}

// deleteExpired deletes up to sweepBatch events of a group with a
// timestamp before cutoff and takes their bytes off the stream and group
// totals, in one transaction.
func (r *repo) deleteExpired(ctx context.Context, groupID, cutoff int64) (int64, error) {
	var deleted int64
	err := r.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, stream_id, size FROM log_events WHERE group_id = ? AND ts < ? ORDER BY ts, id LIMIT ?`,
			groupID, cutoff, sweepBatch)
		if err != nil {
			return err
		}
		var ids []any
		perStream := map[int64]int64{}
		var bytes int64
		for rows.Next() {
			var id, sid, size int64
			if err := rows.Scan(&id, &sid, &size); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
			perStream[sid] += size
			bytes += size
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(ids) == 0 {
			return err
		}
		marks := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
		if _, err := tx.ExecContext(ctx, `DELETE FROM log_events WHERE id IN (`+marks+`)`, ids...); err != nil {
			return err
		}
		for sid, b := range perStream {
			if _, err := tx.ExecContext(ctx, `UPDATE log_streams SET stored_bytes = stored_bytes - ? WHERE id = ?`, b, sid); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE log_groups SET stored_bytes = stored_bytes - ? WHERE id = ?`, bytes, groupID); err != nil {
			return err
		}
		deleted = int64(len(ids))
		return nil
	})
	return deleted, err
}
