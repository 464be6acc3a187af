package logs_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/logs"
	"github.com/berth-dev/berth/internal/sdkhttp"
	"github.com/berth-dev/berth/internal/store"
)

const (
	testKeyID  = "AKIABERTHLOGSTEST000"
	testSecret = "logs-test-secret"
)

// rootCreds authenticates one static root key.
type rootCreds struct{}

func (rootCreds) LookupAccessKey(_ context.Context, id string) (*awsapi.Credentials, error) {
	if id != testKeyID {
		return nil, awsapi.ErrUnknownAccessKey
	}
	return &awsapi.Credentials{AccessKeyID: id, SecretAccessKey: testSecret, Principal: &awsapi.Principal{
		Kind: awsapi.Root, Account: logs.Account, UserID: logs.Account, ARN: "arn:aws:iam::000000000000:root", AccessKeyID: id}}, nil
}

// harness is the component served alone over HTTP by awsapi, with the
// same signing and error rendering as a full server.
type harness struct {
	Logs     *logs.Logs
	Store    *store.Store
	Endpoint string
	Client   *cwl.Client
}

func newHarness(t testing.TB, opts logs.Options) *harness {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "berth.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	l := logs.New(st, opts)
	reg := awsapi.NewRegistry()
	reg.Register(l.Service())
	srv := httptest.NewServer(&awsapi.Handler{Registry: reg, Credentials: rootCreds{}, Authorizer: awsapi.AllowAll{},
		Account: logs.Account, Region: "us-east-1", Logger: opts.Logger})
	t.Cleanup(srv.Close)
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(testKeyID, testSecret, "")),
		config.WithBaseEndpoint(srv.URL),
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
		config.WithRetryMaxAttempts(1),
	)
	if err != nil {
		t.Fatal(err)
	}
	cfg.HTTPClient = sdkhttp.Wrap(cfg.HTTPClient)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := l.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		l.Stop(ctx)
	})
	return &harness{Logs: l, Store: st, Endpoint: srv.URL, Client: cwl.NewFromConfig(cfg)}
}

// cliEnv is what the AWS CLI needs to reach the harness.
func (h *harness) cliEnv() []string {
	return []string{"AWS_ACCESS_KEY_ID=" + testKeyID, "AWS_SECRET_ACCESS_KEY=" + testSecret, "AWS_DEFAULT_REGION=us-east-1"}
}
