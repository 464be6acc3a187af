package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/berth-dev/berth/internal/cli"
	"github.com/berth-dev/berth/internal/servertest"
)

const (
	seedRepo    = "acme/shop"
	roleARN     = "arn:aws:iam::000000000000:role/github-access"
	providerARN = "arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com"
)

// clock is a server clock tests can move.
type clock struct{ offset atomic.Int64 }

func (c *clock) now() time.Time            { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *clock) advance(d time.Duration)   { c.offset.Add(int64(d)) }
func withClock(c *clock) servertest.Option { return servertest.WithClock(c.now) }

func seedFile(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seed", "platform", name))
	if err != nil {
		t.Fatalf("seed file: %v", err)
	}
	return strings.ReplaceAll(string(b), "OWNER/REPO", seedRepo)
}

// applySeedPlatform recreates the seed's Terraform through the IAM API,
// with the AWS CLI as a platform team would.
func applySeedPlatform(t testing.TB, b *servertest.Berth) {
	t.Helper()
	dir := t.TempDir()
	trust := filepath.Join(dir, "trust.json")
	perms := filepath.Join(dir, "perms.json")
	os.WriteFile(trust, []byte(seedFile(t, "trust-policy.json")), 0o644)
	os.WriteFile(perms, []byte(seedFile(t, "permissions-policy.json")), 0o644)
	for _, args := range [][]string{
		{"iam", "create-open-id-connect-provider", "--url", "https://token.actions.githubusercontent.com",
			"--client-id-list", "sts.amazonaws.com", "--thumbprint-list", "6938fd4d98bab03faadb97b34396831e3780aea1"},
		{"iam", "create-role", "--role-name", "github-access", "--assume-role-policy-document", "file://" + trust},
		{"iam", "create-policy", "--policy-name", "app_infra_manager_policy", "--policy-document", "file://" + perms},
		{"iam", "attach-role-policy", "--role-name", "github-access", "--policy-arn", "arn:aws:iam::000000000000:policy/app_infra_manager_policy"},
	} {
		if r := b.AWS(nil, args...); r.Code != 0 {
			t.Fatalf("aws %v: %s", args, r.Stderr)
		}
	}
}

// mintToken runs `berth oidc token` against the server.
func mintToken(t *testing.T, b *servertest.Berth, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	full := append([]string{"oidc", "token", "--endpoint", b.Endpoint, "--data", b.Dir}, args...)
	if code := cli.Execute(full, &out, &errb); code != 0 {
		t.Fatalf("berth %v: %d %s", full, code, errb.String())
	}
	return strings.TrimSpace(out.String())
}

type assumed struct {
	Credentials                                     struct{ AccessKeyId, SecretAccessKey, SessionToken, Expiration string }
	AssumedRoleUser                                 struct{ AssumedRoleId, Arn string }
	SubjectFromWebIdentityToken, Provider, Audience string
}

func assumeCLI(t *testing.T, b *servertest.Berth, token string, extra ...string) (assumed, servertest.CLIResult) {
	t.Helper()
	args := append([]string{"sts", "assume-role-with-web-identity", "--role-arn", roleARN,
		"--role-session-name", "GithubActions", "--web-identity-token", token}, extra...)
	r := b.AWS([]string{"AWS_PROFILE=", "AWS_SHARED_CREDENTIALS_FILE=/nonexistent"}, args...)
	var a assumed
	if r.Code == 0 {
		if err := json.Unmarshal([]byte(r.Stdout), &a); err != nil {
			t.Fatalf("%v: %s", err, r.Stdout)
		}
	}
	return a, r
}

func sessionEnv(a assumed) []string {
	return []string{"AWS_PROFILE=", "AWS_SHARED_CREDENTIALS_FILE=/nonexistent",
		"AWS_ACCESS_KEY_ID=" + a.Credentials.AccessKeyId, "AWS_SECRET_ACCESS_KEY=" + a.Credentials.SecretAccessKey,
		"AWS_SESSION_TOKEN=" + a.Credentials.SessionToken}
}

func TestSeedGovernanceFlow(t *testing.T) {
	clk := &clock{}
	b := servertest.Start(t, withClock(clk))
	applySeedPlatform(t, b)

	tok := mintToken(t, b, "--repo", seedRepo, "--ref", "refs/heads/main")
	a, r := assumeCLI(t, b, tok)
	if r.Code != 0 {
		t.Fatalf("assume main: %s", r.Stderr)
	}
	if !strings.HasPrefix(a.Credentials.AccessKeyId, "ASIA") || a.AssumedRoleUser.Arn != "arn:aws:sts::000000000000:assumed-role/github-access/GithubActions" ||
		a.SubjectFromWebIdentityToken != "repo:acme/shop:ref:refs/heads/main" || a.Audience != "sts.amazonaws.com" {
		t.Fatalf("assumed = %+v", a)
	}
	env := sessionEnv(a)

	// The session is the role, and the role's policy decides.
	r = b.AWS(env, "sts", "get-caller-identity")
	if r.Code != 0 || !strings.Contains(r.Stdout, "assumed-role/github-access/GithubActions") {
		t.Fatalf("identity: %d %s %s", r.Code, r.Stdout, r.Stderr)
	}
	r = b.AWS(env, "iam", "create-role", "--role-name", "evil", "--assume-role-policy-document", `{"Version":"2012-10-17","Statement":[]}`)
	wantCLIError(t, r, "AccessDenied")
	want := "User: arn:aws:sts::000000000000:assumed-role/github-access/GithubActions is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::000000000000:role/evil because no identity-based policy allows the iam:CreateRole action"
	if !strings.Contains(r.Stderr, want) {
		t.Fatalf("denial message:\n%s\nwant %s", r.Stderr, want)
	}
	wantCLIError(t, b.AWS(env, "cloudtrail", "lookup-events"), "AccessDeniedException")

	// The seed's conditional statements, through the SDK.
	sess := b.SDKConfig(credentials.NewStaticCredentialsProvider(a.Credentials.AccessKeyId, a.Credentials.SecretAccessKey, a.Credentials.SessionToken))
	_, err := iam.NewFromConfig(sess).CreateServiceLinkedRole(ctx, &iam.CreateServiceLinkedRoleInput{AWSServiceName: aws.String("apprunner.amazonaws.com")})
	if err != nil {
		t.Fatalf("service-linked role for App Runner: %v", err)
	}
	_, err = iam.NewFromConfig(sess).CreateServiceLinkedRole(ctx, &iam.CreateServiceLinkedRoleInput{AWSServiceName: aws.String("elasticbeanstalk.amazonaws.com")})
	wantCode(t, err, "AccessDenied")

	// Other branches, repositories and audiences are refused by the trust policy.
	for _, args := range [][]string{
		{"--repo", seedRepo, "--ref", "refs/heads/feature"},
		{"--repo", "acme/other", "--ref", "refs/heads/main"},
		{"--repo", seedRepo, "--ref", "refs/heads/main", "--event", "pull_request"},
	} {
		_, r := assumeCLI(t, b, mintToken(t, b, args...))
		wantCLIError(t, r, "AccessDenied")
	}
	_, r = assumeCLI(t, b, mintToken(t, b, "--repo", seedRepo, "--audience", "someone-else"))
	wantCLIError(t, r, "InvalidIdentityToken")

	// Through the SDK too, unsigned as the SDK sends it.
	anon := sts.NewFromConfig(b.SDKConfig(aws.AnonymousCredentials{}))
	out, err := anon.AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String(roleARN),
		RoleSessionName: aws.String("sdk"), WebIdentityToken: aws.String(tok), DurationSeconds: aws.Int32(900)})
	if err != nil {
		t.Fatal(err)
	}
	if got := time.Until(*out.Credentials.Expiration); got < 14*time.Minute || got > 16*time.Minute {
		t.Fatalf("expiration in %v, want 15m", got)
	}
	_, err = anon.AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String(roleARN),
		RoleSessionName: aws.String("sdk"), WebIdentityToken: aws.String(tok), DurationSeconds: aws.Int32(7200)})
	wantCode(t, err, "ValidationError")

	// Denied calls are in the trail, by session name.
	ct := cloudtrail.NewFromConfig(b.RootConfig())
	ev, err := ct.LookupEvents(ctx, &cloudtrail.LookupEventsInput{LookupAttributes: []cttypes.LookupAttribute{{AttributeKey: cttypes.LookupAttributeKeyUsername, AttributeValue: aws.String("GithubActions")}}})
	if err != nil {
		t.Fatal(err)
	}
	var sawDenied bool
	for _, e := range ev.Events {
		if *e.EventName == "CreateRole" && strings.Contains(*e.CloudTrailEvent, `"errorCode":"AccessDenied"`) {
			sawDenied = true
			if !strings.Contains(*e.CloudTrailEvent, `"type":"AssumedRole"`) || !strings.Contains(*e.CloudTrailEvent, `"federatedProvider":"`+providerARN+`"`) {
				t.Fatalf("event lacks session context: %s", *e.CloudTrailEvent)
			}
		}
	}
	if !sawDenied {
		t.Fatalf("denied CreateRole not in LookupEvents (%d events)", len(ev.Events))
	}
	r = b.AWS(nil, "cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=Username,AttributeValue=GithubActions")
	if r.Code != 0 || !strings.Contains(r.Stdout, "CreateRole") {
		t.Fatalf("cli lookup-events: %d %s", r.Code, r.Stderr)
	}
	for _, tokenSecret := range []string{tok, a.Credentials.SecretAccessKey, a.Credentials.SessionToken} {
		if strings.Contains(r.Stdout, tokenSecret) {
			t.Fatal("a secret reached the audit trail")
		}
	}

	// Expired sessions are refused with ExpiredToken.
	clk.advance(2 * time.Hour)
	wantCLIError(t, b.AWS(env, "sts", "get-caller-identity"), "ExpiredToken")
}
