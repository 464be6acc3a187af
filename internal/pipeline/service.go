package pipeline

import (
	"github.com/berth-dev/berth/internal/lifecycle"

	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/berth-dev/berth/internal/pipeline/actions"
	"github.com/berth-dev/berth/internal/pipeline/concurrency"
	"github.com/berth-dev/berth/internal/pipeline/records"
	"github.com/berth-dev/berth/internal/pipeline/runner"
	"github.com/berth-dev/berth/internal/store"
)

// Sentinel errors of the service.
var (
	// ErrNotFound is returned for an unknown pipeline or run.
	ErrNotFound = records.ErrNotFound
	// ErrInvalid marks a bad pipeline definition or event.
	ErrInvalid = errors.New("pipeline: invalid request")
	// ErrStopped is returned when the service is not running.
	ErrStopped = errors.New("pipeline: service is not running")
)

// nullSHA is a push's `before` when it created the branch.
const nullSHA = runner.NullSHA

// InterruptedMessage is the message of runs that a stop or a crash cut
// short; RecoverInterrupted gives it to runs it finds unfinished.
const InterruptedMessage = "interrupted: berth stopped while this run was queued or in progress"

// Config configures a Service.
type Config struct {
	// Store holds the pipeline tables (migrations 06xx).
	Store *store.Store
	// WorkDir is where run workspaces are created (one directory per run,
	// removed when it ends), e.g. <data dir>/pipeline.
	WorkDir string
	// Minter signs the OIDC tokens of jobs with id-token: write.
	Minter runner.TokenMinter
	// AWSEndpoint is berth's API endpoint, which the AWS actions call and
	// which they export as AWS_ENDPOINT_URL.
	AWSEndpoint string
	// Actions overrides the native action registry (tests); nil builds the
	// default one with Checker.
	Actions *actions.Registry
	// Checker runs pre-commit hooks; nil means actions.NativeChecker.
	Checker actions.Checker
	// ServerURL is github.server_url (default https://github.com).
	ServerURL string
	// MaxParallel bounds runs executing at once across pipelines (default 2).
	MaxParallel int
	Logger      *slog.Logger
	Now         func() time.Time
}

// Service runs pipelines; see the package comment for its life.
type Service struct {
	cfg     Config
	records *records.Store
	runner  *runner.Runner
	groups  *concurrency.Groups
	sem     chan struct{}
	changes broadcaster

	mu      sync.Mutex
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	active  map[int64]context.CancelFunc
	started bool
	hooks   chan hookEvent
}

// New returns a service; it has no side effects.
func New(cfg Config) *Service {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxParallel <= 0 {
		cfg.MaxParallel = 2
	}
	if cfg.Actions == nil {
		cfg.Actions = actions.NewRegistry(actions.Deps{Checker: cfg.Checker})
	}
	groups := concurrency.New()
	return &Service{
		cfg:     cfg,
		records: records.New(cfg.Store),
		groups:  groups,
		sem:     make(chan struct{}, cfg.MaxParallel),
		runner: runner.New(runner.Config{Actions: cfg.Actions, Minter: cfg.Minter, AWSEndpoint: cfg.AWSEndpoint,
			Locker: groups, Logger: cfg.Logger.With("component", "runner"), Now: cfg.Now}),
		active: map[int64]context.CancelFunc{},
		hooks:  make(chan hookEvent, maxPendingHooks),
	}
}

// Records exposes the run records (read-only use: listing, logs).
func (s *Service) Records() *records.Store { return s.records }

// Start marks runs left unfinished by a previous process as failed, clears
// stale workspaces and starts accepting work.
func (s *Service) Start(ctx context.Context) error {
	if _, err := s.RecoverInterrupted(ctx); err != nil {
		return err
	}
	if s.cfg.WorkDir == "" {
		return fmt.Errorf("%w: Config.WorkDir is required", ErrInvalid)
	}
	if err := os.MkdirAll(s.cfg.WorkDir, 0o700); err != nil {
		return fmt.Errorf("pipeline: work dir: %w", err)
	}
	// Workspaces of runs a previous process did not finish.
	stale, _ := filepath.Glob(filepath.Join(s.cfg.WorkDir, "run-*"))
	for _, d := range stale {
		os.RemoveAll(d)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.started = true
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.intake(s.ctx)
	}()
	return nil
}

// RecoverInterrupted marks every run still queued or in progress in the
// store as failed with InterruptedMessage; no run survives its process.
// Start calls it; it returns the ids it closed.
func (s *Service) RecoverInterrupted(ctx context.Context) ([]int64, error) {
	ids, err := s.records.FailInterrupted(ctx, InterruptedMessage, s.cfg.Now())
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		s.cfg.Logger.Warn("pipeline run interrupted by a restart marked failed", "run", id)
	}
	return ids, nil
}

// Stop cancels running and queued runs and waits for them to record their
// end, until ctx ends; runs still unfinished then are failed by the next
// Start.
func (s *Service) Stop(ctx context.Context) error {
	s.mu.Lock()
	if !s.started {
		s.mu.Unlock()
		return nil
	}
	s.started = false
	s.cancel()
	s.mu.Unlock()
	if err := lifecycle.Wait(ctx, &s.wg); err != nil {
		return fmt.Errorf("pipeline: stop: %w", err)
	}
	return nil
}

// spawn runs fn in a goroutine owned by the service.
func (s *Service) spawn(fn func(ctx context.Context)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.started {
		return ErrStopped
	}
	s.wg.Add(1)
	ctx := s.ctx
	go func() {
		defer s.wg.Done()
		fn(ctx)
	}()
	return nil
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

// Register creates or replaces a pipeline. RepoDir must be a git
// repository; Repository (owner/name) defaults to the directory's name
// under owner "local"; Branch defaults to main.
func (s *Service) Register(ctx context.Context, p records.Pipeline) (*records.Pipeline, error) {
	if !nameRE.MatchString(p.Name) {
		return nil, fmt.Errorf("%w: pipeline name %q must be letters, digits, '.', '_' or '-'", ErrInvalid, p.Name)
	}
	dir, err := filepath.Abs(p.RepoDir)
	if err != nil {
		return nil, fmt.Errorf("%w: repo dir: %v", ErrInvalid, err)
	}
	top, err := git(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("%w: %s is not a git repository", ErrInvalid, dir)
	}
	p.RepoDir = top
	if p.Repository == "" {
		p.Repository = "local/" + filepath.Base(top)
	}
	if o, n, ok := strings.Cut(p.Repository, "/"); !ok || o == "" || n == "" || strings.Contains(n, "/") {
		return nil, fmt.Errorf("%w: repository %q must be owner/name", ErrInvalid, p.Repository)
	}
	if p.Branch == "" {
		p.Branch = "main"
	}
	if prev, err := s.records.Pipeline(ctx, p.Name); err == nil {
		p.CreatedAt = prev.CreatedAt
	} else {
		p.CreatedAt = s.cfg.Now()
	}
	if err := s.records.PutPipeline(ctx, p); err != nil {
		return nil, err
	}
	return &p, nil
}

// Pipeline returns a registered pipeline.
func (s *Service) Pipeline(ctx context.Context, name string) (*records.Pipeline, error) {
	return s.records.Pipeline(ctx, name)
}

// Pipelines lists registered pipelines.
func (s *Service) Pipelines(ctx context.Context) ([]*records.Pipeline, error) {
	return s.records.Pipelines(ctx)
}

// Unregister removes a pipeline; its runs stay readable.
func (s *Service) Unregister(ctx context.Context, name string) error {
	return s.records.DeletePipeline(ctx, name)
}

// broadcaster wakes everyone waiting for a change.
type broadcaster struct {
	mu sync.Mutex
	ch chan struct{}
}

func (b *broadcaster) wait() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ch == nil {
		b.ch = make(chan struct{})
	}
	return b.ch
}

func (b *broadcaster) notify() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ch != nil {
		close(b.ch)
	}
	b.ch = make(chan struct{})
}
