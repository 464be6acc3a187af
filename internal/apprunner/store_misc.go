package apprunner

import (
	"context"
	"database/sql"
	"sort"
)

// insertConnection stores a new connection; errExists when the name is taken.
func (r *repo) insertConnection(ctx context.Context, c *connectionRecord) error {
	return r.st.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM apprunner_connections WHERE name = ?`, c.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errExists
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO apprunner_connections (arn, name, created, body) VALUES (?, ?, ?, ?)`,
			c.ARN, c.Name, c.CreatedAt.UnixNano(), mustJSON(c))
		return err
	})
}

func (r *repo) connection(ctx context.Context, arn string) (*connectionRecord, error) {
	var c connectionRecord
	if err := one(ctx, r.st.DB(), &c, `SELECT body FROM apprunner_connections WHERE arn = ?`, arn); err != nil {
		return nil, err
	}
	return &c, nil
}

func (r *repo) connections(ctx context.Context) ([]*connectionRecord, error) {
	return all[connectionRecord](ctx, r.st.DB(), `SELECT body FROM apprunner_connections ORDER BY created, name`)
}

// deleteConnection removes a connection and its tags.
func (r *repo) deleteConnection(ctx context.Context, arn string) error {
	return r.st.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM apprunner_connections WHERE arn = ?`, arn)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNotFound
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM apprunner_tags WHERE arn = ?`, arn)
		return err
	})
}

// insertAutoScaling stores the next revision of a configuration name;
// build receives the revision number and returns the record to store.
func (r *repo) insertAutoScaling(ctx context.Context, name string, build func(revision int) *autoScalingRecord) (*autoScalingRecord, error) {
	var out *autoScalingRecord
	err := r.st.Tx(ctx, func(tx *sql.Tx) error {
		var last int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(revision), 0) FROM apprunner_autoscaling WHERE name = ?`, name).Scan(&last); err != nil {
			return err
		}
		rec := build(last + 1)
		_, err := tx.ExecContext(ctx, `INSERT INTO apprunner_autoscaling (arn, name, revision, active, body) VALUES (?, ?, ?, 1, ?)`,
			rec.ARN, rec.Name, rec.Revision, mustJSON(rec))
		out = rec
		return err
	})
	return out, err
}

// autoScalings lists the revisions of name ("" for every name), by name
// then revision.
func (r *repo) autoScalings(ctx context.Context, name string) ([]*autoScalingRecord, error) {
	if name == "" {
		return all[autoScalingRecord](ctx, r.st.DB(), `SELECT body FROM apprunner_autoscaling ORDER BY name, revision`)
	}
	return all[autoScalingRecord](ctx, r.st.DB(), `SELECT body FROM apprunner_autoscaling WHERE name = ? ORDER BY revision`, name)
}

func (r *repo) putAutoScaling(ctx context.Context, rec *autoScalingRecord) error {
	active := 0
	if rec.Status == "ACTIVE" {
		active = 1
	}
	_, err := r.st.DB().ExecContext(ctx, `UPDATE apprunner_autoscaling SET active = ?, body = ? WHERE arn = ?`, active, mustJSON(rec), rec.ARN)
	return err
}

// tags returns a resource's tags sorted by key.
func (r *repo) tags(ctx context.Context, arn string) ([]Tag, error) {
	rows, err := r.st.DB().QueryContext(ctx, `SELECT tag_key, tag_value FROM apprunner_tags WHERE arn = ? ORDER BY tag_key`, arn)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Tag{}
	for rows.Next() {
		var t Tag
		if err := rows.Scan(&t.Key, &t.Value); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// tag sets tags on a resource, replacing values of existing keys, unless
// the result would hold more than limit tags.
func (r *repo) tag(ctx context.Context, arn string, tags []Tag, limit int) error {
	return r.st.Tx(ctx, func(tx *sql.Tx) error {
		keys := map[string]bool{}
		rows, err := tx.QueryContext(ctx, `SELECT tag_key FROM apprunner_tags WHERE arn = ?`, arn)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k string
			rows.Scan(&k)
			keys[k] = true
		}
		rows.Close()
		for _, t := range tags {
			keys[t.Key] = true
		}
		if len(keys) > limit {
			return errTooManyTags
		}
		sorted := append([]Tag(nil), tags...)
		sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Key < sorted[j].Key })
		for _, t := range sorted {
			if _, err := tx.ExecContext(ctx, `INSERT INTO apprunner_tags (arn, tag_key, tag_value) VALUES (?, ?, ?)
				ON CONFLICT (arn, tag_key) DO UPDATE SET tag_value = excluded.tag_value`, arn, t.Key, t.Value); err != nil {
				return err
			}
		}
		return nil
	})
}

// untag removes keys from a resource; missing keys are ignored.
func (r *repo) untag(ctx context.Context, arn string, keys []string) error {
	return r.st.Tx(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `DELETE FROM apprunner_tags WHERE arn = ? AND tag_key = ?`, arn, k); err != nil {
				return err
			}
		}
		return nil
	})
}
