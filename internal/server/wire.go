package server

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/berth-dev/berth/internal/apprunner"
	"github.com/berth-dev/berth/internal/apprunner/controller"
	"github.com/berth-dev/berth/internal/audit"
	"github.com/berth-dev/berth/internal/authz"
	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/berthapi"
	"github.com/berth-dev/berth/internal/cloudformation"
	"github.com/berth-dev/berth/internal/cloudformation/providers"
	arproviders "github.com/berth-dev/berth/internal/cloudformation/providers/apprunner"
	"github.com/berth-dev/berth/internal/console"
	"github.com/berth-dev/berth/internal/ingress"
	"github.com/berth-dev/berth/internal/ingress/ca"
	"github.com/berth-dev/berth/internal/logs"
	"github.com/berth-dev/berth/internal/metrics"
	"github.com/berth-dev/berth/internal/oidc"
	"github.com/berth-dev/berth/internal/pipeline"
	"github.com/berth-dev/berth/internal/pipeline/runner"
	"github.com/berth-dev/berth/internal/runtime/process"
	"github.com/berth-dev/berth/internal/secretsmanager"
	"github.com/berth-dev/berth/internal/ssm"
	"github.com/berth-dev/berth/internal/sts"
)

// oidcPath is where the built-in issuer is served on the API endpoint.
const oidcPath = "/_berth/oidc"

// wire builds the components and registers every service. It runs after
// the API listener exists, since the built-in issuer's URL names its port.
func (s *Server) wire(ctx context.Context) error {
	log := s.cfg.Logger
	key, err := oidc.LoadOrCreateKey(filepath.Join(s.cfg.DataDir, "oidc", "issuer-key.pem"))
	if err != nil {
		return fmt.Errorf("server: oidc key: %w", err)
	}
	s.issuer, err = oidc.NewIssuer(s.Endpoint()+oidcPath, key)
	if err != nil {
		return fmt.Errorf("server: oidc issuer: %w", err)
	}
	emulated := map[string]oidc.KeySet{s.issuer.URL(): s.issuer.KeySet()}
	tokenIssuer := s.issuer.URL()
	if !s.cfg.OIDCUpstream {
		emulated[oidc.GitHubIssuer] = s.issuer.KeySet()
		tokenIssuer = oidc.GitHubIssuer
	}
	verifier := oidc.NewVerifier(oidc.VerifierOptions{Emulated: emulated, CheckThumbprints: s.cfg.OIDCUpstream, Now: s.cfg.Now, HTTPClient: s.cfg.OIDCHTTPClient})

	authority, err := ca.LoadOrCreate(filepath.Join(s.cfg.DataDir, "ca"))
	if err != nil {
		return fmt.Errorf("server: local CA: %w", err)
	}
	s.ca = authority
	var domains []string
	if s.cfg.BaseDomain != "" {
		domains = []string{s.cfg.BaseDomain}
	}
	s.ingress = ingress.New(ingress.Options{HTTPAddr: s.cfg.IngressHTTP, HTTPSAddr: s.cfg.IngressHTTPS, CA: authority,
		Region: s.cfg.Region, Domains: domains, Logger: log.With("component", "ingress")})

	s.metricsSource = metrics.NewIngressSource(s.ingress, s.instanceUsage)
	s.sampler = metrics.NewSampler(s.metricsSource, metrics.SamplerOptions{})

	s.sessions = sts.NewSessions(s.store)
	s.trail = audit.NewTrail(s.store, log.With("component", "audit"))
	iamAPI := newIAM(s.store)
	s.userKeys = iamAPI

	s.registry = awsapi.NewRegistry()
	s.registry.Register(sts.New(sts.Deps{Directory: iamDirectory{iamAPI}, Verifier: verifier, Sessions: s.sessions, Now: s.cfg.Now}).Service())
	s.registry.Register(iamAPI.Service())
	s.registry.Register(audit.NewAPI(s.trail).Service())
	s.pipelines = pipeline.New(pipeline.Config{Store: s.store, WorkDir: filepath.Join(s.cfg.DataDir, "pipeline"),
		Minter: runner.TokenMinterFunc(func(_ context.Context, c oidc.Claims) (string, error) {
			c.Issuer = tokenIssuer
			return s.issuer.Mint(c, 0)
		}),
		AWSEndpoint: s.Endpoint(), Logger: log.With("component", "pipeline"), Now: s.cfg.Now})
	// Console sign-in tokens: minted by berthapi, redeemed by the console.
	s.signinTokens = console.NewTokens(s.store, s.cfg.Now)
	s.registry.Register(berthapi.New(s.issuer, tokenIssuer, s.pipelines, s.sampler).
		WithSigninTokens(s.signinTokens).Service())
	s.ssm = ssm.New(s.store, s.cfg.Region, Account)
	s.registry.Register(s.ssm.Service())
	s.secrets = secretsmanager.New(s.store, s.cfg.Region, Account)
	s.registry.Register(s.secrets.Service())
	s.logs = logs.New(s.store, logs.Options{Region: s.cfg.Region, Logger: log.With("component", "logs"), Now: s.cfg.Now})
	s.registry.Register(s.logs.Service())

	backend, err := process.New(process.Options{DataDir: filepath.Join(s.cfg.DataDir, "runtime"), Toolchains: s.cfg.Toolchains,
		Logger: log.With("component", "runtime")})
	if err != nil {
		return fmt.Errorf("server: runtime: %w", err)
	}
	s.backend = backend
	s.apprunner = apprunner.New(apprunner.Deps{Store: s.store, Backend: backend, Ingress: s.ingress, Logs: s.logs, SSM: s.ssm, SecretsManager: s.secrets,
		Authorizer: lazyAuthorizer{s}, Region: s.cfg.Region, Account: Account, Logger: log.With("component", "apprunner"),
		DataDir: filepath.Join(s.cfg.DataDir, "apprunner"), BaseDomain: s.cfg.BaseDomain, Now: s.cfg.Now,
		ResolveRepository: s.localRepository, SharedBuildCache: s.cfg.BuildCache,
		Controller: controller.Options{Autoscale: s.cfg.Autoscale}})
	s.registry.Register(s.apprunner.Service())
	s.usage = s.apprunner.InstanceUsage

	s.providers = providers.Builtin()
	for _, p := range arproviders.Providers() {
		s.providers.Add(p)
	}
	s.cfn = cloudformation.New(cloudformation.Deps{Store: s.store, Invoker: lazyInvoker{s}, Region: s.cfg.Region, Account: Account,
		Logger: log.With("component", "cloudformation"), Providers: s.providers, Now: s.cfg.Now})
	s.registry.Register(s.cfn.Service())

	s.api = &awsapi.Handler{
		Registry:    s.registry,
		Credentials: s,
		Authorizer:  &authz.Authorizer{Policies: iamPolicies{iamAPI}, Users: iamAPI, Now: s.cfg.Now},
		Recorder:    s.trail,
		Account:     Account,
		Region:      s.cfg.Region,
		Logger:      log.With("component", "api"),
		Now:         s.cfg.Now,
	}
	return nil
}

// lazyInvoker lets components built before the API handler invoke
// operations through it once it exists.
type lazyInvoker struct{ s *Server }

func (l lazyInvoker) Invoke(ctx context.Context, p *awsapi.Principal, service, op string, in any) (any, error) {
	return l.s.api.Invoke(ctx, p, service, op, in)
}

// instanceUsage reports an instance's CPU and memory for the metrics; it
// is backed by the App Runner controller's instances once they exist.
func (s *Server) instanceUsage(service, addr string) (metrics.Usage, bool) {
	if s.usage == nil {
		return metrics.Usage{}, false
	}
	return s.usage(service, addr)
}

// lazyAuthorizer lets components built before the API handler use its
// authorizer.
type lazyAuthorizer struct{ s *Server }

func (l lazyAuthorizer) Authorize(ctx context.Context, c *awsapi.Call, a awsapi.Authorization) error {
	return l.s.api.Authorizer.Authorize(ctx, c, a)
}

// localRepository maps https://github.com/OWNER/REPO(.git) to the local
// clone of a pipeline registered for OWNER/REPO, so the seed's template
// (RepoUrl = github.server_url/github.repository) deploys from the
// developer's own repository without GitHub.
func (s *Server) localRepository(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host != "github.com" {
		return ""
	}
	repo := strings.TrimSuffix(strings.Trim(u.Path, "/"), ".git")
	pipes, err := s.pipelines.Pipelines(context.Background())
	if err != nil {
		return ""
	}
	for _, p := range pipes {
		if strings.EqualFold(p.Repository, repo) {
			return p.RepoDir
		}
	}
	return ""
}
