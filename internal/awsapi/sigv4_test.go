package awsapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

func signed(t testing.TB, body string, when time.Time) *http.Request {
	req, _ := http.NewRequest("POST", "http://127.0.0.1:4566/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	sum := sha256.Sum256([]byte(body))
	err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: "AKIATESTTESTTESTTEST", SecretAccessKey: "secret"}, req, hex.EncodeToString(sum[:]), "sts", "us-east-1", when)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func TestVerifyAgainstSDKSigner(t *testing.T) {
	now := time.Now()
	body := "Action=GetCallerIdentity&Version=2011-06-15"
	req := signed(t, body, now)
	req.Host = req.URL.Host
	sig, err := ParseSignature(req)
	if err != nil || sig == nil {
		t.Fatalf("parse: %v", err)
	}
	if err := sig.Verify(req, []byte(body), "secret", now); err != nil {
		t.Fatalf("verify: %v", err)
	}
	if err := sig.Verify(req, []byte(body), "other", now); err == nil {
		t.Fatal("wrong secret accepted")
	}
	if err := sig.Verify(req, []byte(body+"&x=1"), "secret", now); err == nil {
		t.Fatal("changed body accepted")
	}
	if err := sig.Verify(req, []byte(body), "secret", now.Add(16*time.Minute)); err == nil || !strings.Contains(err.Error(), "Signature expired") {
		t.Fatalf("skew: %v", err)
	}
}

func TestParseSignatureErrors(t *testing.T) {
	for _, h := range []string{
		"AWS4-HMAC-SHA256",
		"AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request, SignedHeaders=host, Signature=x",
		"AWS4-ECDSA-P256-SHA256 Credential=a/20200101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=x",
		"AWS4-HMAC-SHA256 Credential=a/20200101/us-east-1/sts/aws4_request, SignedHeaders=host",
		"AWS4-HMAC-SHA256 garbage",
	} {
		req, _ := http.NewRequest("POST", "http://x/", nil)
		req.Header.Set("Authorization", h)
		req.Header.Set("X-Amz-Date", "20200101T000000Z")
		if _, err := ParseSignature(req); err == nil {
			t.Errorf("%q: want error", h)
		}
	}
}

func FuzzParseSignature(f *testing.F) {
	f.Add("AWS4-HMAC-SHA256 Credential=AKIA/20200101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc", "20200101T000000Z", "X-Amz-Expires=10")
	f.Add("", "", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2F20200101%2Fr%2Fs%2Faws4_request&X-Amz-Date=20200101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00")
	f.Fuzz(func(t *testing.T, auth, date, query string) {
		req, err := http.NewRequest("POST", "http://127.0.0.1/?"+query, strings.NewReader("Action=X"))
		if err != nil {
			return
		}
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		req.Header.Set("X-Amz-Date", date)
		sig, err := ParseSignature(req)
		if err != nil || sig == nil {
			return
		}
		_ = sig.Verify(req, []byte("Action=X"), "secret", time.Now())
	})
}

// BenchmarkVerify measures one SigV4 verification of a typical awsQuery
// request (target < 20 µs).
func BenchmarkVerify(b *testing.B) {
	now := time.Now()
	body := "Action=GetCallerIdentity&Version=2011-06-15"
	req := signed(b, body, now)
	req.Host = req.URL.Host
	b.ReportAllocs()
	for b.Loop() {
		sig, err := ParseSignature(req)
		if err != nil {
			b.Fatal(err)
		}
		if err := sig.Verify(req, []byte(body), "secret", now); err != nil {
			b.Fatal(err)
		}
	}
}
