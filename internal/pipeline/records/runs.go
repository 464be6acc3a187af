package records

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Run is one execution of one workflow.
type Run struct {
	ID           int64  `json:"id"`
	Pipeline     string `json:"pipeline"`
	RepoDir      string `json:"repoDir"`
	Repository   string `json:"repository"`
	WorkflowFile string `json:"workflowFile"`
	WorkflowName string `json:"workflowName"`
	// RunNumber counts runs of this workflow in this pipeline, from 1.
	RunNumber  int64  `json:"runNumber"`
	RunAttempt int    `json:"runAttempt"`
	Event      string `json:"event"`
	Ref        string `json:"ref"`
	Before     string `json:"before,omitempty"`
	SHA        string `json:"sha"`
	Actor      string `json:"actor,omitempty"`
	// ConcurrencyGroup is the evaluated workflow-level group, if any.
	ConcurrencyGroup string `json:"concurrencyGroup,omitempty"`
	// Status is queued, in_progress or completed; Conclusion is set once
	// completed (success, failure, cancelled, skipped).
	Status      string    `json:"status"`
	Conclusion  string    `json:"conclusion,omitempty"`
	Message     string    `json:"message,omitempty"`
	CreatedAt   time.Time `json:"createdAt"`
	StartedAt   time.Time `json:"startedAt,omitzero"`
	CompletedAt time.Time `json:"completedAt,omitzero"`
}

const runCols = `id, pipeline, repo_dir, repository, workflow_file, workflow_name, run_number, run_attempt, event, ref, before_sha, sha, actor,
	concurrency_group, status, conclusion, message, created_at, started_at, completed_at`

func scanRun(sc interface{ Scan(...any) error }) (*Run, error) {
	var r Run
	var c, s, d int64
	err := sc.Scan(&r.ID, &r.Pipeline, &r.RepoDir, &r.Repository, &r.WorkflowFile, &r.WorkflowName, &r.RunNumber, &r.RunAttempt,
		&r.Event, &r.Ref, &r.Before, &r.SHA, &r.Actor, &r.ConcurrencyGroup, &r.Status, &r.Conclusion, &r.Message, &c, &s, &d)
	if err != nil {
		return nil, err
	}
	r.CreatedAt, r.StartedAt, r.CompletedAt = fromMS(c), fromMS(s), fromMS(d)
	return &r, nil
}

// CreateRun inserts r, assigning its ID and next RunNumber. A run created
// with Status completed (a workflow that could not be parsed) is final.
func (s *Store) CreateRun(ctx context.Context, r *Run) error {
	if r.Status == "" {
		r.Status = StatusQueued
	}
	if r.RunAttempt == 0 {
		r.RunAttempt = 1
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("records: create run: %w", err)
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(run_number), 0) + 1 FROM pipeline_runs WHERE pipeline = ? AND workflow_file = ?`,
		r.Pipeline, r.WorkflowFile).Scan(&r.RunNumber); err != nil {
		return fmt.Errorf("records: create run: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO pipeline_runs(pipeline, repo_dir, repository, workflow_file, workflow_name, run_number, run_attempt,
		event, ref, before_sha, sha, actor, concurrency_group, status, conclusion, message, created_at, started_at, completed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Pipeline, r.RepoDir, r.Repository, r.WorkflowFile, r.WorkflowName, r.RunNumber, r.RunAttempt, r.Event, r.Ref, r.Before, r.SHA,
		r.Actor, r.ConcurrencyGroup, r.Status, r.Conclusion, r.Message, ms(r.CreatedAt), ms(r.StartedAt), ms(r.CompletedAt))
	if err != nil {
		return fmt.Errorf("records: create run: %w", err)
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("records: create run: %w", err)
	}
	return tx.Commit()
}

// StartRun marks a queued run in progress.
func (s *Store) StartRun(ctx context.Context, id int64, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE pipeline_runs SET status = ?, started_at = ? WHERE id = ? AND status = ?`,
		StatusInProgress, ms(at), id, StatusQueued)
	if err != nil {
		return fmt.Errorf("records: start run %d: %w", id, err)
	}
	return nil
}

// CompleteRun records a run's conclusion; a run already completed keeps
// its first conclusion.
func (s *Store) CompleteRun(ctx context.Context, id int64, conclusion, message string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE pipeline_runs SET status = ?, conclusion = ?, message = ?, completed_at = ?,
		started_at = CASE WHEN started_at = 0 THEN ? ELSE started_at END WHERE id = ? AND status != ?`,
		StatusCompleted, conclusion, message, ms(at), ms(at), id, StatusCompleted)
	if err != nil {
		return fmt.Errorf("records: complete run %d: %w", id, err)
	}
	return nil
}

// Run returns a run by id, or ErrNotFound.
func (s *Store) Run(ctx context.Context, id int64) (*Run, error) {
	r, err := scanRun(s.db.QueryRowContext(ctx, `SELECT `+runCols+` FROM pipeline_runs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("records: get run %d: %w", id, err)
	}
	return r, nil
}

// RunFilter selects runs; zero values match everything.
type RunFilter struct {
	Pipeline string
	Status   string
	// Limit bounds the result (default 50); runs come newest first.
	Limit int
}

// Runs lists runs matching f, newest first.
func (s *Store) Runs(ctx context.Context, f RunFilter) ([]*Run, error) {
	var where []string
	var args []any
	if f.Pipeline != "" {
		where, args = append(where, "pipeline = ?"), append(args, f.Pipeline)
	}
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, f.Status)
	}
	q := `SELECT ` + runCols + ` FROM pipeline_runs`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	q += " ORDER BY id DESC LIMIT ?"
	args = append(args, f.Limit)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("records: list runs: %w", err)
	}
	defer rows.Close()
	var out []*Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("records: list runs: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// LastSuccessfulSHA is the commit of the newest successful run of a
// workflow in a pipeline other than excludeID, or "".
func (s *Store) LastSuccessfulSHA(ctx context.Context, pipeline, workflowFile string, excludeID int64) (string, error) {
	var sha string
	err := s.db.QueryRowContext(ctx, `SELECT sha FROM pipeline_runs WHERE pipeline = ? AND workflow_file = ? AND status = ?
		AND conclusion = 'success' AND id != ? ORDER BY id DESC LIMIT 1`, pipeline, workflowFile, StatusCompleted, excludeID).Scan(&sha)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("records: last successful run: %w", err)
	}
	return sha, nil
}

// LastPushSHA is the commit of the newest push run recorded for a ref in
// a pipeline, or "": where a watcher resumes after a restart.
func (s *Store) LastPushSHA(ctx context.Context, pipeline, ref string) (string, error) {
	var sha string
	err := s.db.QueryRowContext(ctx, `SELECT sha FROM pipeline_runs WHERE pipeline = ? AND ref = ? AND event = 'push'
		ORDER BY id DESC LIMIT 1`, pipeline, ref).Scan(&sha)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("records: last push: %w", err)
	}
	return sha, nil
}

// FailInterrupted marks every run still queued or in progress (and their
// unfinished jobs and steps) as completed with conclusion failure and
// message; berth calls it at startup, since no run survives a restart. It
// returns the ids of the runs it closed.
func (s *Store) FailInterrupted(ctx context.Context, message string, at time.Time) ([]int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("records: fail interrupted: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id FROM pipeline_runs WHERE status != ? ORDER BY id`, StatusCompleted)
	if err != nil {
		return nil, fmt.Errorf("records: fail interrupted: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("records: fail interrupted: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, q := range []string{
		`UPDATE pipeline_jobs SET status = 'completed', conclusion = 'failure', completed_at = ? WHERE status != 'completed' AND run_id IN (SELECT id FROM pipeline_runs WHERE status != 'completed')`,
		`UPDATE pipeline_steps SET status = 'completed', outcome = 'failure', conclusion = 'failure', completed_at = ? WHERE status != 'completed' AND run_id IN (SELECT id FROM pipeline_runs WHERE status != 'completed')`,
	} {
		if _, err := tx.ExecContext(ctx, q, ms(at)); err != nil {
			return nil, fmt.Errorf("records: fail interrupted: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE pipeline_runs SET status = 'completed', conclusion = 'failure', message = ?, completed_at = ?,
		started_at = CASE WHEN started_at = 0 THEN ? ELSE started_at END WHERE status != 'completed'`, message, ms(at), ms(at)); err != nil {
		return nil, fmt.Errorf("records: fail interrupted: %w", err)
	}
	return ids, tx.Commit()
}
