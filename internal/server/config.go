// Package server wires berth's components together and owns the listeners
// and their lifecycle: New (no side effects) → Start → Stop.
package server

import (
	"github.com/berth-dev/berth/internal/autoscale"

	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// Account is the single account berth serves.
const Account = "000000000000"

// Config is what `berth server` is started with.
type Config struct {
	Listen       string // API endpoint address, default 127.0.0.1:4566
	IngressHTTPS string // default 127.0.0.1:8443
	IngressHTTP  string // default 127.0.0.1:8080
	DataDir      string
	Region       string
	// BaseDomain is the domain service hosts live under (a server with
	// wildcard DNS sets it); empty means <region>.apprunner.localhost.
	BaseDomain string
	// OIDCUpstream makes STS fetch real issuers' keys instead of emulating
	// GitHub's issuer with the built-in one.
	OIDCUpstream bool
	Logger       *slog.Logger
	// OIDCHTTPClient fetches upstream issuers' discovery documents and keys
	// (tests use it to trust a local issuer's certificate); nil means a
	// default client.
	OIDCHTTPClient *http.Client
	// BuildCache, when set, is one build cache directory for every service
	// (go-build, gomod, pip, npm under it) instead of one per service.
	BuildCache string
	// Autoscale tunes App Runner's autoscaler windows and rates (tests
	// shorten them); MinSize, MaxSize and MaxConcurrency come from each
	// service's AutoScalingConfiguration.
	Autoscale autoscale.Config
	// Toolchains names the host binary serving each runtime
	// (PYTHON_3 → /usr/bin/python3); empty entries are looked up in PATH.
	Toolchains map[string]string
	// Now replaces the clock (tests only).
	Now func() time.Time
}

// DefaultDataDir is $BERTH_HOME, else ~/.berth.
func DefaultDataDir() string {
	if d := os.Getenv("BERTH_HOME"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ".berth"
	}
	return filepath.Join(home, ".berth")
}

func (c *Config) setDefaults() {
	if c.Listen == "" {
		c.Listen = "127.0.0.1:4566"
	}
	if c.IngressHTTPS == "" {
		c.IngressHTTPS = "127.0.0.1:8443"
	}
	if c.IngressHTTP == "" {
		c.IngressHTTP = "127.0.0.1:8080"
	}
	if c.DataDir == "" {
		c.DataDir = DefaultDataDir()
	}
	if abs, err := filepath.Abs(c.DataDir); err == nil {
		c.DataDir = abs // processes started in other directories use it
	}
	if c.Region == "" {
		c.Region = "us-east-1"
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
}

// CredentialsPath is the shared-credentials file in the data dir.
func (c *Config) CredentialsPath() string { return filepath.Join(c.DataDir, "credentials") }
