// Package process is berth's default runtime.Backend: it builds services in
// host directories with the host's toolchains and runs instances as host
// processes, one process group each, that never outlive the server.
//
// Layout under Options.DataDir:
//
//	artifacts/<artifact-id>/src           copy of the fetched workspace; commands run in src/<SourceDirectory>
//	artifacts/<artifact-id>/venv          Python virtualenv (PYTHON_* runtimes)
//	artifacts/<artifact-id>/home          $HOME of the instances
//	artifacts/<artifact-id>/artifact.json the Artifact, written last (a build without it is incomplete)
//	cache/<service>/                      default BuildSpec.CacheDir: go-build, gomod, pip, npm, home
package process

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/berth-dev/berth/internal/runtime"
)

// backendName is Artifact.Backend for artifacts built here.
const backendName = "process"

// defaultPollInterval is how often memory limits are checked.
const defaultPollInterval = 500 * time.Millisecond

var _ runtime.Backend = (*Backend)(nil)

// Options configures a Backend.
type Options struct {
	// DataDir holds artifacts and default caches; required, absolute.
	DataDir string
	// Toolchains maps an App Runner runtime name to the host program that
	// serves it, by name (looked up in Path) or path: {"PYTHON_311":
	// "/usr/bin/python3.11"}. Unlisted runtimes use go, python3, node,
	// java, dotnet, php or ruby from Path.
	Toolchains map[string]string
	// Path is the PATH used to find toolchains and given to builds and
	// instances (after the runtime's own directories); empty means the
	// server's $PATH.
	Path string
	// PassEnv names the server environment variables that builds and
	// instances inherit (a trailing * matches a prefix). Nil means
	// DefaultPassEnv. Nothing else leaks from the server's environment:
	// it may hold credentials.
	PassEnv []string
	// MemoryPollInterval is how often instance memory is checked against
	// InstanceSpec.MemoryLimitBytes; zero means 500ms.
	MemoryPollInterval time.Duration
	// Logger receives instance lifecycle events; nil discards them.
	Logger *slog.Logger
}

// DefaultPassEnv is inherited by builds and instances when Options.PassEnv
// is nil: locale, time zone, proxies, CA bundles and package-manager
// settings (so a mirror configured for the server is used by builds).
var DefaultPassEnv = []string{
	"LANG", "LC_ALL", "LC_CTYPE", "TZ",
	"http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY",
	"SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS",
	"GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GONOPROXY", "GOINSECURE", "GOTOOLCHAIN", "GOFLAGS", "GOENV",
	"PIP_*", "NPM_CONFIG_*", "npm_config_*",
}

// Backend is the process runtime.Backend. It is safe for concurrent use.
type Backend struct {
	opts    Options
	path    string
	procDir string
	log     *slog.Logger

	mu        sync.Mutex
	instances map[string]*instance
}

// New returns a Backend; it does no I/O (directories are made by Build).
func New(opts Options) (*Backend, error) {
	if opts.DataDir == "" || !filepath.IsAbs(opts.DataDir) {
		return nil, fmt.Errorf("process: new: DataDir %q must be an absolute path", opts.DataDir)
	}
	if opts.MemoryPollInterval <= 0 {
		opts.MemoryPollInterval = defaultPollInterval
	}
	if opts.PassEnv == nil {
		opts.PassEnv = DefaultPassEnv
	}
	path := opts.Path
	if path == "" {
		path = os.Getenv("PATH")
	}
	if path == "" {
		path = "/usr/local/bin:/usr/bin:/bin"
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Backend{
		opts:      opts,
		path:      path,
		procDir:   "/proc",
		log:       logger,
		instances: make(map[string]*instance),
	}, nil
}

// Instances lists the live instances, sorted by ID.
func (b *Backend) Instances() []runtime.Instance {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]runtime.Instance, 0, len(b.instances))
	for _, i := range b.instances {
		out = append(out, i)
	}
	sort.Slice(out, func(x, y int) bool { return out[x].ID() < out[y].ID() })
	return out
}

// Shutdown stops every live instance in parallel.
func (b *Backend) Shutdown(ctx context.Context, grace time.Duration) error {
	live := b.Instances()
	errs := make([]error, len(live))
	var wg sync.WaitGroup
	for n, inst := range live {
		wg.Go(func() { errs[n] = inst.Stop(ctx, grace) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// artifactsDir is where artifacts live.
func (b *Backend) artifactsDir() string {
	return filepath.Join(b.opts.DataDir, "artifacts")
}
