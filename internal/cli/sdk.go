package cli

import (
	"context"
	"os"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/berth-dev/berth/internal/credfile"
	"github.com/berth-dev/berth/internal/sdkhttp"
)

// sdkConfig is an aws-sdk-go-v2 configuration for the berth at the
// client flags' endpoint, with the root credentials of their data dir.
func (c *clientFlags) sdkConfig(ctx context.Context) (aws.Config, error) {
	key, err := credfile.Load(filepath.Join(c.data, "credentials"))
	if err != nil {
		if os.IsNotExist(err) {
			return aws.Config{}, usagef("berth server --data "+c.data, "no root credentials in %s: is a berth server using that data dir?", c.data)
		}
		return aws.Config{}, err
	}
	// Built by hand rather than loaded: the AWS_* variables `berth env`
	// exports (AWS_PROFILE…) must not change where berth's own commands go.
	return aws.Config{Region: c.region, BaseEndpoint: aws.String(c.endpoint), HTTPClient: sdkhttp.New(),
		Credentials: credentials.NewStaticCredentialsProvider(key.AccessKeyID, key.SecretAccessKey, "")}, nil
}
