package e2e

import (
	"testing"

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
