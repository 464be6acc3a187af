package secretsmanager_test

import (
	"bytes"
	"errors"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/berth-dev/berth/internal/sdkhttp"
)

func (h *harness) client() *sm.Client {
	h.t.Helper()
	cfg, err := config.LoadDefaultConfig(bg, config.WithRegion(region),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(testKeyID, testSecret, "")),
		config.WithBaseEndpoint(h.URL), config.WithSharedConfigFiles([]string{}), config.WithSharedCredentialsFiles([]string{}),
		config.WithRetryMaxAttempts(1))
	if err != nil {
		h.t.Fatal(err)
	}
	cfg.HTTPClient = sdkhttp.Wrap(cfg.HTTPClient)
	return sm.NewFromConfig(cfg)
}

// TestSDK drives every operation with aws-sdk-go-v2's typed client.
func TestSDK(t *testing.T) {
	h := newHarness(t)
	c := h.client()
	cr, err := c.CreateSecret(bg, &sm.CreateSecretInput{Name: aws.String("sdk/db"), SecretString: aws.String("one"),
		Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
	if err != nil || !arnREsdk.MatchString(*cr.ARN) || len(*cr.VersionId) != 36 {
		t.Fatalf("CreateSecret = %+v, %v", cr, err)
	}
	if _, err := c.PutSecretValue(bg, &sm.PutSecretValueInput{SecretId: cr.ARN, SecretString: aws.String("two")}); err != nil {
		t.Fatal(err)
	}
	g, err := c.GetSecretValue(bg, &sm.GetSecretValueInput{SecretId: aws.String("sdk/db"), VersionStage: aws.String("AWSPREVIOUS")})
	if err != nil || *g.SecretString != "one" || g.CreatedDate == nil || g.CreatedDate.IsZero() {
		t.Fatalf("GetSecretValue = %+v, %v", g, err)
	}
	if _, err := c.CreateSecret(bg, &sm.CreateSecretInput{Name: aws.String("sdk/bin"), SecretBinary: []byte{0, 9}}); err != nil {
		t.Fatal(err)
	}
	gb, err := c.GetSecretValue(bg, &sm.GetSecretValueInput{SecretId: aws.String("sdk/bin")})
	if err != nil || !bytes.Equal(gb.SecretBinary, []byte{0, 9}) || gb.SecretString != nil {
		t.Fatalf("binary GetSecretValue = %+v, %v", gb, err)
	}
	if _, err := c.UpdateSecret(bg, &sm.UpdateSecretInput{SecretId: aws.String("sdk/db"), Description: aws.String("d")}); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeSecret(bg, &sm.DescribeSecretInput{SecretId: cr.ARN})
	if err != nil || *d.Description != "d" || len(d.VersionIdsToStages) != 2 || d.CreatedDate == nil || len(d.Tags) != 1 {
		t.Fatalf("DescribeSecret = %+v, %v", d, err)
	}
	var listed int
	pg := sm.NewListSecretsPaginator(c, &sm.ListSecretsInput{MaxResults: aws.Int32(1)})
	for pg.HasMorePages() {
		page, err := pg.NextPage(bg)
		if err != nil {
			t.Fatal(err)
		}
		listed += len(page.SecretList)
	}
	if listed != 2 {
		t.Fatalf("paginated ListSecrets saw %d secrets", listed)
	}
	if _, err := c.TagResource(bg, &sm.TagResourceInput{SecretId: cr.ARN, Tags: []types.Tag{{Key: aws.String("x"), Value: aws.String("y")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UntagResource(bg, &sm.UntagResourceInput{SecretId: cr.ARN, TagKeys: []string{"x"}}); err != nil {
		t.Fatal(err)
	}
	del, err := c.DeleteSecret(bg, &sm.DeleteSecretInput{SecretId: cr.ARN, RecoveryWindowInDays: aws.Int64(7)})
	if err != nil || del.DeletionDate == nil {
		t.Fatalf("DeleteSecret = %+v, %v", del, err)
	}
	_, err = c.GetSecretValue(bg, &sm.GetSecretValueInput{SecretId: cr.ARN})
	var ir *types.InvalidRequestException
	if !errors.As(err, &ir) || ir.ErrorMessage() != "You can't perform this operation on the secret because it was marked for deletion." {
		t.Fatalf("GetSecretValue of a deleted secret: %v", err)
	}
	if _, err := c.RestoreSecret(bg, &sm.RestoreSecretInput{SecretId: cr.ARN}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteSecret(bg, &sm.DeleteSecretInput{SecretId: cr.ARN, ForceDeleteWithoutRecovery: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeSecret(bg, &sm.DescribeSecretInput{SecretId: cr.ARN})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) || nf.ErrorMessage() != "Secrets Manager can't find the specified secret." {
		t.Fatalf("DescribeSecret of a force-deleted secret: %v", err)
	}
	_, err = c.CreateSecret(bg, &sm.CreateSecretInput{Name: aws.String("sdk/bin"), SecretString: aws.String("x")})
	var ex *types.ResourceExistsException
	if !errors.As(err, &ex) {
		t.Fatalf("CreateSecret of a taken name: %v", err)
	}
	pw, err := c.GetRandomPassword(bg, &sm.GetRandomPasswordInput{PasswordLength: aws.Int64(12)})
	if err != nil || len(*pw.RandomPassword) != 12 {
		t.Fatalf("GetRandomPassword = %+v, %v", pw, err)
	}
	vs, err := c.ListSecretVersionIds(bg, &sm.ListSecretVersionIdsInput{SecretId: aws.String("sdk/bin")})
	if err != nil || len(vs.Versions) != 1 || vs.Versions[0].CreatedDate == nil {
		t.Fatalf("ListSecretVersionIds = %+v, %v", vs, err)
	}
}

var arnREsdk = regexp.MustCompile(`^arn:aws:secretsmanager:us-east-1:000000000000:secret:sdk/db-[A-Za-z0-9]{6}$`)
