package cloudformation_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cfn "github.com/aws/aws-sdk-go-v2/service/cloudformation"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation"
	"github.com/berth-dev/berth/internal/cloudformation/provider/providertest"
	"github.com/berth-dev/berth/internal/cloudformation/providers"
	"github.com/berth-dev/berth/internal/iam"
	"github.com/berth-dev/berth/internal/logs"
	"github.com/berth-dev/berth/internal/sdkhttp"
	"github.com/berth-dev/berth/internal/ssm"
	"github.com/berth-dev/berth/internal/store"
)

var ctx = context.Background()

const (
	account   = "000000000000"
	region    = "us-east-1"
	accessKey = "AKIAIOSFODNN7EXAMPLE"
	secretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)

// rootCreds answers for one static root key.
type rootCreds struct{}

func (rootCreds) LookupAccessKey(_ context.Context, id string) (*awsapi.Credentials, error) {
	if id != accessKey {
		return nil, awsapi.ErrUnknownAccessKey
	}
	return &awsapi.Credentials{AccessKeyID: id, SecretAccessKey: secretKey,
		Principal: &awsapi.Principal{Kind: awsapi.Root, Account: account, ARN: "arn:aws:iam::" + account + ":root", UserID: account, AccessKeyID: id}}, nil
}

// env is the CloudFormation API with the services its providers use (SSM,
// CloudWatch Logs, IAM) behind one awsapi.Handler on an httptest server,
// the way the berth server wires them.
type env struct {
	t        testing.TB
	dir      string
	url      string
	srv      *httptest.Server
	st       *store.Store
	api      *cloudformation.API
	test     *providertest.Provider
	gate     *providertest.Gate // in front of test
	calls    *calls
	handler  *awsapi.Handler
	syncWait time.Duration
}

func newEnv(t testing.TB, syncWait time.Duration) *env {
	t.Helper()
	dir := t.TempDir()
	e := &env{t: t, dir: dir, test: providertest.New(), syncWait: syncWait, calls: &calls{}}
	e.gate = providertest.NewGate(e.test)
	e.open()
	return e
}

// open builds the services and starts the CloudFormation engine over the
// env's data dir (again after stop, to test restarts).
func (e *env) open() {
	st, err := store.Open(ctx, filepath.Join(e.dir, "berth.db"))
	if err != nil {
		e.t.Fatal(err)
	}
	e.st = st
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	reg := awsapi.NewRegistry()
	e.handler = &awsapi.Handler{Registry: reg, Credentials: rootCreds{}, Authorizer: awsapi.AllowAll{}, Recorder: e.calls,
		Account: account, Region: region, Logger: log}
	regp := providers.Builtin()
	if err := regp.Add(e.gate); err != nil {
		e.t.Fatal(err)
	}
	e.api = cloudformation.New(cloudformation.Deps{Store: st, Invoker: e.handler, Region: region, Account: account, Logger: log,
		Providers: regp, SyncWait: e.syncWait})
	reg.Register(e.api.Service())
	reg.Register(ssm.New(st, region, account).Service())
	reg.Register(logs.New(st, logs.Options{Region: region, Logger: log}).Service())
	reg.Register(iam.New(st, account).Service())
	srv := httptest.NewServer(e.handler)
	e.srv, e.url = srv, srv.URL
	if err := e.api.Start(ctx); err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { e.close(srv) })
}

// restart stops the server as a stopped berth would stop, and opens it
// again on the same data (the test provider keeps its resources).
func (e *env) restart() {
	e.t.Helper()
	e.close(e.srv)
	e.open()
}

func (e *env) close(srv *httptest.Server) {
	if srv != nil {
		srv.Close()
	}
	c, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	e.api.Stop(c)
	e.st.Close()
}

// config is an SDK configuration for the env.
func (e *env) config() aws.Config {
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(accessKey, secretKey, "")),
		config.WithBaseEndpoint(e.url), config.WithSharedConfigFiles([]string{}), config.WithSharedCredentialsFiles([]string{}),
		config.WithRetryMaxAttempts(1))
	if err != nil {
		e.t.Fatal(err)
	}
	cfg.HTTPClient = sdkhttp.Wrap(cfg.HTTPClient)
	return cfg
}

func (e *env) cfn() *cfn.Client { return cfn.NewFromConfig(e.config()) }

// cliResult is one AWS CLI run.
type cliResult struct {
	stdout, stderr string
	code           int
}

// aws runs the AWS CLI against the env; stdin feeds pipes (jq).
func (e *env) aws(args ...string) cliResult {
	e.t.Helper()
	if _, err := exec.LookPath("aws"); err != nil {
		e.t.Skip("the AWS CLI is not installed")
	}
	c, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(c, "aws", args...)
	cmd.Env = e.cliEnv()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		e.t.Fatal(err)
	}
	return cliResult{out.String(), errb.String(), code}
}

func (e *env) cliEnv() []string {
	return []string{"PATH=" + os.Getenv("PATH"), "HOME=" + e.dir, "AWS_ACCESS_KEY_ID=" + accessKey, "AWS_SECRET_ACCESS_KEY=" + secretKey,
		"AWS_ENDPOINT_URL=" + e.url, "AWS_DEFAULT_REGION=" + region, "AWS_PAGER=", "AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE=" + filepath.Join(e.dir, "none"), "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(e.dir, "none")}
}

// file writes a file in the env's dir and returns its path.
func (e *env) file(name, body string) string {
	p := filepath.Join(e.dir, name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		e.t.Fatal(err)
	}
	return p
}
