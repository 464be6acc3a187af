package actions

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// ConfigureAWSCredentials is aws-actions/configure-aws-credentials@v1-v4
// against berth. With role-to-assume and no static keys it requests the
// job's OIDC token (audience input, default sts.amazonaws.com) from the
// run's token endpoint, exactly as the real action does through
// ACTIONS_ID_TOKEN_REQUEST_URL, and calls AssumeRoleWithWebIdentity
// (role-session-name default GitHubActions, role-duration-seconds default
// 3600). web-identity-token-file reads the token from a file instead.
// Static keys (aws-access-key-id/aws-secret-access-key, optionally with
// role-to-assume for AssumeRole) are supported too.
//
// It exports AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
// (all masked), AWS_REGION, AWS_DEFAULT_REGION and, berth's addition,
// AWS_ENDPOINT_URL so that later `aws` and SDK calls reach berth. Then,
// like the real action, it calls GetCallerIdentity with the new
// credentials and outputs aws-account-id (masked when
// mask-aws-account-id is true). With output-credentials (v4) it also
// outputs aws-access-key-id, aws-secret-access-key, aws-session-token and
// aws-expiration. Session tags and proxies are ignored.
type ConfigureAWSCredentials struct{}

var regionRE = regexp.MustCompile(`^[a-z0-9-]+$`)

// Run implements Action.
func (ConfigureAWSCredentials) Run(ctx context.Context, inv *Invocation) error {
	region, err := inv.Required("aws-region")
	if err != nil {
		return err
	}
	if !regionRE.MatchString(region) {
		return fmt.Errorf("%w: Region is not valid: %s", ErrInput, region)
	}
	ep, err := endpoint(inv)
	if err != nil {
		return err
	}
	role := inv.Input("role-to-assume", "")
	keyID, secret := inv.Input("aws-access-key-id", ""), inv.Input("aws-secret-access-key", "")
	sessionName := inv.Input("role-session-name", "GitHubActions")
	duration, err := strconv.Atoi(inv.Input("role-duration-seconds", "3600"))
	if err != nil || duration <= 0 {
		return fmt.Errorf("%w: role-duration-seconds %q is not a positive number", ErrInput, inv.Input("role-duration-seconds", ""))
	}
	c := inv.Commands
	c.ExportVariable("AWS_DEFAULT_REGION", region)
	c.ExportVariable("AWS_REGION", region)

	var creds aws.Credentials
	switch {
	case keyID != "" || secret != "":
		if keyID == "" || secret == "" {
			return fmt.Errorf("%w: aws-access-key-id and aws-secret-access-key must be given together", ErrInput)
		}
		creds = aws.Credentials{AccessKeyID: keyID, SecretAccessKey: secret, SessionToken: inv.Input("aws-session-token", "")}
		if role != "" {
			cfg := sdkConfig(ep, region, credentials.NewStaticCredentialsProvider(keyID, secret, creds.SessionToken))
			out, err := sts.NewFromConfig(cfg).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(role),
				RoleSessionName: aws.String(sessionName), DurationSeconds: aws.Int32(int32(duration))})
			if err != nil {
				return fmt.Errorf("configure-aws-credentials: could not assume role: %s", describeAPIError(err))
			}
			creds = fromSTS(out.Credentials.AccessKeyId, out.Credentials.SecretAccessKey, out.Credentials.SessionToken, out.Credentials.Expiration)
		}
	case role != "":
		token, err := webIdentityToken(ctx, inv)
		if err != nil {
			return err
		}
		if !strings.HasPrefix(role, "arn:") {
			return fmt.Errorf("%w: role-to-assume must be a role ARN when assuming with a web identity (got %q)", ErrInput, role)
		}
		inv.Logf("Assuming role %s with OIDC (session %s)", role, sessionName)
		out, err := sts.NewFromConfig(sdkConfig(ep, region, aws.AnonymousCredentials{})).AssumeRoleWithWebIdentity(ctx,
			&sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String(role), RoleSessionName: aws.String(sessionName),
				WebIdentityToken: aws.String(token), DurationSeconds: aws.Int32(int32(duration))})
		if err != nil {
			return fmt.Errorf("configure-aws-credentials: could not assume role with OIDC: %s", describeAPIError(err))
		}
		creds = fromSTS(out.Credentials.AccessKeyId, out.Credentials.SecretAccessKey, out.Credentials.SessionToken, out.Credentials.Expiration)
	default:
		return fmt.Errorf("%w: Credentials could not be loaded, please check your action inputs: give role-to-assume (with id-token: write) or aws-access-key-id/aws-secret-access-key", ErrInput)
	}

	c.AddMask(creds.AccessKeyID)
	c.AddMask(creds.SecretAccessKey)
	c.ExportVariable("AWS_ACCESS_KEY_ID", creds.AccessKeyID)
	c.ExportVariable("AWS_SECRET_ACCESS_KEY", creds.SecretAccessKey)
	if creds.SessionToken != "" {
		c.AddMask(creds.SessionToken)
		c.ExportVariable("AWS_SESSION_TOKEN", creds.SessionToken)
	}
	c.ExportVariable("AWS_ENDPOINT_URL", ep)

	cfg := sdkConfig(ep, region, credentials.NewStaticCredentialsProvider(creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken))
	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return fmt.Errorf("configure-aws-credentials: credentials could not be validated: %s", describeAPIError(err))
	}
	account := aws.ToString(id.Account)
	if truthy(inv.Input("mask-aws-account-id", "false")) {
		c.AddMask(account)
	}
	c.SetOutput("aws-account-id", account)
	if truthy(inv.Input("output-credentials", "false")) {
		c.SetOutput("aws-access-key-id", creds.AccessKeyID)
		c.SetOutput("aws-secret-access-key", creds.SecretAccessKey)
		c.SetOutput("aws-session-token", creds.SessionToken)
		if creds.CanExpire {
			c.SetOutput("aws-expiration", creds.Expires.UTC().Format(time.RFC3339))
		}
	}
	inv.Logf("Authenticated as %s", aws.ToString(id.Arn))
	return nil
}

// webIdentityToken reads web-identity-token-file or asks the run's OIDC
// endpoint for a token.
func webIdentityToken(ctx context.Context, inv *Invocation) (string, error) {
	if f := inv.Input("web-identity-token-file", ""); f != "" {
		if !filepath.IsAbs(f) {
			f = filepath.Join(inv.Workspace, f)
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return "", fmt.Errorf("%w: web-identity-token-file: %v", ErrInput, err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	if inv.IDToken == nil {
		return "", fmt.Errorf("%w: Credentials could not be loaded, please check your action inputs: the job needs `permissions: id-token: write` to request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set)", ErrNoIDToken)
	}
	tok, err := inv.IDToken(ctx, inv.Input("audience", "sts.amazonaws.com"))
	if err != nil {
		return "", fmt.Errorf("configure-aws-credentials: could not get ID token: %w", err)
	}
	inv.Commands.AddMask(tok)
	return tok, nil
}

func fromSTS(id, secret, token *string, exp *time.Time) aws.Credentials {
	c := aws.Credentials{AccessKeyID: aws.ToString(id), SecretAccessKey: aws.ToString(secret), SessionToken: aws.ToString(token)}
	if exp != nil {
		c.CanExpire, c.Expires = true, *exp
	}
	return c
}
