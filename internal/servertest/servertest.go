// Package servertest starts a real berth server on port 0 in a temporary
// data dir and hands tests the clients a user would use: aws-sdk-go-v2
// configurations and the AWS CLI.
package servertest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/berth-dev/berth/internal/sdkhttp"
	"github.com/berth-dev/berth/internal/server"
)

// Berth is a server started for a test.
type Berth struct {
	*server.Server
	Dir      string
	Endpoint string
	t        testing.TB
}

// Option changes the configuration before the server starts.
type Option func(*server.Config)

// WithDataDir reuses a data dir (to test restarts).
func WithDataDir(dir string) Option { return func(c *server.Config) { c.DataDir = dir } }

// WithClock makes the server see time through now (clock-skew tests).
func WithClock(now func() time.Time) Option { return func(c *server.Config) { c.Now = now } }

// WithOIDCUpstream verifies tokens against real issuers, fetched with client.
func WithOIDCUpstream(client *http.Client) Option {
	return func(c *server.Config) { c.OIDCUpstream, c.OIDCHTTPClient = true, client }
}

// Start starts a server and stops it when the test ends.
func Start(t testing.TB, opts ...Option) *Berth {
	t.Helper()
	cfg := server.Config{
		Listen:       "127.0.0.1:0",
		IngressHTTP:  "127.0.0.1:0",
		IngressHTTPS: "127.0.0.1:0",
		DataDir:      filepath.Join(t.TempDir(), "data"),
		Logger:       slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if testing.Verbose() {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	cfg.BuildCache = hostBuildCache()
	for _, o := range opts {
		o(&cfg)
	}
	s := server.New(cfg)
	if err := s.Start(context.Background()); err != nil {
		t.Fatalf("servertest: start: %v", err)
	}
	b := &Berth{Server: s, Dir: cfg.DataDir, Endpoint: s.Endpoint(), t: t}
	t.Cleanup(func() { b.Stop() })
	return b
}

// Stop stops the server (idempotent through Cleanup ordering: call it
// only once per server, or let Cleanup do it).
func (b *Berth) Stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := b.Server.Stop(ctx); err != nil && !errors.Is(err, context.Canceled) {
		b.t.Logf("servertest: stop: %v", err)
	}
}

// RootConfig is an SDK configuration with the root credentials.
func (b *Berth) RootConfig() aws.Config {
	k := b.RootKey()
	return b.SDKConfig(credentials.NewStaticCredentialsProvider(k.AccessKeyID, k.SecretAccessKey, ""))
}

// SDKConfig is an SDK configuration pointed at the server with creds.
func (b *Berth) SDKConfig(creds aws.CredentialsProvider) aws.Config {
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(creds),
		config.WithBaseEndpoint(b.Endpoint),
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
		config.WithRetryMaxAttempts(1),
	)
	if err != nil {
		b.t.Fatalf("servertest: sdk config: %v", err)
	}
	cfg.HTTPClient = sdkhttp.Wrap(cfg.HTTPClient)
	return cfg
}

// CLIEnv is the environment the AWS CLI needs to use the root profile.
func (b *Berth) CLIEnv() []string {
	cfg := b.Server.Config()
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + os.Getenv("HOME"),
		"AWS_SHARED_CREDENTIALS_FILE=" + cfg.CredentialsPath(),
		"AWS_CONFIG_FILE=" + filepath.Join(b.Dir, "no-aws-config"),
		"AWS_PROFILE=berth",
		"AWS_ENDPOINT_URL=" + b.Endpoint,
		"AWS_DEFAULT_REGION=us-east-1",
		"AWS_PAGER=",
		"AWS_EC2_METADATA_DISABLED=true",
	}
}

// CLIResult is what one `aws` invocation produced.
type CLIResult struct {
	Stdout, Stderr string
	Code           int
}

// AWS runs the AWS CLI with the root profile (plus extra env) and returns
// its output; it fails the test only if the CLI cannot be started.
func (b *Berth) AWS(extraEnv []string, args ...string) CLIResult {
	b.t.Helper()
	if _, err := exec.LookPath("aws"); err != nil {
		b.t.Fatalf("servertest: the AWS CLI is required: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "aws", args...)
	cmd.Env = mergeEnv(b.CLIEnv(), extraEnv)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		b.t.Fatalf("servertest: aws %v: %v", args, err)
	}
	return CLIResult{Stdout: out.String(), Stderr: errb.String(), Code: code}
}

// mergeEnv overrides base with extra; "KEY=" in extra removes KEY.
func mergeEnv(base, extra []string) []string {
	out := append([]string(nil), base...)
	for _, e := range extra {
		k, v, _ := strings.Cut(e, "=")
		kept := out[:0]
		for _, o := range out {
			if !strings.HasPrefix(o, k+"=") {
				kept = append(kept, o)
			}
		}
		out = kept
		if v != "" {
			out = append(out, e)
		}
	}
	return out
}

// hostBuildCache shares the test runner's warm Go build cache with the
// services tests deploy (the backend puts GOCACHE at <dir>/go-build),
// so each test does not compile the standard library again.
func hostBuildCache() string {
	out, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		return ""
	}
	dir := strings.TrimSpace(string(out))
	if filepath.Base(dir) != "go-build" {
		return ""
	}
	return filepath.Dir(dir)
}
