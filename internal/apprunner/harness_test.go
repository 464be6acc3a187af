package apprunner_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	ar "github.com/aws/aws-sdk-go-v2/service/apprunner"
	artypes "github.com/aws/aws-sdk-go-v2/service/apprunner/types"
	"github.com/aws/smithy-go"

	"github.com/berth-dev/berth/internal/apprunner"
	"github.com/berth-dev/berth/internal/apprunner/apprunnertest"
	"github.com/berth-dev/berth/internal/apprunner/controller"
	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/ingress"
	"github.com/berth-dev/berth/internal/ingress/ca"
	"github.com/berth-dev/berth/internal/logs"
	"github.com/berth-dev/berth/internal/runtime/process"
	"github.com/berth-dev/berth/internal/sdkhttp"
	"github.com/berth-dev/berth/internal/ssm"
	"github.com/berth-dev/berth/internal/store"
)

var bg = context.Background()

const (
	testKeyID  = "AKIABERTHAPPRUNNER00"
	testSecret = "apprunner-test-secret"
)

// rootCreds authenticates one static root key.
type rootCreds struct{}

func (rootCreds) LookupAccessKey(_ context.Context, id string) (*awsapi.Credentials, error) {
	if id != testKeyID {
		return nil, awsapi.ErrUnknownAccessKey
	}
	return &awsapi.Credentials{AccessKeyID: id, SecretAccessKey: testSecret, Principal: &awsapi.Principal{
		Kind: awsapi.Root, Account: "000000000000", UserID: "000000000000", ARN: "arn:aws:iam::000000000000:root", AccessKeyID: id}}, nil
}

// harness is the App Runner API over a real store, process backend,
// ingress (HTTP and HTTPS with a local CA) and logs, served over HTTP by
// awsapi and called with the Go SDK. Starting a second harness on the
// same dir is a server restart.
type harness struct {
	t       testing.TB
	dir     string
	st      *store.Store
	api     *apprunner.API
	in      *ingress.Ingress
	ca      *ca.CA
	backend *process.Backend
	ssm     *ssm.API
	handler *awsapi.Handler
	client  *ar.Client
	web     *http.Client
	// endpoint is the API's URL, for the AWS CLI.
	endpoint string
	stopped  sync.Once
}

func quiet() *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

func start(t testing.TB, dir string, mod func(*apprunner.Deps)) *harness {
	t.Helper()
	st, err := store.Open(bg, filepath.Join(dir, "berth.db"))
	if err != nil {
		t.Fatal(err)
	}
	authority, err := ca.LoadOrCreate(filepath.Join(dir, "ca"))
	if err != nil {
		t.Fatal(err)
	}
	lg := logs.New(st, logs.Options{FlushInterval: 20 * time.Millisecond, Logger: quiet()})
	be, err := process.New(process.Options{DataDir: filepath.Join(dir, "runtime"), Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	in := ingress.New(ingress.Options{HTTPAddr: "127.0.0.1:0", HTTPSAddr: "127.0.0.1:0", CA: authority, Logger: quiet()})
	if err := in.Start(bg); err != nil {
		t.Fatal(err)
	}
	params := ssm.New(st, "us-east-1", "000000000000")
	d := apprunner.Deps{Store: st, Backend: be, Ingress: in, Logs: lg, SSM: params, DataDir: filepath.Join(dir, "apprunner"),
		Logger: quiet(), BuildEnv: apprunnertest.BuildEnv(t), PollInterval: time.Hour,
		Controller: controller.Options{RestartMin: 100 * time.Millisecond, DrainTimeout: 5 * time.Second, StopGrace: 2 * time.Second}}
	if mod != nil {
		mod(&d)
	}
	api := apprunner.New(d)
	reg := awsapi.NewRegistry()
	reg.Register(api.Service())
	reg.Register(lg.Service())
	reg.Register(params.Service())
	handler := &awsapi.Handler{Registry: reg, Credentials: rootCreds{}, Authorizer: awsapi.AllowAll{},
		Account: "000000000000", Region: "us-east-1", Logger: quiet()}
	srv := httptest.NewServer(handler)
	cfg, err := config.LoadDefaultConfig(bg,
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
	if err := api.Start(bg); err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, dir: dir, st: st, api: api, in: in, ca: authority, backend: be, ssm: params, handler: handler,
		endpoint: srv.URL, client: ar.NewFromConfig(cfg), web: apprunnertest.Client(authority.Pool(), in.HTTPSAddr(), in.HTTPAddr())}
	t.Cleanup(func() {
		srv.Close()
		h.stop()
	})
	return h
}

// stop shuts everything down, as a server stop does.
func (h *harness) stop() {
	h.stopped.Do(func() {
		ctx, cancel := context.WithTimeout(bg, 20*time.Second)
		defer cancel()
		if err := h.api.Stop(ctx); err != nil {
			h.t.Logf("api stop: %v", err)
		}
		h.backend.Shutdown(ctx, time.Second)
		h.in.Stop(ctx)
		h.st.Close()
	})
}

// connection creates a GITHUB connection and returns its ARN.
func (h *harness) connection(name string) string {
	h.t.Helper()
	out, err := h.client.CreateConnection(bg, &ar.CreateConnectionInput{ConnectionName: aws.String(name), ProviderType: artypes.ProviderTypeGithub})
	if err != nil {
		h.t.Fatal(err)
	}
	return *out.Connection.ConnectionArn
}

// goService is a CreateService request for a Go app in repo.
func goService(name, repo, conn string) *ar.CreateServiceInput {
	return &ar.CreateServiceInput{
		ServiceName: aws.String(name),
		SourceConfiguration: &artypes.SourceConfiguration{
			AuthenticationConfiguration: &artypes.AuthenticationConfiguration{ConnectionArn: aws.String(conn)},
			AutoDeploymentsEnabled:      aws.Bool(false),
			CodeRepository: &artypes.CodeRepository{
				RepositoryUrl:     aws.String(repo),
				SourceCodeVersion: &artypes.SourceCodeVersion{Type: artypes.SourceCodeVersionTypeBranch, Value: aws.String("main")},
				CodeConfiguration: &artypes.CodeConfiguration{
					ConfigurationSource: artypes.ConfigurationSourceApi,
					CodeConfigurationValues: &artypes.CodeConfigurationValues{
						Runtime:      artypes.RuntimeGo1,
						BuildCommand: aws.String("go build -o app ."),
						StartCommand: aws.String("./app"),
						Port:         aws.String("8080"),
					},
				},
			},
		},
		InstanceConfiguration:    &artypes.InstanceConfiguration{Cpu: aws.String("1 vCPU"), Memory: aws.String("2 GB")},
		HealthCheckConfiguration: &artypes.HealthCheckConfiguration{Interval: aws.Int32(1), Timeout: aws.Int32(1), UnhealthyThreshold: aws.Int32(3)},
	}
}

// wait polls DescribeService until the service leaves
// OPERATION_IN_PROGRESS and returns it.
func (h *harness) wait(arn string) *artypes.Service {
	h.t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		out, err := h.client.DescribeService(bg, &ar.DescribeServiceInput{ServiceArn: aws.String(arn)})
		if err != nil {
			h.t.Fatal(err)
		}
		if out.Service.Status != artypes.ServiceStatusOperationInProgress {
			return out.Service
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("service %s still %s", arn, out.Service.Status)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// get fetches https://<url><path> and returns status and body.
func (h *harness) get(url, path string) (int, string) {
	h.t.Helper()
	resp, err := h.web.Get("https://" + url + path)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// ops lists a service's operations, newest first, as "TYPE STATUS".
func (h *harness) ops(arn string) []string {
	h.t.Helper()
	out, err := h.client.ListOperations(bg, &ar.ListOperationsInput{ServiceArn: aws.String(arn)})
	if err != nil {
		h.t.Fatal(err)
	}
	var l []string
	for _, o := range out.OperationSummaryList {
		l = append(l, string(o.Type)+" "+string(o.Status))
	}
	return l
}

// events returns the service's event log.
func (h *harness) events(name, id string) string {
	h.t.Helper()
	return strings.Join(logLines(h.t, h.st, controller.ServiceLogGroup(name, id), controller.EventsStream), "\n")
}

// logLines returns the messages of group's streams starting with prefix.
func logLines(t testing.TB, st *store.Store, group, prefix string) []string {
	t.Helper()
	rows, err := st.DB().Query(`SELECT e.message FROM log_events e
		JOIN log_streams s ON s.id = e.stream_id JOIN log_groups g ON g.id = e.group_id
		WHERE g.name = ? AND s.name LIKE ? ORDER BY e.ts, e.id`, group, prefix+"%")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var m string
		rows.Scan(&m)
		out = append(out, m)
	}
	return out
}

// code is the AWS error code of err, or "".
func code(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// newRepoWith makes a repository with the Go test app plus files and
// returns its path.
func newRepoWith(t *testing.T, files map[string]string) string {
	all := apprunnertest.GoApp("v1")
	for k, v := range files {
		all[k] = v
	}
	return apprunnertest.NewRepo(t, all).Dir
}

// convert re-encodes an SDK input as berth's input type, the way the wire
// would.
func convert(sdk, berth any) error {
	b, err := json.Marshal(sdk)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, berth)
}

// aws runs the AWS CLI against the harness and returns stdout, stderr and
// the exit code; the test is skipped without the CLI.
func (h *harness) aws(args ...string) (string, string, int) {
	h.t.Helper()
	if _, err := exec.LookPath("aws"); err != nil {
		h.t.Skip("the AWS CLI is not installed")
	}
	cmd := exec.Command("aws", args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + h.dir, "AWS_ACCESS_KEY_ID=" + testKeyID, "AWS_SECRET_ACCESS_KEY=" + testSecret,
		"AWS_DEFAULT_REGION=us-east-1", "AWS_ENDPOINT_URL=" + h.endpoint, "AWS_PAGER=", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null"}
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		h.t.Fatal(err)
	}
	return out.String(), errb.String(), code
}
