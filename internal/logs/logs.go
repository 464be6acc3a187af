// Package logs is berth's CloudWatch Logs: log groups, streams and events
// kept in the store, the Logs_20140328 awsJson1_1 API that the AWS CLI and
// SDKs use (including everything `aws logs tail` calls), a Go API for
// other components (App Runner build and application logs), and a
// retention sweeper.
//
// berth is stricter than AWS about one default: log groups that berth
// creates for App Runner get a retention (Options.DefaultRetentionDays,
// 30 days unless configured) instead of never expiring. Callers read it
// with DefaultRetentionDays and pass it to EnsureGroup. Groups created
// through the API keep AWS's behaviour: no retention until
// PutRetentionPolicy sets one.
package logs

import (
	"github.com/berth-dev/berth/internal/lifecycle"

	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/store"
)

// Account is the account in every ARN berth issues.
const Account = "000000000000"

// Errors the Go API returns; the API layer maps them to AWS error codes.
var (
	ErrGroupNotFound    = errors.New("logs: log group not found")
	ErrGroupExists      = errors.New("logs: log group already exists")
	ErrStreamNotFound   = errors.New("logs: log stream not found")
	ErrStreamExists     = errors.New("logs: log stream already exists")
	ErrInvalidName      = errors.New("logs: invalid name")
	ErrInvalidRetention = errors.New("logs: invalid retention")
	ErrTooManyTags      = errors.New("logs: too many tags")
)

// Options configures the component. Zero values take the defaults.
type Options struct {
	// Region goes into ARNs; default us-east-1.
	Region string
	// Logger receives sweeper and Writer failures; default slog.Default().
	Logger *slog.Logger
	// Now replaces the clock (tests); default time.Now.
	Now func() time.Time
	// SweepInterval is how often expired events are deleted; default 1m.
	SweepInterval time.Duration
	// DefaultRetentionDays is the retention berth gives the log groups it
	// creates itself (App Runner); default 30. It must be one of AWS's
	// allowed values (see RetentionDays), else the default is used.
	DefaultRetentionDays int
	// FlushInterval is how long a Writer holds lines before storing them;
	// default 200ms.
	FlushInterval time.Duration
}

// Event is one log event for Append.
type Event struct {
	Time    time.Time
	Message string
}

// Logs is the CloudWatch Logs component. New has no side effects; Start
// runs the retention sweeper and Stop ends it.
type Logs struct {
	db   *repo
	opts Options
	svc  *awsapi.Service

	mu     sync.Mutex
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// New returns the component over st. It does no I/O.
func New(st *store.Store, opts Options) *Logs {
	if opts.Region == "" {
		opts.Region = "us-east-1"
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.SweepInterval <= 0 {
		opts.SweepInterval = time.Minute
	}
	if !ValidRetention(opts.DefaultRetentionDays) {
		opts.DefaultRetentionDays = 30
	}
	if opts.FlushInterval <= 0 {
		opts.FlushInterval = 200 * time.Millisecond
	}
	l := &Logs{db: &repo{db: st.DB()}, opts: opts}
	l.svc = l.declare()
	return l
}

// Service returns the API declaration for the registry.
func (l *Logs) Service() *awsapi.Service { return l.svc }

// DefaultRetentionDays is the retention to give log groups berth creates
// for App Runner services (see the package doc).
func (l *Logs) DefaultRetentionDays() int { return l.opts.DefaultRetentionDays }

// Start runs the retention sweeper until Stop. Calling it twice is a no-op.
func (l *Logs) Start(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cancel != nil {
		return nil
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	l.cancel = cancel
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		l.sweepLoop(ctx)
	}()
	return nil
}

// Stop ends the sweeper and waits for it, or for ctx to end.
func (l *Logs) Stop(ctx context.Context) error {
	l.mu.Lock()
	cancel := l.cancel
	l.cancel = nil
	l.mu.Unlock()
	if cancel == nil {
		return nil
	}
	cancel()
	return lifecycle.Wait(ctx, &l.wg)
}

// now is the component's clock in epoch milliseconds.
func (l *Logs) nowMillis() int64 { return l.opts.Now().UnixMilli() }
