package records

import (
	"context"
	"fmt"
	"time"
)

// LogLine is one masked line of a run's log. Job "" holds run-level
// lines; Step 0 a job's own lines.
type LogLine struct {
	RunID int64     `json:"runId"`
	Seq   int64     `json:"seq"` // 1-based, increasing within a run
	Job   string    `json:"job"`
	Step  int       `json:"step"`
	At    time.Time `json:"at"`
	Text  string    `json:"text"`
}

// NextLogSeq is the seq the next line of a run gets (1 for a new run).
func (s *Store) NextLogSeq(ctx context.Context, runID int64) (int64, error) {
	var n int64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM pipeline_logs WHERE run_id = ?`, runID).Scan(&n); err != nil {
		return 0, fmt.Errorf("records: log seq %d: %w", runID, err)
	}
	return n, nil
}

// AppendLogs stores lines (with their Seq already assigned) in one
// transaction.
func (s *Store) AppendLogs(ctx context.Context, lines []LogLine) error {
	if len(lines) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("records: append logs: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO pipeline_logs(run_id, seq, job_key, step_index, at, line) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("records: append logs: %w", err)
	}
	defer stmt.Close()
	for _, l := range lines {
		if _, err := stmt.ExecContext(ctx, l.RunID, l.Seq, l.Job, l.Step, ms(l.At), l.Text); err != nil {
			return fmt.Errorf("records: append logs: %w", err)
		}
	}
	return tx.Commit()
}

// Logs returns up to limit lines of a run with Seq > after (limit ≤ 0:
// 10000), in order.
func (s *Store) Logs(ctx context.Context, runID, after int64, limit int) ([]LogLine, error) {
	if limit <= 0 {
		limit = 10000
	}
	rows, err := s.db.QueryContext(ctx, `SELECT run_id, seq, job_key, step_index, at, line FROM pipeline_logs
		WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?`, runID, after, limit)
	if err != nil {
		return nil, fmt.Errorf("records: logs %d: %w", runID, err)
	}
	defer rows.Close()
	var out []LogLine
	for rows.Next() {
		var l LogLine
		var at int64
		if err := rows.Scan(&l.RunID, &l.Seq, &l.Job, &l.Step, &at, &l.Text); err != nil {
			return nil, fmt.Errorf("records: logs %d: %w", runID, err)
		}
		l.At = fromMS(at)
		out = append(out, l)
	}
	return out, rows.Err()
}
