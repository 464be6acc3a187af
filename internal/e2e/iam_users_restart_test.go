package e2e

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	ar "github.com/aws/aws-sdk-go-v2/service/apprunner"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/berth-dev/berth/internal/servertest"
)

// TestIAMUserSurvivesRestart: a user, its group membership and its access
// key are in the store: after a server restart the key still signs calls
// with the same identity and the same permissions.
func TestIAMUserSurvivesRestart(t *testing.T) {
	b := servertest.Start(t)
	root := iam.NewFromConfig(b.RootConfig())
	developersGroup(t, root)
	if _, err := root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("bob")}); err != nil {
		t.Fatal(err)
	}
	if _, err := root.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String("developers"), UserName: aws.String("bob")}); err != nil {
		t.Fatal(err)
	}
	k, err := root.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("bob")})
	if err != nil {
		t.Fatal(err)
	}
	creds := credentials.NewStaticCredentialsProvider(*k.AccessKey.AccessKeyId, *k.AccessKey.SecretAccessKey, "")

	b.Stop()
	b = servertest.Start(t, servertest.WithDataDir(b.Dir))
	bob := b.SDKConfig(creds)
	id, err := sts.NewFromConfig(bob).GetCallerIdentity(ctx, nil)
	if err != nil || aws.ToString(id.Arn) != "arn:aws:iam::000000000000:user/bob" || !strings.HasPrefix(aws.ToString(id.UserId), "AIDA") {
		t.Fatalf("GetCallerIdentity after the restart = %+v, %v", id, err)
	}
	if _, err := ar.NewFromConfig(bob).ListServices(ctx, &ar.ListServicesInput{}); err != nil {
		t.Fatalf("ListServices after the restart: %v", err)
	}
	if _, err := ar.NewFromConfig(bob).PauseService(ctx, &ar.PauseServiceInput{ServiceArn: aws.String("arn:aws:apprunner:us-east-1:000000000000:service/x/0123456789abcdef0123456789abcdef")}); apiCode(err) != "AccessDeniedException" {
		t.Fatalf("PauseService after the restart: %v", err)
	}
}
