package apprunner

import (
	"github.com/berth-dev/berth/internal/lifecycle"

	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/berth-dev/berth/internal/apprunner/controller"
	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/ingress"
	"github.com/berth-dev/berth/internal/logs"
	"github.com/berth-dev/berth/internal/runtime"
	"github.com/berth-dev/berth/internal/ssm"
	"github.com/berth-dev/berth/internal/store"
)

// DefaultPollInterval is how often branches of services with automatic
// deployments are checked for new commits.
const DefaultPollInterval = 10 * time.Second

// Deps is what the App Runner service needs from the server.
type Deps struct {
	Store   *store.Store
	Backend runtime.Backend
	// Ingress is the server's ingress; the App Runner controller is the
	// only writer of its routing table.
	Ingress *ingress.Ingress
	// Logs receives build, event and application logs (may be nil in tests).
	Logs *logs.Logs
	// SSM resolves RuntimeEnvironmentSecrets and connection tokens (may be nil).
	SSM *ssm.API
	// SecretsManager resolves RuntimeEnvironmentSecrets given as Secrets
	// Manager ARNs (may be nil).
	SecretsManager interface {
		Resolve(ctx context.Context, ref string) (string, error)
	}
	// Authorizer answers the iam:PassRole checks of requests that pass a
	// role; nil allows them.
	Authorizer awsapi.Authorizer
	Region     string
	Account    string
	Logger     *slog.Logger
	// DataDir holds workspaces (DataDir/work) and build caches
	// (DataDir/cache/<service name>); required.
	DataDir string
	// BaseDomain is the domain under which services get their host,
	// "<id prefix>.<BaseDomain>". Empty means "<region>.apprunner.localhost",
	// which resolves to loopback on most systems; a server with wildcard
	// DNS sets its own domain (and gives it to the ingress's certificates).
	BaseDomain string
	// PublicPort is the port written into ServiceUrl; 0 means the ingress's
	// HTTPS port. Port 443 is left out, as in AWS's URLs.
	PublicPort int
	// BuildEnv is added to every build's environment (server-wide
	// settings such as GOFLAGS or GOPROXY), under the service's own.
	BuildEnv map[string]string
	// SharedBuildCache, when set, is the build cache of every service
	// (one warm Go build cache for a laptop or CI), instead of one cache
	// per service name.
	SharedBuildCache string
	// PollInterval is how often automatic deployments check branches
	// (DefaultPollInterval when 0).
	PollInterval time.Duration
	// Controller tunes the controller (timeouts, backoff); Backend,
	// Ingress, Logs, Store, WorkDir, ResolveSecrets and Logger are set
	// from Deps.
	Controller controller.Options
	// ResolveRepository maps a repository URL to where berth fetches it
	// from (berth up maps https://github.com/OWNER/REPO to the local clone
	// registered for OWNER/REPO); nil or "" keeps the URL.
	ResolveRepository func(url string) string
	// Now replaces the clock (tests).
	Now func() time.Time
}

// API is the App Runner service: its operations, the service controller
// behind them and the automatic-deployment pollers. New has no side
// effects; Start restores services; Stop stops everything it started.
type API struct {
	d    Deps
	svc  *awsapi.Service
	repo *repo
	ctrl *controller.Controller
	log  *slog.Logger

	mu      sync.Mutex
	ctx     context.Context // ends at Stop; operations run under it
	cancel  context.CancelFunc
	wg      sync.WaitGroup // operations and pollers
	kickc   chan struct{}  // wakes the poller
	started bool
}

// New returns the App Runner service over d.
func New(d Deps) *API {
	if d.Region == "" {
		d.Region = "us-east-1"
	}
	if d.Account == "" {
		d.Account = "000000000000"
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if d.Authorizer == nil {
		d.Authorizer = awsapi.AllowAll{}
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.PollInterval <= 0 {
		d.PollInterval = DefaultPollInterval
	}
	if d.BaseDomain == "" {
		d.BaseDomain = ingress.DefaultDomain(d.Region)
	}
	a := &API{d: d, repo: &repo{st: d.Store}, log: d.Logger, kickc: make(chan struct{}, 1)}
	co := d.Controller
	co.Backend, co.Ingress, co.Logs, co.Store = d.Backend, d.Ingress, d.Logs, d.Store
	co.WorkDir = filepath.Join(d.DataDir, "work")
	co.ResolveSecrets = a.resolveSecrets
	co.Logger = d.Logger.With("component", "apprunner-controller")
	a.ctrl = controller.New(co)
	a.ctx, a.cancel = context.WithCancel(context.Background())
	a.svc = a.declare()
	return a
}

// Service returns the API declaration for the registry.
func (a *API) Service() *awsapi.Service { return a.svc }

// Controller exposes the service controller (inspection and tests).
func (a *API) Controller() *controller.Controller { return a.ctrl }

func (a *API) now() time.Time { return a.d.Now().UTC().Truncate(time.Millisecond) }

// Start brings services back after a server start: each running service's
// instances are started from its last good artifact (no rebuild),
// operations a restart interrupted are resumed, and the automatic
// deployment poller starts. It returns once restoring has been launched;
// services come up in the background.
func (a *API) Start(ctx context.Context) error {
	if a.d.DataDir == "" || a.d.Store == nil || a.d.Backend == nil || a.d.Ingress == nil {
		return errors.New("apprunner: start: Deps.DataDir, Store, Backend and Ingress are required")
	}
	a.mu.Lock()
	if a.started {
		a.mu.Unlock()
		return nil
	}
	a.started = true
	a.mu.Unlock()
	if err := a.restore(ctx); err != nil {
		return err
	}
	a.wg.Add(1)
	go a.poll()
	return nil
}

// Stop interrupts running operations (they resume at the next Start),
// stops the pollers and every instance, bounded by ctx.
func (a *API) Stop(ctx context.Context) error {
	a.mu.Lock()
	a.cancel()
	a.mu.Unlock()
	lifecycle.Wait(ctx, &a.wg) // cut short by ctx, Shutdown below reports it
	return a.ctrl.Shutdown(ctx)
}

// repositoryURL is where a service's repository is fetched from.
func (a *API) repositoryURL(u string) string {
	if a.d.ResolveRepository != nil {
		if r := a.d.ResolveRepository(u); r != "" {
			return r
		}
	}
	return u
}
