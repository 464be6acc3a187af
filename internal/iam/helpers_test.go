package iam

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/smithy-go"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/sdkhttp"
	"github.com/berth-dev/berth/internal/store"
)

var bg = context.Background()

const (
	testAccount   = "000000000000"
	testKeyID     = "AKIAIAMTESTIAMTEST01"
	testRoleKeyID = "AKIAIAMTESTIAMROLE01"
	testSecret    = "iam-test-secret"
)

// testCreds authenticates one key as the account's root and another as a
// role session, whose calls go through the authorizer.
type testCreds struct{}

func (testCreds) LookupAccessKey(_ context.Context, id string) (*awsapi.Credentials, error) {
	switch id {
	case testKeyID:
		return &awsapi.Credentials{AccessKeyID: id, SecretAccessKey: testSecret, Principal: &awsapi.Principal{
			Kind: awsapi.Root, Account: testAccount, UserID: testAccount, ARN: "arn:aws:iam::" + testAccount + ":root", AccessKeyID: id}}, nil
	case testRoleKeyID:
		return &awsapi.Credentials{AccessKeyID: id, SecretAccessKey: testSecret, Principal: &awsapi.Principal{
			Kind: awsapi.AssumedRole, Account: testAccount, ARN: "arn:aws:sts::" + testAccount + ":assumed-role/caller/s", AccessKeyID: id}}, nil
	}
	return nil, awsapi.ErrUnknownAccessKey
}

// authzLog records what each call asked the authorizer, and allows it.
type authzLog struct {
	mu  sync.Mutex
	log []awsapi.Authorization
}

func (l *authzLog) Authorize(_ context.Context, _ *awsapi.Call, a awsapi.Authorization) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.log = append(l.log, a)
	return nil
}

// last returns the most recent authorization question.
func (l *authzLog) last() awsapi.Authorization {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.log) == 0 {
		return awsapi.Authorization{}
	}
	return l.log[len(l.log)-1]
}

// fixture is the IAM API served over real HTTP on port 0, with an SDK
// client signed as root.
type fixture struct {
	api    *API
	client *awsiam.Client
	url    string
	// asRole is a client whose calls are authorized (and recorded in authz).
	asRole *awsiam.Client
	authz  *authzLog
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	st, err := store.Open(bg, filepath.Join(t.TempDir(), "berth.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	api := New(st, testAccount)
	reg := awsapi.NewRegistry()
	reg.Register(api.Service())
	authz := &authzLog{}
	h := &awsapi.Handler{Registry: reg, Credentials: testCreds{}, Authorizer: authz,
		Account: testAccount, Region: "us-east-1", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	client := func(key string) *awsiam.Client {
		cfg, err := config.LoadDefaultConfig(bg, config.WithRegion("us-east-1"),
			config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(key, testSecret, "")),
			config.WithBaseEndpoint(srv.URL), config.WithRetryMaxAttempts(1),
			config.WithSharedConfigFiles([]string{}), config.WithSharedCredentialsFiles([]string{}))
		if err != nil {
			t.Fatal(err)
		}
		cfg.HTTPClient = sdkhttp.Wrap(cfg.HTTPClient)
		return awsiam.NewFromConfig(cfg)
	}
	return &fixture{api: api, client: client(testKeyID), url: srv.URL, asRole: client(testRoleKeyID), authz: authz}
}

// code returns the AWS error code of an SDK error or of an *awsapi.Error
// a helper returned, or "".
func code(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	var be *awsapi.Error
	if errors.As(err, &be) {
		return be.Code
	}
	return ""
}

func wantCode(t *testing.T, err error, want string) {
	t.Helper()
	if got := code(err); got != want {
		t.Fatalf("error code = %q (%v), want %q", got, err, want)
	}
}

func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// decode undoes IAM's URL-encoding of policy documents.
func decode(t testing.TB, s *string) string {
	t.Helper()
	d, err := url.QueryUnescape(aws.ToString(s))
	if err != nil {
		t.Fatalf("document %q is not URL-encoded: %v", aws.ToString(s), err)
	}
	return d
}

// seedDoc reads a platform document of the seed, for account 000000000000
// and repository acme/shop.
func seedDoc(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "seed", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "OWNER/REPO", "acme/shop")
}

const trustEC2 = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

const allowS3 = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`

// raw sends a signed awsQuery request the SDKs would not produce (they
// validate required members client-side) and returns status and body.
func (f *fixture) raw(t testing.TB, form url.Values) (int, string) {
	t.Helper()
	form.Set("Version", "2010-05-08")
	body := form.Encode()
	req := httptest.NewRequest("POST", f.url+"/", strings.NewReader(body))
	req.RequestURI = ""
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	sum := sha256.Sum256([]byte(body))
	err := v4.NewSigner().SignHTTP(bg, aws.Credentials{AccessKeyID: testKeyID, SecretAccessKey: testSecret}, req,
		hex.EncodeToString(sum[:]), "iam", "us-east-1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
