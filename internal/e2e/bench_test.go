package e2e

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/berth-dev/berth/internal/servertest"
)

// BenchmarkGetCallerIdentity is a full signed round trip over loopback
// through aws-sdk-go-v2: sign, send, verify, dispatch, encode, parse.
func BenchmarkGetCallerIdentity(b *testing.B) {
	srv := servertest.Start(b)
	c := sts.NewFromConfig(srv.RootConfig())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.GetCallerIdentity(ctx, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAssumeRoleWithWebIdentity is the seed's federation call over
// loopback with a warm key cache (target < 2 ms): token verification,
// trust-policy evaluation and session issue included.
func BenchmarkAssumeRoleWithWebIdentity(b *testing.B) {
	srv := servertest.Start(b)
	applySeedPlatform(b, srv)
	iss := serverIssuer(b, srv)
	tok, err := iss.Mint(mainClaims(), time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	c := sts.NewFromConfig(srv.SDKConfig(aws.AnonymousCredentials{}))
	in := &sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String(roleARN), RoleSessionName: aws.String("bench"), WebIdentityToken: aws.String(tok)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.AssumeRoleWithWebIdentity(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
