package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/berth-dev/berth/internal/apprunner"
	"github.com/berth-dev/berth/internal/audit"
	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation"
	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/console"
	"github.com/berth-dev/berth/internal/credfile"
	"github.com/berth-dev/berth/internal/ingress"
	"github.com/berth-dev/berth/internal/ingress/ca"
	"github.com/berth-dev/berth/internal/logs"
	"github.com/berth-dev/berth/internal/metrics"
	"github.com/berth-dev/berth/internal/oidc"
	"github.com/berth-dev/berth/internal/pipeline"
	"github.com/berth-dev/berth/internal/runtime/process"
	"github.com/berth-dev/berth/internal/secretsmanager"
	"github.com/berth-dev/berth/internal/ssm"
	"github.com/berth-dev/berth/internal/store"
	"github.com/berth-dev/berth/internal/sts"
)

// Server is a running berth: the API endpoint and the components behind it.
type Server struct {
	cfg Config

	store    *store.Store
	rootKey  credfile.Key
	registry *awsapi.Registry
	api      *awsapi.Handler
	issuer   *oidc.Issuer
	sessions *sts.Sessions
	userKeys awsapi.CredentialStore // IAM users' access keys
	trail    *audit.Trail
	ssm      *ssm.API
	secrets  *secretsmanager.API
	// signinTokens are the console's one-time sign-in links.
	signinTokens *console.Tokens
	logs         *logs.Logs
	cfn          *cloudformation.API
	providers    *provider.Registry
	ca           *ca.CA
	ingress      *ingress.Ingress
	pipelines    *pipeline.Service
	apprunner    *apprunner.API
	backend      *process.Backend

	metricsSource *metrics.IngressSource
	sampler       *metrics.Sampler
	usage         metrics.UsageFunc

	ln      net.Listener
	httpSrv *http.Server
	wg      sync.WaitGroup
	ready   chan struct{}
}

// New returns a server for cfg. It has no side effects: Start does the work.
func New(cfg Config) *Server {
	cfg.setDefaults()
	return &Server{cfg: cfg, ready: make(chan struct{})}
}

// Config returns the effective configuration.
func (s *Server) Config() Config { return s.cfg }

// Start creates the data dir, opens the store, loads or creates the root
// credentials, registers the services and starts serving. It returns once
// the endpoint accepts requests.
func (s *Server) Start(ctx context.Context) error {
	if err := os.MkdirAll(s.cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("server: data dir %s: %w", s.cfg.DataDir, err)
	}
	st, err := store.Open(ctx, filepath.Join(s.cfg.DataDir, "berth.db"))
	if err != nil {
		return err
	}
	s.store = st
	key, _, err := credfile.LoadOrCreate(s.cfg.CredentialsPath())
	if err != nil {
		st.Close()
		return err
	}
	s.rootKey = key

	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		st.Close()
		return fmt.Errorf("server: listen %s: %w (change it with --listen)", s.cfg.Listen, err)
	}
	s.ln = ln
	if err := s.wire(ctx); err != nil {
		ln.Close()
		st.Close()
		return err
	}
	if err := s.startComponents(ctx); err != nil {
		ln.Close()
		st.Close()
		return err
	}
	s.httpSrv = &http.Server{Handler: s.routes(), ReadHeaderTimeout: 10 * time.Second}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.httpSrv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.cfg.Logger.Error("api listener stopped", "error", err)
		}
	}()
	close(s.ready)
	return nil
}

// Stop shuts the server down, bounded by ctx. Components stop first so
// that API calls waiting on their work (a stack operation, a pipeline run)
// return; then the API listener drains its in-flight requests.
func (s *Server) Stop(ctx context.Context) error {
	var errs []error
	if s.httpSrv != nil {
		errs = append(errs, s.stopComponents(ctx))
		if err := s.httpSrv.Shutdown(ctx); err != nil {
			s.httpSrv.Close()
			errs = append(errs, err)
		}
	}
	s.wg.Wait()
	if s.store != nil {
		errs = append(errs, s.store.Close())
	}
	return errors.Join(errs...)
}

// Ingress returns the services' ingress.
func (s *Server) Ingress() *ingress.Ingress { return s.ingress }

// CACertPath is the local CA certificate clients trust for HTTPS ingress.
func (s *Server) CACertPath() string { return s.ca.CertPath() }

// Pipelines returns the workflow runner service.
func (s *Server) Pipelines() *pipeline.Service { return s.pipelines }

// Metrics returns the one-hour per-service time series.
func (s *Server) Metrics() *metrics.Sampler { return s.sampler }

// AppRunner returns the App Runner service.
func (s *Server) AppRunner() *apprunner.API { return s.apprunner }

// Logs returns the CloudWatch Logs component.
func (s *Server) Logs() *logs.Logs { return s.logs }

// Endpoint is the API's base URL.
func (s *Server) Endpoint() string { return "http://" + s.ln.Addr().String() }

// RootKey returns the root access key.
func (s *Server) RootKey() credfile.Key { return s.rootKey }

// ReadyLine is the one line `berth server` prints once ready.
func (s *Server) ReadyLine() string {
	mode := "emulated-github"
	if s.cfg.OIDCUpstream {
		mode = "upstream"
	}
	return fmt.Sprintf("berth ready: endpoint=%s region=%s data=%s credentials=%s profile=%s oidc=%s oidc-issuer=%s ingress-https=%s ingress-http=%s ca=%s console=%s/console/",
		s.Endpoint(), s.cfg.Region, s.cfg.DataDir, s.cfg.CredentialsPath(), credfile.Profile, mode, s.issuer.URL(),
		s.ingress.HTTPSAddr(), s.ingress.HTTPAddr(), s.ca.CertPath(), s.Endpoint())
}

// LookupAccessKey implements awsapi.CredentialStore: the root key, then
// role sessions (ASIA…), then IAM users' long-term keys (AKIA…).
func (s *Server) LookupAccessKey(ctx context.Context, id string) (*awsapi.Credentials, error) {
	if id == s.rootKey.AccessKeyID {
		return &awsapi.Credentials{AccessKeyID: id, SecretAccessKey: s.rootKey.SecretAccessKey,
			Principal: &awsapi.Principal{Kind: awsapi.Root, Account: Account, UserID: Account,
				ARN: "arn:aws:iam::" + Account + ":root", AccessKeyID: id}}, nil
	}
	if strings.HasPrefix(id, "AKIA") && s.userKeys != nil {
		return s.userKeys.LookupAccessKey(ctx, id)
	}
	return s.sessions.LookupAccessKey(ctx, id)
}

// OIDCMode describes how web identity tokens are verified, for the ready
// line and `berth up`.
func (s *Server) OIDCMode() string {
	if s.cfg.OIDCUpstream {
		return "upstream (real issuers fetched; built-in issuer at " + s.issuer.URL() + ")"
	}
	return "emulated (tokens for " + oidc.GitHubIssuer + " verified with the built-in issuer's keys)"
}
