package apprunner

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/berth-dev/berth/internal/store"
)

// repo keeps App Runner's records in the tables of migration 0301.
type repo struct{ st *store.Store }

// queryer is what *sql.DB and *sql.Tx share.
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// one decodes the body column of the single row query selects into v.
func one(ctx context.Context, q queryer, v any, query string, args ...any) error {
	var body []byte
	err := q.QueryRowContext(ctx, query, args...).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	return json.Unmarshal(body, v)
}

// all decodes the body column of every row query selects.
func all[T any](ctx context.Context, q queryer, query string, args ...any) ([]*T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*T
	for rows.Next() {
		var body []byte
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		v := new(T)
		if err := json.Unmarshal(body, v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("apprunner: encode %T: %v", v, err)) // records are plain data
	}
	return b
}

// insertService stores a new service with its first operation, unless a
// live service has its name (errExists) or host (errBusy, retry with
// another id).
func (r *repo) insertService(ctx context.Context, s *serviceRecord, op *operationRecord) error {
	return r.st.Tx(ctx, func(tx *sql.Tx) error {
		var names, hosts int
		err := tx.QueryRowContext(ctx, `SELECT
			COALESCE(SUM(CASE WHEN name = ? THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN host = ? THEN 1 ELSE 0 END), 0)
			FROM apprunner_services WHERE status <> 'DELETED'`, s.Name, s.Host).Scan(&names, &hosts)
		if err != nil {
			return err
		}
		if names > 0 {
			return errExists
		}
		if hosts > 0 {
			return errBusy
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO apprunner_services (arn, id, name, host, status, created, body) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			s.ARN, s.ID, s.Name, s.Host, s.Status, s.CreatedAt.UnixNano(), mustJSON(s)); err != nil {
			return err
		}
		return insertOperation(ctx, tx, op)
	})
}

func (r *repo) service(ctx context.Context, arn string) (*serviceRecord, error) {
	var s serviceRecord
	if err := one(ctx, r.st.DB(), &s, `SELECT body FROM apprunner_services WHERE arn = ?`, arn); err != nil {
		return nil, err
	}
	return &s, nil
}

// services lists every service, deleted ones included, oldest first.
func (r *repo) services(ctx context.Context) ([]*serviceRecord, error) {
	return all[serviceRecord](ctx, r.st.DB(), `SELECT body FROM apprunner_services ORDER BY created, arn`)
}

// updateService changes a service in one transaction; fn's error aborts.
func (r *repo) updateService(ctx context.Context, arn string, fn func(s *serviceRecord) error) (*serviceRecord, error) {
	var out *serviceRecord
	err := r.st.Tx(ctx, func(tx *sql.Tx) error {
		var s serviceRecord
		if err := one(ctx, tx, &s, `SELECT body FROM apprunner_services WHERE arn = ?`, arn); err != nil {
			return err
		}
		if err := fn(&s); err != nil {
			return err
		}
		out = &s
		return putService(ctx, tx, &s)
	})
	return out, err
}

func putService(ctx context.Context, tx *sql.Tx, s *serviceRecord) error {
	_, err := tx.ExecContext(ctx, `UPDATE apprunner_services SET status = ?, body = ? WHERE arn = ?`, s.Status, mustJSON(s), s.ARN)
	return err
}

// beginOperation lets start decide, on the service as stored, whether an
// operation may begin (it returns the operation, having updated the
// service, or an error); both are then stored in one transaction.
func (r *repo) beginOperation(ctx context.Context, arn string, start func(s *serviceRecord) (*operationRecord, error)) (*serviceRecord, *operationRecord, error) {
	var svc *serviceRecord
	var op *operationRecord
	err := r.st.Tx(ctx, func(tx *sql.Tx) error {
		var s serviceRecord
		if err := one(ctx, tx, &s, `SELECT body FROM apprunner_services WHERE arn = ?`, arn); err != nil {
			return err
		}
		o, err := start(&s)
		if err != nil {
			return err
		}
		if err := putService(ctx, tx, &s); err != nil {
			return err
		}
		svc, op = &s, o
		return insertOperation(ctx, tx, o)
	})
	return svc, op, err
}

func insertOperation(ctx context.Context, tx *sql.Tx, op *operationRecord) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO apprunner_operations (id, service_arn, body) VALUES (?, ?, ?)`, op.ID, op.ServiceARN, mustJSON(op))
	return err
}

// putOperation stores an operation's new state.
func (r *repo) putOperation(ctx context.Context, op *operationRecord) error {
	_, err := r.st.DB().ExecContext(ctx, `UPDATE apprunner_operations SET body = ? WHERE id = ?`, mustJSON(op), op.ID)
	return err
}

// finish stores an operation's outcome and the service's new state
// together, so neither is ever seen without the other.
func (r *repo) finish(ctx context.Context, op *operationRecord, arn string, fn func(s *serviceRecord) error) (*serviceRecord, error) {
	var out *serviceRecord
	err := r.st.Tx(ctx, func(tx *sql.Tx) error {
		var s serviceRecord
		if err := one(ctx, tx, &s, `SELECT body FROM apprunner_services WHERE arn = ?`, arn); err != nil {
			return err
		}
		if err := fn(&s); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE apprunner_operations SET body = ? WHERE id = ?`, mustJSON(op), op.ID); err != nil {
			return err
		}
		out = &s
		return putService(ctx, tx, &s)
	})
	return out, err
}

func (r *repo) operation(ctx context.Context, id string) (*operationRecord, error) {
	var o operationRecord
	if err := one(ctx, r.st.DB(), &o, `SELECT body FROM apprunner_operations WHERE id = ?`, id); err != nil {
		return nil, err
	}
	return &o, nil
}

// operations lists a service's operations, newest first.
func (r *repo) operations(ctx context.Context, arn string) ([]*operationRecord, error) {
	return all[operationRecord](ctx, r.st.DB(), `SELECT body FROM apprunner_operations WHERE service_arn = ? ORDER BY seq DESC`, arn)
}
