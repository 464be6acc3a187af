package engine

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// addEvent appends an event.
func (d *db) addEvent(ctx context.Context, ev *Event) error {
	body, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("engine: add event: %w", err)
	}
	_, err = d.st.DB().ExecContext(ctx, `INSERT INTO cfn_events(stack_id, operation_id, body) VALUES (?, ?, ?)`, ev.StackID, ev.OperationID, string(body))
	if err != nil {
		return fmt.Errorf("engine: add event: %w", err)
	}
	return nil
}

// EventQuery selects events of one stack, newest first.
type EventQuery struct {
	// OperationID keeps one operation's events when set.
	OperationID string
	// Before returns events older than this cursor (from a previous page).
	Before int64
	// Limit bounds the page (default 100).
	Limit int
}

// events returns a page of a stack's events, newest first, and the cursor
// of the next page (0 when there is none).
func (d *db) events(ctx context.Context, stackID string, q EventQuery) ([]*Event, int64, error) {
	if q.Limit <= 0 {
		q.Limit = 100
	}
	sqlq := `SELECT seq, body FROM cfn_events WHERE stack_id = ?`
	args := []any{stackID}
	if q.OperationID != "" {
		sqlq += ` AND operation_id = ?`
		args = append(args, q.OperationID)
	}
	if q.Before > 0 {
		sqlq += ` AND seq < ?`
		args = append(args, q.Before)
	}
	sqlq += ` ORDER BY seq DESC LIMIT ?`
	args = append(args, q.Limit+1)
	rows, err := d.st.DB().QueryContext(ctx, sqlq, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("engine: events: %w", err)
	}
	defer rows.Close()
	var out []*Event
	for rows.Next() {
		var seq int64
		var body []byte
		if err := rows.Scan(&seq, &body); err != nil {
			return nil, 0, fmt.Errorf("engine: events: %w", err)
		}
		ev := new(Event)
		if err := decode(body, ev); err != nil {
			return nil, 0, fmt.Errorf("engine: events: %w", err)
		}
		ev.Seq = seq
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("engine: events: %w", err)
	}
	var next int64
	if len(out) > q.Limit {
		out = out[:q.Limit]
		next = out[len(out)-1].Seq
	}
	return out, next, nil
}

// saveChangeSet inserts or replaces a change set.
func (d *db) saveChangeSet(ctx context.Context, cs *ChangeSet) error {
	body, err := json.Marshal(cs)
	if err != nil {
		return fmt.Errorf("engine: save change set %s: %w", cs.Name, err)
	}
	_, err = d.st.DB().ExecContext(ctx, `INSERT INTO cfn_change_sets(id, stack_id, name, created, body) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET body = excluded.body`, cs.ID, cs.StackID, cs.Name, cs.Created.UnixNano(), string(body))
	if err != nil {
		return fmt.Errorf("engine: save change set %s: %w", cs.Name, err)
	}
	return nil
}

// changeSet finds a change set by ARN, or by name within a stack (the
// newest of that name: executed ones keep their name for DescribeEvents).
func (d *db) changeSet(ctx context.Context, stackID, nameOrID string) (*ChangeSet, error) {
	q, args := `SELECT body FROM cfn_change_sets WHERE id = ?`, []any{nameOrID}
	if !strings.HasPrefix(nameOrID, "arn:") {
		q, args = `SELECT body FROM cfn_change_sets WHERE stack_id = ? AND name = ? ORDER BY created DESC LIMIT 1`, []any{stackID, nameOrID}
	}
	var body []byte
	err := d.st.DB().QueryRowContext(ctx, q, args...).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errChangeSetNotFound(nameOrID)
	}
	if err != nil {
		return nil, fmt.Errorf("engine: load change set %s: %w", nameOrID, err)
	}
	cs := new(ChangeSet)
	if err := decode(body, cs); err != nil {
		return nil, fmt.Errorf("engine: load change set %s: %w", nameOrID, err)
	}
	return cs, nil
}

// changeSets lists a stack's change sets, oldest first.
func (d *db) changeSets(ctx context.Context, stackID string) ([]*ChangeSet, error) {
	return queryAll[ChangeSet](ctx, d, `SELECT body FROM cfn_change_sets WHERE stack_id = ? ORDER BY created, id`, stackID)
}

// deleteChangeSet removes one change set.
func (d *db) deleteChangeSet(ctx context.Context, id string) error {
	if _, err := d.st.DB().ExecContext(ctx, `DELETE FROM cfn_change_sets WHERE id = ?`, id); err != nil {
		return fmt.Errorf("engine: delete change set %s: %w", id, err)
	}
	return nil
}

// exports lists every export, by name.
func (d *db) exports(ctx context.Context) ([]Export, error) {
	rows, err := d.st.DB().QueryContext(ctx, `SELECT name, value, stack_id FROM cfn_exports ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("engine: exports: %w", err)
	}
	defer rows.Close()
	var out []Export
	for rows.Next() {
		var e Export
		if err := rows.Scan(&e.Name, &e.Value, &e.StackID); err != nil {
			return nil, fmt.Errorf("engine: exports: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// export returns one export.
func (d *db) export(ctx context.Context, name string) (*Export, error) {
	e := &Export{Name: name}
	err := d.st.DB().QueryRowContext(ctx, `SELECT value, stack_id FROM cfn_exports WHERE name = ?`, name).Scan(&e.Value, &e.StackID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("engine: export %s: %w", name, err)
	}
	return e, nil
}

// importers lists the live stacks (names) importing an export, other
// than the exporting stack.
func (d *db) importers(ctx context.Context, exportName, exceptStack string) ([]string, error) {
	rows, err := d.st.DB().QueryContext(ctx, `SELECT s.name FROM cfn_imports i JOIN cfn_stacks s ON s.id = i.stack_id
		WHERE i.export_name = ? AND s.deleted = 0 AND s.id <> ? ORDER BY s.name`, exportName, exceptStack)
	if err != nil {
		return nil, fmt.Errorf("engine: importers of %s: %w", exportName, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("engine: importers of %s: %w", exportName, err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// replaceExports makes outs the exports of a stack and imports its
// imports, in one transaction. It fails with errExportTaken when another
// stack exports one of the names.
func (d *db) replaceExports(ctx context.Context, stackID string, outs []Output, imports []string) error {
	return d.st.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM cfn_exports WHERE stack_id = ?`, stackID); err != nil {
			return err
		}
		for _, o := range outs {
			if o.ExportName == "" {
				continue
			}
			var owner string
			err := tx.QueryRowContext(ctx, `SELECT s.name FROM cfn_exports e JOIN cfn_stacks s ON s.id = e.stack_id WHERE e.name = ?`, o.ExportName).Scan(&owner)
			if err == nil {
				return &exportTakenError{name: o.ExportName, stack: owner}
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO cfn_exports(name, stack_id, value) VALUES (?, ?, ?)`, o.ExportName, stackID, o.Value); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM cfn_imports WHERE stack_id = ?`, stackID); err != nil {
			return err
		}
		for _, n := range imports {
			if _, err := tx.ExecContext(ctx, `INSERT INTO cfn_imports(export_name, stack_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, n, stackID); err != nil {
				return err
			}
		}
		return nil
	})
}

// exportTakenError reports an export name another stack already exports.
type exportTakenError struct{ name, stack string }

func (e *exportTakenError) Error() string {
	return fmt.Sprintf("Export with name %s is already exported by stack %s", e.name, e.stack)
}
