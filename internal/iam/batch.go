package iam

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// batch is a set of document writes that must happen together: renaming
// a user moves its document and repoints its access keys, creating an
// access key writes the key and its user. The generic store writes one
// document at a time, so a batch applies them in one transaction on the
// same objects table, and a crash leaves all or none.
type batch struct {
	puts    []batchPut
	deletes [][2]string // kind, key
}

type batchPut struct {
	kind, key string
	v         any
}

func (b *batch) put(kind, key string, v any) { b.puts = append(b.puts, batchPut{kind, key, v}) }

func (b *batch) delete(kind, key string) { b.deletes = append(b.deletes, [2]string{kind, key}) }

// commit applies the deletes, then the puts, in one transaction.
func (a *API) commit(ctx context.Context, op string, b *batch) error {
	err := a.st.Tx(ctx, func(tx *sql.Tx) error {
		for _, d := range b.deletes {
			if _, err := tx.ExecContext(ctx, `DELETE FROM objects WHERE kind = ? AND key = ?`, d[0], d[1]); err != nil {
				return err
			}
		}
		for _, p := range b.puts {
			body, err := json.Marshal(p.v)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO objects(kind, key, body) VALUES (?, ?, ?)
				ON CONFLICT(kind, key) DO UPDATE SET body = excluded.body`, p.kind, p.key, body); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("iam: %s: %w", op, err)
	}
	return nil
}
