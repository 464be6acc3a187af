package secretsmanager_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/berth-dev/berth/internal/audit"
	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/secretsmanager"
	"github.com/berth-dev/berth/internal/store"
)

const (
	account    = "000000000000"
	region     = "us-east-1"
	testKeyID  = "AKIABERTHSECRETSTEST"
	testSecret = "secrets-test-secret"
)

var bg = context.Background()

// rootCreds authenticates one static root key.
type rootCreds struct{}

func (rootCreds) LookupAccessKey(_ context.Context, id string) (*awsapi.Credentials, error) {
	if id != testKeyID {
		return nil, awsapi.ErrUnknownAccessKey
	}
	return &awsapi.Credentials{AccessKeyID: id, SecretAccessKey: testSecret, Principal: &awsapi.Principal{
		Kind: awsapi.Root, Account: account, UserID: account, ARN: "arn:aws:iam::000000000000:root", AccessKeyID: id}}, nil
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// harness is Secrets Manager and CloudTrail served over HTTP by awsapi,
// with the audit trail recording, as in a full server.
type harness struct {
	t       testing.TB
	API     *secretsmanager.API
	Handler *awsapi.Handler
	URL     string
	Clock   *clock
	dir     string
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(bg, filepath.Join(dir, "berth.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	api := secretsmanager.New(st, region, account)
	clk := &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	api.SetClock(clk.now)
	trail := audit.NewTrail(st, log)
	reg := awsapi.NewRegistry()
	reg.Register(api.Service())
	reg.Register(audit.NewAPI(trail).Service())
	h := &awsapi.Handler{Registry: reg, Credentials: rootCreds{}, Authorizer: awsapi.AllowAll{}, Recorder: trail,
		Account: account, Region: region, Logger: log}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &harness{t: t, API: api, Handler: h, URL: srv.URL, Clock: clk, dir: dir}
}

// apiError is an AWS JSON error response.
type apiError struct {
	Status  int
	Code    string `json:"__type"`
	Message string `json:"message"`
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// call sends one SigV4-signed awsJson1_1 request, as the SDKs do, and
// decodes the response into out (when not nil).
func (h *harness) call(target, op string, in, out any) error {
	h.t.Helper()
	body, err := json.Marshal(in)
	if err != nil {
		h.t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, h.URL+"/", bytes.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", target+"."+op)
	sum := sha256.Sum256(body)
	service := "secretsmanager"
	if target != "secretsmanager" {
		service = "cloudtrail"
	}
	creds := aws.Credentials{AccessKeyID: testKeyID, SecretAccessKey: testSecret}
	if err := v4.NewSigner().SignHTTP(bg, creds, req, hex.EncodeToString(sum[:]), service, region, time.Now()); err != nil {
		h.t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		e := &apiError{Status: resp.StatusCode}
		if err := json.Unmarshal(b, e); err != nil {
			h.t.Fatalf("%s: status %d, body %s", op, resp.StatusCode, b)
		}
		return e
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			h.t.Fatalf("%s: decode %s: %v", op, b, err)
		}
	}
	return nil
}

// sm calls a Secrets Manager operation.
func (h *harness) sm(op string, in, out any) error {
	h.t.Helper()
	return h.call("secretsmanager", op, in, out)
}

// must calls op and fails the test on error.
func (h *harness) must(op string, in, out any) {
	h.t.Helper()
	if err := h.sm(op, in, out); err != nil {
		h.t.Fatalf("%s: %v", op, err)
	}
}

// wantErr calls op and checks its AWS error code (and message, if given).
func (h *harness) wantErr(op string, in any, code, msg string) {
	h.t.Helper()
	err := h.sm(op, in, nil)
	var ae *apiError
	if !errors.As(err, &ae) {
		h.t.Fatalf("%s: want %s, got %v", op, code, err)
	}
	if ae.Code != code || (msg != "" && ae.Message != msg) {
		h.t.Fatalf("%s: want %s %q, got %s %q", op, code, msg, ae.Code, ae.Message)
	}
}

// obj is a loosely typed JSON object.
type obj = map[string]any

// aws runs the AWS CLI against the harness; the test is skipped when the
// CLI is not installed.
func (h *harness) aws(args ...string) (string, string, int) {
	h.t.Helper()
	if _, err := exec.LookPath("aws"); err != nil {
		h.t.Skip("the AWS CLI is not installed")
	}
	ctx, cancel := context.WithTimeout(bg, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "aws", append([]string{"--endpoint-url", h.URL, "--output", "json"}, args...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + h.dir, "AWS_ACCESS_KEY_ID=" + testKeyID,
		"AWS_SECRET_ACCESS_KEY=" + testSecret, "AWS_DEFAULT_REGION=" + region, "AWS_PAGER=", "AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE=" + filepath.Join(h.dir, "none"), "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(h.dir, "none")}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		h.t.Fatal(err)
	}
	return out.String(), errb.String(), code
}
