package cli

import (
	"context"
	"os"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/berth-dev/berth/internal/credfile"
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
	return config.LoadDefaultConfig(ctx,
		config.WithRegion(c.region),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(key.AccessKeyID, key.SecretAccessKey, "")),
		config.WithBaseEndpoint(c.endpoint),
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
	)
}
