package e2e

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/berth-dev/berth/internal/sdkhttp"
	"github.com/berth-dev/berth/internal/servertest"
)

// BenchmarkGetCallerIdentity is a full signed round trip over loopback
// through aws-sdk-go-v2: sign, send, verify, dispatch, encode, parse.
// The sub-benchmarks compare berth's SDK client (internal/sdkhttp, which
// sends a private copy of each body) with the SDK's own.
func BenchmarkGetCallerIdentity(b *testing.B) {
	srv := servertest.Start(b)
	for _, client := range []struct {
		name string
		http aws.HTTPClient
	}{{"sdkhttp", sdkhttp.New()}, {"sdk-default", awshttp.NewBuildableClient()}} {
		b.Run(client.name, func(b *testing.B) {
			cfg := srv.RootConfig()
			cfg.HTTPClient = client.http
			c := sts.NewFromConfig(cfg)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.GetCallerIdentity(ctx, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
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
