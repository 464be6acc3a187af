// Package e2e holds end-to-end tests: a real berth on port 0, real clients
// (aws-sdk-go-v2 and the AWS CLI).
package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go"

	"github.com/berth-dev/berth/internal/cli"
	"github.com/berth-dev/berth/internal/servertest"
)

var ctx = context.Background()

// apiCode returns the AWS error code of an SDK error, or "".
func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := apiCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// wantCLIError checks an AWS CLI failure names code.
func wantCLIError(t *testing.T, r servertest.CLIResult, code string) {
	t.Helper()
	if r.Code == 0 || !strings.Contains(r.Stderr, "("+code+")") {
		t.Fatalf("aws exit %d, stderr %q; want error (%s)", r.Code, r.Stderr, code)
	}
}

// rawRequest signs and sends a request the SDKs would not produce.
type rawRequest struct {
	method, target, contentType, body, service string
	secret, payloadHash                        string
	when                                       time.Time
	headers                                    map[string]string
}

func send(t *testing.T, b *servertest.Berth, rr rawRequest) (int, http.Header, string) {
	t.Helper()
	if rr.method == "" {
		rr.method = http.MethodPost
	}
	if rr.service == "" {
		rr.service = "sts"
	}
	if rr.contentType == "" {
		rr.contentType = "application/x-www-form-urlencoded; charset=utf-8"
	}
	req, _ := http.NewRequest(rr.method, b.Endpoint+"/", strings.NewReader(rr.body))
	req.Header.Set("Content-Type", rr.contentType)
	if rr.target != "" {
		req.Header.Set("X-Amz-Target", rr.target)
	}
	for k, v := range rr.headers {
		req.Header.Set(k, v)
	}
	k := b.RootKey()
	secret := k.SecretAccessKey
	if rr.secret != "" {
		secret = rr.secret
	}
	ph := rr.payloadHash
	if ph == "" {
		sum := sha256.Sum256([]byte(rr.body))
		ph = hex.EncodeToString(sum[:])
	}
	when := rr.when
	if when.IsZero() {
		when = time.Now()
	}
	if rr.service != "-" {
		err := v4.NewSigner().SignHTTP(ctx, aws.Credentials{AccessKeyID: k.AccessKeyID, SecretAccessKey: secret}, req, ph, rr.service, "us-east-1", when)
		if err != nil {
			t.Fatal(err)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

// runBerth runs a berth command in-process.
func runBerth(args []string, stdout, stderr io.Writer) int { return cli.Execute(args, stdout, stderr) }
