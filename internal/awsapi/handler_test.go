package awsapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

type testCreds struct{}

func (testCreds) LookupAccessKey(_ context.Context, id string) (*Credentials, error) {
	if id != "AKIATESTTESTTESTTEST" {
		return nil, ErrUnknownAccessKey
	}
	return &Credentials{AccessKeyID: id, SecretAccessKey: "secret", Principal: &Principal{Kind: AssumedRole, ARN: "arn:aws:sts::000000000000:assumed-role/r/s"}}, nil
}

type denyAll struct{}

func (denyAll) Authorize(_ context.Context, c *Call, a Authorization) error {
	return Errorf(CodeAccessDeniedJSON, "User: %s is not authorized to perform: %s", c.Principal.ARN, a.Action)
}

type echoIn struct {
	Name  string `json:"name" aws:"required"`
	Count int    `json:"count"`
}
type echoOut struct {
	Name string `json:"name"`
}

type recorder struct{ calls []*Call }

func (r *recorder) Record(_ context.Context, c *Call) { r.calls = append(r.calls, c) }

func testHandler(authz Authorizer) (*Handler, *recorder) {
	reg := NewRegistry()
	svc := &Service{SigningName: "echo", TargetPrefix: "Echo_2020", Protocol: JSON10}
	svc.Add(
		Define(Spec[echoIn, echoOut]{Name: "Echo", Action: "echo:Echo", Handler: func(_ context.Context, _ *Call, in *echoIn) (*echoOut, error) {
			return &echoOut{Name: in.Name}, nil
		}}),
		Define(Spec[echoIn, echoOut]{Name: "Panic", Action: "echo:Panic", Handler: func(context.Context, *Call, *echoIn) (*echoOut, error) {
			panic("boom")
		}}),
		Define(Spec[echoIn, echoOut]{Name: "GoError", Action: "echo:GoError", Handler: func(context.Context, *Call, *echoIn) (*echoOut, error) {
			return nil, io.ErrUnexpectedEOF
		}}),
	)
	reg.Register(svc)
	rec := &recorder{}
	return &Handler{Registry: reg, Credentials: testCreds{}, Authorizer: authz, Recorder: rec, Account: "000000000000", Region: "us-east-1",
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, rec
}

func call(t *testing.T, h http.Handler, op, body string) (int, map[string]string) {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, _ := http.NewRequest("POST", srv.URL+"/", strings.NewReader(body))
	req.Header.Set("X-Amz-Target", "Echo_2020."+op)
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	sum := sha256.Sum256([]byte(body))
	v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: "AKIATESTTESTTESTTEST", SecretAccessKey: "secret"}, req, hex.EncodeToString(sum[:]), "echo", "us-east-1", time.Now())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]string
	b, _ := io.ReadAll(resp.Body)
	json.Unmarshal(b, &m)
	if resp.Header.Get("x-amzn-RequestId") == "" {
		t.Fatal("no request id header")
	}
	return resp.StatusCode, m
}

func TestJSONProtocol(t *testing.T) {
	h, rec := testHandler(AllowAll{})
	cases := []struct {
		op, body string
		status   int
		code     string
	}{
		{"Echo", `{"name":"x"}`, 200, ""},
		{"Echo", `{"name":`, 400, "SerializationException"},
		{"Echo", `{"name":"x","count":"notanumber"}`, 400, "SerializationException"},
		{"Echo", `{"name":"x"} {}`, 400, "SerializationException"},
		{"Echo", `{}`, 400, "ValidationException"},
		{"Nope", `{}`, 400, "UnknownOperationException"},
		{"Panic", `{"name":"x"}`, 500, "InternalFailure"},
		{"GoError", `{"name":"x"}`, 500, "InternalFailure"},
	}
	for _, c := range cases {
		status, m := call(t, h, c.op, c.body)
		if status != c.status || m["__type"] != c.code {
			t.Errorf("%s %s: %d %v, want %d %s", c.op, c.body, status, m, c.status, c.code)
		}
		if c.code == "InternalFailure" && strings.Contains(m["message"], "EOF") {
			t.Errorf("Go error leaked: %q", m["message"])
		}
	}
	if status, m := call(t, h, "Echo", `{"name":"hi"}`); status != 200 || m["name"] != "hi" {
		t.Fatalf("echo = %d %v", status, m)
	}
	if len(rec.calls) == 0 {
		t.Fatal("no calls recorded")
	}
}

func TestAuthorizerRunsForEveryNonRootCall(t *testing.T) {
	h, rec := testHandler(denyAll{})
	status, m := call(t, h, "Echo", `{"name":"x"}`)
	if status != 400 || m["__type"] != "AccessDeniedException" {
		t.Fatalf("%d %v", status, m)
	}
	last := rec.calls[len(rec.calls)-1]
	if last.Err == nil || last.Err.Code != "AccessDeniedException" {
		t.Fatalf("denied call not recorded: %+v", last)
	}
}

func TestInvokeAuthorizesAndRecords(t *testing.T) {
	h, rec := testHandler(denyAll{})
	p := &Principal{Kind: AssumedRole, ARN: "arn:aws:sts::000000000000:assumed-role/r/s"}
	_, err := h.Invoke(context.Background(), p, "echo", "Echo", &echoIn{Name: "x"})
	if err == nil {
		t.Fatal("denied invoke succeeded")
	}
	h.Authorizer = AllowAll{}
	out, err := h.Invoke(WithInvokedBy(context.Background(), "cloudformation.amazonaws.com"), p, "echo", "Echo", &echoIn{Name: "x"})
	if err != nil || out.(*echoOut).Name != "x" {
		t.Fatalf("invoke = %v, %v", out, err)
	}
	if _, err := h.Invoke(context.Background(), p, "echo", "Echo", &echoOut{}); err == nil {
		t.Fatal("wrong input type accepted")
	}
	if _, err := h.Invoke(context.Background(), p, "echo", "Echo", &echoIn{}); err == nil {
		t.Fatal("missing required field accepted")
	}
	if len(rec.calls) != 3 || rec.calls[1].SourceIP != "cloudformation.amazonaws.com" {
		t.Fatalf("recorded %d calls", len(rec.calls))
	}
}

// TestInvokeWithSource: a call made for a person (a console page) is
// recorded with that client's address and agent, not a service's name.
func TestInvokeWithSource(t *testing.T) {
	h, rec := testHandler(AllowAll{})
	p := &Principal{Kind: AssumedRole, ARN: "arn:aws:sts::000000000000:assumed-role/r/s"}
	ctx := WithSource(WithInvokedBy(context.Background(), "console.berth.local"), "192.0.2.7", "Mozilla/5.0")
	if _, err := h.Invoke(ctx, p, "echo", "Echo", &echoIn{Name: "x"}); err != nil {
		t.Fatal(err)
	}
	if c := rec.calls[len(rec.calls)-1]; c.SourceIP != "192.0.2.7" || c.UserAgent != "Mozilla/5.0" {
		t.Fatalf("recorded source %q, agent %q", c.SourceIP, c.UserAgent)
	}
}
