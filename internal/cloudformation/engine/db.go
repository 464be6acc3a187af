package engine

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/berth-dev/berth/internal/store"
)

// db keeps stacks, resources, events, change sets and exports in the
// cfn_* tables (migration 0201). Bodies are JSON decoded with UseNumber,
// so resolved numbers keep the spelling the template gave them.
type db struct {
	st *store.Store
}

func decode(body []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	return d.Decode(v)
}

func isUniqueViolation(err error) bool {
	return err != nil && strings.Contains(strings.ToLower(err.Error()), "unique")
}

// insertStack adds a new stack; it reports false when a live stack
// already has the name.
func (d *db) insertStack(ctx context.Context, s *Stack) (bool, error) {
	body, err := json.Marshal(s)
	if err != nil {
		return false, fmt.Errorf("engine: insert stack %s: %w", s.Name, err)
	}
	_, err = d.st.DB().ExecContext(ctx, `INSERT INTO cfn_stacks(id, name, status, deleted, created, body) VALUES (?, ?, ?, 0, ?, ?)`,
		s.ID, s.Name, s.Status, s.Created.UnixNano(), string(body))
	if isUniqueViolation(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("engine: insert stack %s: %w", s.Name, err)
	}
	return true, nil
}

// saveStack writes a stack back.
func (d *db) saveStack(ctx context.Context, s *Stack) error {
	body, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("engine: save stack %s: %w", s.Name, err)
	}
	deleted := 0
	if s.Status == StackDeleteComplete {
		deleted = 1
	}
	_, err = d.st.DB().ExecContext(ctx, `UPDATE cfn_stacks SET status = ?, deleted = ?, body = ? WHERE id = ?`, s.Status, deleted, string(body), s.ID)
	if err != nil {
		return fmt.Errorf("engine: save stack %s: %w", s.Name, err)
	}
	return nil
}

// stack finds a stack by id (deleted ones too) or by name (live only).
func (d *db) stack(ctx context.Context, nameOrID string) (*Stack, error) {
	q := `SELECT body FROM cfn_stacks WHERE name = ? AND deleted = 0`
	if strings.HasPrefix(nameOrID, "arn:") {
		q = `SELECT body FROM cfn_stacks WHERE id = ?`
	}
	var body []byte
	err := d.st.DB().QueryRowContext(ctx, q, nameOrID).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errStackNotFound(nameOrID)
	}
	if err != nil {
		return nil, fmt.Errorf("engine: load stack %s: %w", nameOrID, err)
	}
	s := new(Stack)
	if err := decode(body, s); err != nil {
		return nil, fmt.Errorf("engine: load stack %s: %w", nameOrID, err)
	}
	return s, nil
}

// stacks lists stacks, newest first; deleted ones only when asked.
func (d *db) stacks(ctx context.Context, withDeleted bool) ([]*Stack, error) {
	q := `SELECT body FROM cfn_stacks WHERE deleted = 0 ORDER BY created DESC, id`
	if withDeleted {
		q = `SELECT body FROM cfn_stacks ORDER BY created DESC, id`
	}
	return queryAll[Stack](ctx, d, q)
}

// busyStacks lists stacks an operation was running on.
func (d *db) busyStacks(ctx context.Context) ([]*Stack, error) {
	all, err := queryAll[Stack](ctx, d, `SELECT body FROM cfn_stacks WHERE deleted = 0 AND status LIKE '%_IN_PROGRESS' ORDER BY created`)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, s := range all {
		if InProgress(s.Status) {
			out = append(out, s)
		}
	}
	return out, nil
}

func queryAll[T any](ctx context.Context, d *db, q string, args ...any) ([]*T, error) {
	rows, err := d.st.DB().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("engine: query: %w", err)
	}
	defer rows.Close()
	var out []*T
	for rows.Next() {
		var body []byte
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("engine: query: %w", err)
		}
		v := new(T)
		if err := decode(body, v); err != nil {
			return nil, fmt.Errorf("engine: query: %w", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("engine: query: %w", err)
	}
	return out, nil
}

// resources returns a stack's resource records (any order).
func (d *db) resources(ctx context.Context, stackID string) ([]*Resource, error) {
	return queryAll[Resource](ctx, d, `SELECT body FROM cfn_resources WHERE stack_id = ? ORDER BY logical_id`, stackID)
}

// saveResource writes a resource record.
func (d *db) saveResource(ctx context.Context, stackID string, r *Resource) error {
	body, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("engine: save resource %s: %w", r.LogicalID, err)
	}
	_, err = d.st.DB().ExecContext(ctx, `INSERT INTO cfn_resources(stack_id, logical_id, body) VALUES (?, ?, ?)
		ON CONFLICT(stack_id, logical_id) DO UPDATE SET body = excluded.body`, stackID, r.LogicalID, string(body))
	if err != nil {
		return fmt.Errorf("engine: save resource %s: %w", r.LogicalID, err)
	}
	return nil
}

// deleteResource forgets a resource record.
func (d *db) deleteResource(ctx context.Context, stackID, logicalID string) error {
	_, err := d.st.DB().ExecContext(ctx, `DELETE FROM cfn_resources WHERE stack_id = ? AND logical_id = ?`, stackID, logicalID)
	if err != nil {
		return fmt.Errorf("engine: delete resource %s: %w", logicalID, err)
	}
	return nil
}
