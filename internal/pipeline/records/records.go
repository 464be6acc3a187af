// Package records persists berth's pipelines and their runs in the store
// (SQLite): registered pipelines, runs with their jobs and steps, and the
// runs' log lines, already masked by the runner. Everything here survives
// a restart; FailInterrupted closes what a restart cut short.
package records

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/berth-dev/berth/internal/store"
)

// ErrNotFound is returned for a missing pipeline or run.
var ErrNotFound = store.ErrNotFound

// Run statuses, with GitHub's names.
const (
	StatusQueued     = "queued"
	StatusInProgress = "in_progress"
	StatusCompleted  = "completed"
)

// Store reads and writes pipeline records.
type Store struct {
	db *sql.DB
}

// New returns records kept in s.
func New(s *store.Store) *Store { return &Store{db: s.DB()} }

// Pipeline is a repository registered with berth: where it is, which
// branch the watcher follows, the secret GitHub signs its webhooks with,
// and the secrets and variables its workflows get. Secrets are stored in
// the data dir (mode 0700) in clear, as a local emulator's config.
type Pipeline struct {
	Name          string            `json:"name"`
	RepoDir       string            `json:"repoDir"`
	Repository    string            `json:"repository"` // owner/name
	Branch        string            `json:"branch"`
	WebhookSecret string            `json:"-"`
	Secrets       map[string]string `json:"-"`
	Vars          map[string]string `json:"vars,omitempty"`
	CreatedAt     time.Time         `json:"createdAt"`
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return "{}"
	}
	return string(b)
}

// PutPipeline creates or replaces a pipeline.
func (s *Store) PutPipeline(ctx context.Context, p Pipeline) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO pipeline_pipelines(name, repo_dir, repository, branch, webhook_secret, secrets, vars, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(name) DO UPDATE SET repo_dir = excluded.repo_dir, repository = excluded.repository, branch = excluded.branch,
		webhook_secret = excluded.webhook_secret, secrets = excluded.secrets, vars = excluded.vars`,
		p.Name, p.RepoDir, p.Repository, p.Branch, p.WebhookSecret, jsonText(p.Secrets), jsonText(p.Vars), ms(p.CreatedAt))
	if err != nil {
		return fmt.Errorf("records: put pipeline %s: %w", p.Name, err)
	}
	return nil
}

const pipelineCols = `name, repo_dir, repository, branch, webhook_secret, secrets, vars, created_at`

func scanPipeline(sc interface{ Scan(...any) error }) (*Pipeline, error) {
	var p Pipeline
	var secrets, vars string
	var created int64
	if err := sc.Scan(&p.Name, &p.RepoDir, &p.Repository, &p.Branch, &p.WebhookSecret, &secrets, &vars, &created); err != nil {
		return nil, err
	}
	json.Unmarshal([]byte(secrets), &p.Secrets)
	json.Unmarshal([]byte(vars), &p.Vars)
	p.CreatedAt = fromMS(created)
	return &p, nil
}

// Pipeline returns a pipeline by name, or ErrNotFound.
func (s *Store) Pipeline(ctx context.Context, name string) (*Pipeline, error) {
	p, err := scanPipeline(s.db.QueryRowContext(ctx, `SELECT `+pipelineCols+` FROM pipeline_pipelines WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("records: get pipeline %s: %w", name, err)
	}
	return p, nil
}

// Pipelines lists every pipeline by name.
func (s *Store) Pipelines(ctx context.Context) ([]*Pipeline, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+pipelineCols+` FROM pipeline_pipelines ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("records: list pipelines: %w", err)
	}
	defer rows.Close()
	var out []*Pipeline
	for rows.Next() {
		p, err := scanPipeline(rows)
		if err != nil {
			return nil, fmt.Errorf("records: list pipelines: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// DeletePipeline removes a pipeline (its runs stay); ErrNotFound if absent.
func (s *Store) DeletePipeline(ctx context.Context, name string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM pipeline_pipelines WHERE name = ?`, name)
	if err != nil {
		return fmt.Errorf("records: delete pipeline %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}
