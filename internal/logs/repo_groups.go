package logs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// repo is the SQL behind the component. It keeps to portable SQL (plain
// placeholders, no SQLite functions) so a PostgreSQL store can follow.
type repo struct {
	db *sql.DB
}

// group is a stored log group.
type group struct {
	ID            int64
	Name          string
	CreationTime  int64
	RetentionDays int // 0: never expire
	StoredBytes   int64
}

// tx runs fn in a transaction, committing when it returns nil.
func (r *repo) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// createGroup inserts a group with its tags; ErrGroupExists if taken.
func (r *repo) createGroup(ctx context.Context, name string, created int64, retention int, tags map[string]string) error {
	err := r.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM log_groups WHERE name = ?`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrGroupExists
		}
		var ret any
		if retention > 0 {
			ret = retention
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO log_groups(name, creation_time, retention_days) VALUES (?, ?, ?) RETURNING id`,
			name, created, ret).Scan(&id); err != nil {
			return err
		}
		return putTags(ctx, tx, id, tags)
	})
	if err != nil {
		return fmt.Errorf("logs: create group %s: %w", name, err)
	}
	return nil
}

const groupCols = `id, name, creation_time, retention_days, stored_bytes`

func scanGroup(row interface{ Scan(...any) error }) (*group, error) {
	var g group
	var ret sql.NullInt64
	if err := row.Scan(&g.ID, &g.Name, &g.CreationTime, &ret, &g.StoredBytes); err != nil {
		return nil, err
	}
	g.RetentionDays = int(ret.Int64)
	return &g, nil
}

// getGroup loads a group by name; ErrGroupNotFound if missing.
func (r *repo) getGroup(ctx context.Context, name string) (*group, error) {
	g, err := scanGroup(r.db.QueryRowContext(ctx, `SELECT `+groupCols+` FROM log_groups WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("logs: group %s: %w", name, ErrGroupNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("logs: get group %s: %w", name, err)
	}
	return g, nil
}

// deleteGroup removes a group with its streams, events and tags.
func (r *repo) deleteGroup(ctx context.Context, name string) error {
	err := r.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM log_groups WHERE name = ?`, name).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrGroupNotFound
		}
		if err != nil {
			return err
		}
		// Children first, so the delete does not depend on the driver
		// enforcing ON DELETE CASCADE.
		for _, q := range []string{
			`DELETE FROM log_events WHERE group_id = ?`,
			`DELETE FROM log_streams WHERE group_id = ?`,
			`DELETE FROM log_group_tags WHERE group_id = ?`,
			`DELETE FROM log_groups WHERE id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("logs: delete group %s: %w", name, err)
	}
	return nil
}

// groupQuery selects groups for DescribeLogGroups.
type groupQuery struct {
	Prefix  string // name prefix
	Pattern string // case-insensitive substring
	After   string // names greater than this (paging)
	Limit   int
}

// listGroups returns up to q.Limit groups in name order.
func (r *repo) listGroups(ctx context.Context, q groupQuery) ([]*group, error) {
	where := []string{"name > ?"}
	args := []any{q.After}
	if q.Prefix != "" {
		// Range scan instead of LIKE: names may contain '_' and no
		// escaping is needed. Names are ASCII, so prefix+"\x7f" bounds it.
		where = append(where, "name >= ? AND name < ?")
		args = append(args, q.Prefix, q.Prefix+"\x7f")
	}
	rows, err := r.db.QueryContext(ctx, `SELECT `+groupCols+` FROM log_groups WHERE `+strings.Join(where, " AND ")+` ORDER BY name`, args...)
	if err != nil {
		return nil, fmt.Errorf("logs: list groups: %w", err)
	}
	defer rows.Close()
	var out []*group
	pattern := strings.ToLower(q.Pattern)
	for rows.Next() {
		g, err := scanGroup(rows)
		if err != nil {
			return nil, fmt.Errorf("logs: list groups: %w", err)
		}
		if pattern != "" && !strings.Contains(strings.ToLower(g.Name), pattern) {
			continue
		}
		out = append(out, g)
		if len(out) >= q.Limit {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("logs: list groups: %w", err)
	}
	return out, nil
}

// setRetention sets (days > 0) or clears (days == 0) a group's retention.
func (r *repo) setRetention(ctx context.Context, name string, days int) error {
	var ret any
	if days > 0 {
		ret = days
	}
	res, err := r.db.ExecContext(ctx, `UPDATE log_groups SET retention_days = ? WHERE name = ?`, ret, name)
	if err != nil {
		return fmt.Errorf("logs: set retention %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("logs: set retention %s: %w", name, ErrGroupNotFound)
	}
	return nil
}
