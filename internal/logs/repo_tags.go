package logs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// maxTags is AWS's limit of tags per log group.
const maxTags = 50

// putTags upserts tags on group id within tx and enforces maxTags.
func putTags(ctx context.Context, tx *sql.Tx, id int64, tags map[string]string) error {
	for k, v := range tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO log_group_tags(group_id, tag_key, tag_value) VALUES (?, ?, ?)
			ON CONFLICT (group_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value`, id, k, v); err != nil {
			return err
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM log_group_tags WHERE group_id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n > maxTags {
		return ErrTooManyTags
	}
	return nil
}

// tagGroup adds or replaces tags on the named group.
func (r *repo) tagGroup(ctx context.Context, name string, tags map[string]string) error {
	err := r.tx(ctx, func(tx *sql.Tx) error {
		id, err := groupID(ctx, tx, name)
		if err != nil {
			return err
		}
		return putTags(ctx, tx, id, tags)
	})
	if err != nil {
		return fmt.Errorf("logs: tag group %s: %w", name, err)
	}
	return nil
}

// untagGroup removes tag keys from the named group; absent keys are ignored.
func (r *repo) untagGroup(ctx context.Context, name string, keys []string) error {
	err := r.tx(ctx, func(tx *sql.Tx) error {
		id, err := groupID(ctx, tx, name)
		if err != nil {
			return err
		}
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `DELETE FROM log_group_tags WHERE group_id = ? AND tag_key = ?`, id, k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("logs: untag group %s: %w", name, err)
	}
	return nil
}

// groupTags returns the tags of the named group.
func (r *repo) groupTags(ctx context.Context, name string) (map[string]string, error) {
	g, err := r.getGroup(ctx, name)
	if err != nil {
		return nil, err
	}
	rows, err := r.db.QueryContext(ctx, `SELECT tag_key, tag_value FROM log_group_tags WHERE group_id = ?`, g.ID)
	if err != nil {
		return nil, fmt.Errorf("logs: tags of %s: %w", name, err)
	}
	defer rows.Close()
	tags := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("logs: tags of %s: %w", name, err)
		}
		tags[k] = v
	}
	return tags, rows.Err()
}

// groupID resolves a group name inside a transaction.
func groupID(ctx context.Context, tx *sql.Tx, name string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM log_groups WHERE name = ?`, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrGroupNotFound
	}
	return id, err
}
