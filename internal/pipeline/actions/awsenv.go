package actions

import (
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go"

	"github.com/berth-dev/berth/internal/sdkhttp"
)

// endpoint is where the step's AWS calls go: AWS_ENDPOINT_URL from its
// environment, else berth's endpoint. berth never sends a workflow's
// credentials to real AWS, so having neither is an error.
func endpoint(inv *Invocation) (string, error) {
	if e := inv.Env["AWS_ENDPOINT_URL"]; e != "" {
		return e, nil
	}
	if inv.AWSEndpoint != "" {
		return inv.AWSEndpoint, nil
	}
	return "", fmt.Errorf("%w: no AWS endpoint: set AWS_ENDPOINT_URL or run the pipeline through berth", ErrInput)
}

// region is AWS_REGION, else AWS_DEFAULT_REGION, from the step's environment.
func region(inv *Invocation) string {
	if r := inv.Env["AWS_REGION"]; r != "" {
		return r
	}
	return inv.Env["AWS_DEFAULT_REGION"]
}

// sdkConfig builds an SDK configuration from explicit values only, never
// from berth's own process environment or shared config files, so a step
// gets exactly the credentials its workflow configured.
func sdkConfig(endpointURL, region string, creds aws.CredentialsProvider) aws.Config {
	cfg := aws.Config{
		Region:           region,
		BaseEndpoint:     aws.String(endpointURL),
		RetryMaxAttempts: 3,
		HTTPClient:       sdkhttp.New(),
	}
	if creds != nil {
		cfg.Credentials = aws.NewCredentialsCache(creds)
	}
	return cfg
}

// envConfig is sdkConfig with the credentials found in the step's
// environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN),
// which is how the real actions pick up configure-aws-credentials' work.
func envConfig(inv *Invocation) (aws.Config, error) {
	ep, err := endpoint(inv)
	if err != nil {
		return aws.Config{}, err
	}
	id, secret := inv.Env["AWS_ACCESS_KEY_ID"], inv.Env["AWS_SECRET_ACCESS_KEY"]
	if id == "" || secret == "" {
		return aws.Config{}, fmt.Errorf("%w: Could not load credentials from any providers (no AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the step's environment; run aws-actions/configure-aws-credentials first)", ErrInput)
	}
	r := region(inv)
	if r == "" {
		return aws.Config{}, fmt.Errorf("%w: Region is missing (set AWS_REGION)", ErrInput)
	}
	return sdkConfig(ep, r, credentials.NewStaticCredentialsProvider(id, secret, inv.Env["AWS_SESSION_TOKEN"])), nil
}

// describeAPIError renders an SDK error as "Code: message", the way the
// AWS CLI and the actions' logs show it.
func describeAPIError(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	return err.Error()
}
