package records

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Job is one job (or matrix combination) of a run.
type Job struct {
	RunID       int64             `json:"runId"`
	Key         string            `json:"key"`
	Seq         int               `json:"seq"` // order in which jobs started
	Name        string            `json:"name"`
	Status      string            `json:"status"`
	Conclusion  string            `json:"conclusion,omitempty"`
	Outputs     map[string]string `json:"outputs,omitempty"`
	StartedAt   time.Time         `json:"startedAt,omitzero"`
	CompletedAt time.Time         `json:"completedAt,omitzero"`
}

// Step is one step of a job.
type Step struct {
	RunID       int64             `json:"runId"`
	Job         string            `json:"job"`
	Index       int               `json:"index"` // 1-based
	Name        string            `json:"name"`
	Status      string            `json:"status"`
	Outcome     string            `json:"outcome,omitempty"`
	Conclusion  string            `json:"conclusion,omitempty"`
	Outputs     map[string]string `json:"outputs,omitempty"`
	Summary     string            `json:"summary,omitempty"`
	StartedAt   time.Time         `json:"startedAt,omitzero"`
	CompletedAt time.Time         `json:"completedAt,omitzero"`
}

// PutJob creates or updates a job.
func (s *Store) PutJob(ctx context.Context, j Job) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO pipeline_jobs(run_id, job_key, seq, name, status, conclusion, outputs, started_at, completed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(run_id, job_key) DO UPDATE SET name = excluded.name, status = excluded.status, conclusion = excluded.conclusion,
		outputs = excluded.outputs, started_at = excluded.started_at, completed_at = excluded.completed_at`,
		j.RunID, j.Key, j.Seq, j.Name, j.Status, j.Conclusion, jsonText(j.Outputs), ms(j.StartedAt), ms(j.CompletedAt))
	if err != nil {
		return fmt.Errorf("records: put job %d/%s: %w", j.RunID, j.Key, err)
	}
	return nil
}

// PutStep creates or updates a step.
func (s *Store) PutStep(ctx context.Context, st Step) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO pipeline_steps(run_id, job_key, step_index, name, status, outcome, conclusion, outputs, summary, started_at, completed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(run_id, job_key, step_index) DO UPDATE SET name = excluded.name, status = excluded.status, outcome = excluded.outcome,
		conclusion = excluded.conclusion, outputs = excluded.outputs, summary = excluded.summary, started_at = excluded.started_at,
		completed_at = excluded.completed_at`,
		st.RunID, st.Job, st.Index, st.Name, st.Status, st.Outcome, st.Conclusion, jsonText(st.Outputs), st.Summary, ms(st.StartedAt), ms(st.CompletedAt))
	if err != nil {
		return fmt.Errorf("records: put step %d/%s/%d: %w", st.RunID, st.Job, st.Index, err)
	}
	return nil
}

// Jobs lists a run's jobs in the order they started.
func (s *Store) Jobs(ctx context.Context, runID int64) ([]*Job, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT run_id, job_key, seq, name, status, conclusion, outputs, started_at, completed_at
		FROM pipeline_jobs WHERE run_id = ? ORDER BY seq, job_key`, runID)
	if err != nil {
		return nil, fmt.Errorf("records: list jobs %d: %w", runID, err)
	}
	defer rows.Close()
	var out []*Job
	for rows.Next() {
		var j Job
		var outputs string
		var st, ct int64
		if err := rows.Scan(&j.RunID, &j.Key, &j.Seq, &j.Name, &j.Status, &j.Conclusion, &outputs, &st, &ct); err != nil {
			return nil, fmt.Errorf("records: list jobs %d: %w", runID, err)
		}
		json.Unmarshal([]byte(outputs), &j.Outputs)
		j.StartedAt, j.CompletedAt = fromMS(st), fromMS(ct)
		out = append(out, &j)
	}
	return out, rows.Err()
}

// Steps lists a run's steps by job start order and index.
func (s *Store) Steps(ctx context.Context, runID int64) ([]*Step, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT s.run_id, s.job_key, s.step_index, s.name, s.status, s.outcome, s.conclusion, s.outputs,
		s.summary, s.started_at, s.completed_at FROM pipeline_steps s LEFT JOIN pipeline_jobs j ON j.run_id = s.run_id AND j.job_key = s.job_key
		WHERE s.run_id = ? ORDER BY j.seq, s.job_key, s.step_index`, runID)
	if err != nil {
		return nil, fmt.Errorf("records: list steps %d: %w", runID, err)
	}
	defer rows.Close()
	var out []*Step
	for rows.Next() {
		var st Step
		var outputs string
		var s0, c0 int64
		if err := rows.Scan(&st.RunID, &st.Job, &st.Index, &st.Name, &st.Status, &st.Outcome, &st.Conclusion, &outputs, &st.Summary, &s0, &c0); err != nil {
			return nil, fmt.Errorf("records: list steps %d: %w", runID, err)
		}
		json.Unmarshal([]byte(outputs), &st.Outputs)
		st.StartedAt, st.CompletedAt = fromMS(s0), fromMS(c0)
		out = append(out, &st)
	}
	return out, rows.Err()
}
