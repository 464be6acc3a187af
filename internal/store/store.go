// Package store is berth's persistence: one SQLite database (pure-Go
// driver, WAL) in the data dir, with embedded migrations. Domain packages
// keep their records either as JSON documents in the generic object table
// (Get/Put/Delete/List/Update) or in tables of their own, added as
// migrations under migrations/ (numbered by owner: 01xx iam, 02xx
// cloudformation, 03xx apprunner, 04xx logs, 05xx audit, 06xx pipeline).
// The SQL stays portable so a PostgreSQL backend can follow.
package store

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrNotFound is returned when a record does not exist.
var ErrNotFound = errors.New("store: not found")

// Store is an open database.
type Store struct {
	db *sql.DB
}

// Open opens (creating if needed) the database file at path and applies
// pending migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	dsn := "file:" + filepath.ToSlash(path) + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(ON)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	s := &Store{db: db}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// DB exposes the database for packages with tables of their own.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)`); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = ?`, base).Scan(&n); err != nil {
			return fmt.Errorf("store: migrate %s: %w", base, err)
		}
		if n > 0 {
			continue
		}
		body, err := migrationFS.ReadFile(name)
		if err != nil {
			return fmt.Errorf("store: migrate %s: %w", base, err)
		}
		err = s.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(name) VALUES (?)`, base)
			return err
		})
		if err != nil {
			return fmt.Errorf("store: migrate %s: %w", base, err)
		}
	}
	return nil
}

// Tx runs fn in a write transaction, committing when it returns nil.
func (s *Store) Tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Get loads the JSON document kind/key into v.
func (s *Store) Get(ctx context.Context, kind, key string, v any) error {
	var body []byte
	err := s.db.QueryRowContext(ctx, `SELECT body FROM objects WHERE kind = ? AND key = ?`, kind, key).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("store: get %s/%s: %w", kind, key, err)
	}
	return json.Unmarshal(body, v)
}

// Put stores v as the document kind/key, replacing any previous one.
func (s *Store) Put(ctx context.Context, kind, key string, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("store: put %s/%s: %w", kind, key, err)
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO objects(kind, key, body) VALUES (?, ?, ?)
		ON CONFLICT(kind, key) DO UPDATE SET body = excluded.body`, kind, key, body)
	if err != nil {
		return fmt.Errorf("store: put %s/%s: %w", kind, key, err)
	}
	return nil
}

// Create stores v as kind/key only if no such document exists; it reports
// whether it did.
func (s *Store) Create(ctx context.Context, kind, key string, v any) (bool, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return false, fmt.Errorf("store: create %s/%s: %w", kind, key, err)
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO objects(kind, key, body) VALUES (?, ?, ?) ON CONFLICT(kind, key) DO NOTHING`, kind, key, body)
	if err != nil {
		return false, fmt.Errorf("store: create %s/%s: %w", kind, key, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// Delete removes kind/key; it returns ErrNotFound when it did not exist.
func (s *Store) Delete(ctx context.Context, kind, key string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM objects WHERE kind = ? AND key = ?`, kind, key)
	if err != nil {
		return fmt.Errorf("store: delete %s/%s: %w", kind, key, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// List calls fn for each document of kind whose key starts with prefix, in
// key order, until fn returns an error.
func (s *Store) List(ctx context.Context, kind, prefix string, fn func(key string, body []byte) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT key, body FROM objects WHERE kind = ? AND substr(key, 1, ?) = ? ORDER BY key`, kind, len(prefix), prefix)
	if err != nil {
		return fmt.Errorf("store: list %s: %w", kind, err)
	}
	defer rows.Close()
	type kv struct {
		k string
		b []byte
	}
	var all []kv
	for rows.Next() {
		var e kv
		if err := rows.Scan(&e.k, &e.b); err != nil {
			return fmt.Errorf("store: list %s: %w", kind, err)
		}
		all = append(all, e)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: list %s: %w", kind, err)
	}
	rows.Close()
	for _, e := range all {
		if err := fn(e.k, e.b); err != nil {
			return err
		}
	}
	return nil
}

// ListAll decodes every document of kind with key prefix into a slice.
func ListAll[T any](ctx context.Context, s *Store, kind, prefix string) ([]*T, error) {
	var out []*T
	err := s.List(ctx, kind, prefix, func(_ string, body []byte) error {
		v := new(T)
		if err := json.Unmarshal(body, v); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	return out, err
}

// Update reads kind/key into v, calls fn to change it and writes it back
// in one transaction. fn sees ErrNotFound-free zero values when missing
// only if create is true; otherwise Update returns ErrNotFound.
func Update[T any](ctx context.Context, s *Store, kind, key string, create bool, fn func(v *T) error) (*T, error) {
	v := new(T)
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		var body []byte
		err := tx.QueryRowContext(ctx, `SELECT body FROM objects WHERE kind = ? AND key = ?`, kind, key).Scan(&body)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if !create {
				return ErrNotFound
			}
		case err != nil:
			return err
		default:
			if err := json.Unmarshal(body, v); err != nil {
				return err
			}
		}
		if err := fn(v); err != nil {
			return err
		}
		nb, err := json.Marshal(v)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO objects(kind, key, body) VALUES (?, ?, ?)
			ON CONFLICT(kind, key) DO UPDATE SET body = excluded.body`, kind, key, nb)
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}
