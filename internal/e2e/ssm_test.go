package e2e

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/berth-dev/berth/internal/servertest"
)

func TestSSMParameters(t *testing.T) {
	b := servertest.Start(t)
	c := ssm.NewFromConfig(b.RootConfig())
	put := func(name, value string, typ ssmtypes.ParameterType, overwrite bool) error {
		_, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String(name), Value: aws.String(value), Type: typ, Overwrite: aws.Bool(overwrite)})
		return err
	}
	if err := put("/app/db-url", "postgres://x", ssmtypes.ParameterTypeString, false); err != nil {
		t.Fatal(err)
	}
	wantCode(t, put("/app/db-url", "y", ssmtypes.ParameterTypeString, false), "ParameterAlreadyExists")
	if err := put("/app/db-url", "postgres://y", ssmtypes.ParameterTypeString, true); err != nil {
		t.Fatal(err)
	}
	if err := put("/app/secret", "s3cr3t", ssmtypes.ParameterTypeSecureString, false); err != nil {
		t.Fatal(err)
	}
	wantCode(t, put("/aws/reserved", "x", ssmtypes.ParameterTypeString, false), "ValidationException")
	g, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/app/db-url")})
	if err != nil || *g.Parameter.Value != "postgres://y" || g.Parameter.Version != 2 || !strings.HasSuffix(*g.Parameter.ARN, ":parameter/app/db-url") {
		t.Fatalf("get = %+v %v", g, err)
	}
	_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/nope")})
	wantCode(t, err, "ParameterNotFound")
	gs, err := c.GetParameters(ctx, &ssm.GetParametersInput{Names: []string{"/app/secret", "/nope"}, WithDecryption: aws.Bool(true)})
	if err != nil || len(gs.Parameters) != 1 || *gs.Parameters[0].Value != "s3cr3t" || gs.InvalidParameters[0] != "/nope" {
		t.Fatalf("get parameters = %+v %v", gs, err)
	}
	bp, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/app")})
	if err != nil || len(bp.Parameters) != 2 {
		t.Fatalf("by path = %+v %v", bp, err)
	}
	r := b.AWS(nil, "ssm", "get-parameter", "--name", "/app/secret")
	if r.Code != 0 || strings.Contains(r.Stdout, "s3cr3t") {
		t.Fatalf("SecureString without decryption: %d %s %s", r.Code, r.Stdout, r.Stderr)
	}
	if _, err := c.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String("/app/secret")}); err != nil {
		t.Fatal(err)
	}
	wantCLIError(t, b.AWS(nil, "ssm", "delete-parameter", "--name", "/app/secret"), "ParameterNotFound")
}
