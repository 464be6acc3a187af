package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/berth-dev/berth/internal/servertest"
)

func TestGetCallerIdentityRoot(t *testing.T) {
	b := servertest.Start(t)
	out, err := sts.NewFromConfig(b.RootConfig()).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if *out.Arn != "arn:aws:iam::000000000000:root" || *out.Account != "000000000000" || *out.UserId != "000000000000" {
		t.Fatalf("sdk identity = %s %s %s", *out.Arn, *out.Account, *out.UserId)
	}
	r := b.AWS(nil, "sts", "get-caller-identity")
	if r.Code != 0 {
		t.Fatalf("aws: %d %s", r.Code, r.Stderr)
	}
	var id struct{ UserId, Account, Arn string }
	if err := json.Unmarshal([]byte(r.Stdout), &id); err != nil {
		t.Fatal(err, r.Stdout)
	}
	if id.Arn != "arn:aws:iam::000000000000:root" || id.Account != "000000000000" {
		t.Fatalf("cli identity = %+v", id)
	}
}

func TestDataDirAndRestartReuseCredentials(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	b := servertest.Start(t, servertest.WithDataDir(dir))
	k1 := b.RootKey()
	b.Stop()
	fi, err := os.Stat(dir)
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("data dir mode = %v, %v", fi.Mode(), err)
	}
	fi, err = os.Stat(filepath.Join(dir, "credentials"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("credentials mode = %v, %v", fi.Mode(), err)
	}
	b2 := servertest.Start(t, servertest.WithDataDir(dir))
	if b2.RootKey() != k1 {
		t.Fatal("second start made new root credentials")
	}
	if r := b2.AWS(nil, "sts", "get-caller-identity"); r.Code != 0 {
		t.Fatalf("after restart: %s", r.Stderr)
	}
}

func TestHealth(t *testing.T) {
	b := servertest.Start(t)
	resp, err := http.Get(b.Endpoint + "/_berth/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("health = %d", resp.StatusCode)
	}
}

func TestAuthErrors(t *testing.T) {
	b := servertest.Start(t)
	k := b.RootKey()
	client := func(id, secret, token string) *sts.Client {
		return sts.NewFromConfig(b.SDKConfig(credentials.NewStaticCredentialsProvider(id, secret, token)))
	}
	t.Run("wrong secret", func(t *testing.T) {
		_, err := client(k.AccessKeyID, "wrong"+k.SecretAccessKey[5:], "").GetCallerIdentity(ctx, nil)
		wantCode(t, err, "SignatureDoesNotMatch")
		r := b.AWS([]string{"AWS_PROFILE=", "AWS_ACCESS_KEY_ID=" + k.AccessKeyID, "AWS_SECRET_ACCESS_KEY=nope"}, "sts", "get-caller-identity")
		wantCLIError(t, r, "SignatureDoesNotMatch")
	})
	t.Run("unknown key", func(t *testing.T) {
		_, err := client("AKIAUNKNOWNUNKNOWN00", "x", "").GetCallerIdentity(ctx, nil)
		wantCode(t, err, "InvalidClientTokenId")
		r := b.AWS([]string{"AWS_PROFILE=", "AWS_ACCESS_KEY_ID=AKIAUNKNOWNUNKNOWN00", "AWS_SECRET_ACCESS_KEY=x"}, "sts", "get-caller-identity")
		wantCLIError(t, r, "InvalidClientTokenId")
	})
	t.Run("unexpected session token", func(t *testing.T) {
		_, err := client(k.AccessKeyID, k.SecretAccessKey, "bogus-token").GetCallerIdentity(ctx, nil)
		wantCode(t, err, "InvalidClientTokenId")
	})
	t.Run("missing authentication", func(t *testing.T) {
		_, err := sts.NewFromConfig(b.SDKConfig(aws.AnonymousCredentials{})).GetCallerIdentity(ctx, nil)
		wantCode(t, err, "MissingAuthenticationToken")
		wantCLIError(t, b.AWS(nil, "sts", "get-caller-identity", "--no-sign-request"), "MissingAuthenticationToken")
	})
	t.Run("clock skew", func(t *testing.T) {
		code, _, body := send(t, b, rawRequest{body: "Action=GetCallerIdentity&Version=2011-06-15", when: time.Now().Add(-20 * time.Minute)})
		if code != 403 || !strings.Contains(body, "<Code>SignatureDoesNotMatch</Code>") || !strings.Contains(body, "Signature expired:") {
			t.Fatalf("past: %d %s", code, body)
		}
		code, _, body = send(t, b, rawRequest{body: "Action=GetCallerIdentity&Version=2011-06-15", when: time.Now().Add(20 * time.Minute)})
		if code != 403 || !strings.Contains(body, "Signature not yet current:") {
			t.Fatalf("future: %d %s", code, body)
		}
	})
	t.Run("clock skew through both clients", func(t *testing.T) {
		skewed := servertest.Start(t, servertest.WithClock(func() time.Time { return time.Now().Add(30 * time.Minute) }))
		_, err := sts.NewFromConfig(skewed.RootConfig()).GetCallerIdentity(ctx, nil)
		wantCode(t, err, "SignatureDoesNotMatch")
		r := skewed.AWS(nil, "sts", "get-caller-identity")
		wantCLIError(t, r, "SignatureDoesNotMatch")
		if !strings.Contains(r.Stderr, "Signature expired") {
			t.Fatalf("cli stderr %q lacks AWS's wording", r.Stderr)
		}
	})
	t.Run("unsigned payload", func(t *testing.T) {
		code, _, body := send(t, b, rawRequest{body: "Action=GetCallerIdentity&Version=2011-06-15", payloadHash: "UNSIGNED-PAYLOAD",
			headers: map[string]string{"X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD"}})
		if code != 200 || !strings.Contains(body, "arn:aws:iam::000000000000:root") {
			t.Fatalf("%d %s", code, body)
		}
	})
	t.Run("content sha256 mismatch", func(t *testing.T) {
		wrong := strings.Repeat("ab", 32)
		code, _, body := send(t, b, rawRequest{body: "Action=GetCallerIdentity&Version=2011-06-15", payloadHash: wrong,
			headers: map[string]string{"X-Amz-Content-Sha256": wrong}})
		if code != 400 || !strings.Contains(body, "XAmzContentSHA256Mismatch") {
			t.Fatalf("%d %s", code, body)
		}
	})
	t.Run("presigned url", func(t *testing.T) {
		p, err := sts.NewPresignClient(sts.NewFromConfig(b.RootConfig())).PresignGetCallerIdentity(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest(p.Method, p.URL, nil)
		for k, v := range p.SignedHeader {
			req.Header[k] = v
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), "<Arn>arn:aws:iam::000000000000:root</Arn>") {
			t.Fatalf("%d %s", resp.StatusCode, body)
		}
		// Tampering with the presigned query breaks the signature.
		resp, err = http.Get(strings.Replace(p.URL, "Version=2011-06-15", "Version=2011-06-16", 1))
		if err != nil {
			t.Fatal(err)
		}
		body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 403 || !strings.Contains(string(body), "SignatureDoesNotMatch") {
			t.Fatalf("tampered presigned url: %d %s", resp.StatusCode, body)
		}
	})
}

func TestProtocolErrors(t *testing.T) {
	b := servertest.Start(t)
	t.Run("unknown action", func(t *testing.T) {
		code, hdr, body := send(t, b, rawRequest{body: "Action=NoSuchThing&Version=2011-06-15"})
		if code != 400 || !strings.Contains(body, "<Code>InvalidAction</Code>") || !strings.Contains(body, "<Type>Sender</Type>") || hdr.Get("x-amzn-RequestId") == "" {
			t.Fatalf("%d %s", code, body)
		}
		if !strings.Contains(body, "<RequestId>"+hdr.Get("x-amzn-RequestId")+"</RequestId>") {
			t.Fatalf("request id not in body: %s", body)
		}
	})
	t.Run("missing action", func(t *testing.T) {
		code, _, body := send(t, b, rawRequest{body: "Version=2011-06-15"})
		if code != 400 || !strings.Contains(body, "<Code>MissingAction</Code>") {
			t.Fatalf("%d %s", code, body)
		}
	})
	t.Run("unknown json target", func(t *testing.T) {
		code, hdr, body := send(t, b, rawRequest{service: "apprunner", target: "NoSuchService_2020.DoIt", contentType: "application/x-amz-json-1.0", body: "{}"})
		if code != 400 || !strings.Contains(body, `"__type":"UnknownOperationException"`) || hdr.Get("x-amzn-RequestId") == "" {
			t.Fatalf("%d %s", code, body)
		}
	})
	t.Run("unknown signed service", func(t *testing.T) {
		code, _, body := send(t, b, rawRequest{service: "s3x", body: "Action=ListThings&Version=2011-06-15"})
		if code != 400 || !strings.Contains(body, "<Code>InvalidAction</Code>") {
			t.Fatalf("%d %s", code, body)
		}
	})
	t.Run("malformed form", func(t *testing.T) {
		code, _, body := send(t, b, rawRequest{body: "Action=GetCallerIdentity&%zz"})
		if code != 400 || !strings.Contains(body, "<Code>MalformedQueryString</Code>") {
			t.Fatalf("%d %s", code, body)
		}
	})
	t.Run("body too large", func(t *testing.T) {
		code, _, body := send(t, b, rawRequest{body: "Action=GetCallerIdentity&Pad=" + strings.Repeat("x", 3<<20)})
		if code != 413 || !strings.Contains(body, "RequestEntityTooLarge") {
			t.Fatalf("%d %.200s", code, body)
		}
	})
	t.Run("plain GET is not a 404 page", func(t *testing.T) {
		resp, err := http.Get(b.Endpoint + "/some/path")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 403 || !strings.Contains(string(body), "MissingAuthenticationToken") {
			t.Fatalf("%d %s", resp.StatusCode, body)
		}
	})
}

func TestMetricsEndpoint(t *testing.T) {
	b := servertest.Start(t)
	resp, err := http.Get(b.Endpoint + "/_berth/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
}
