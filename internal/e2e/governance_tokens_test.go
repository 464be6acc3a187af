package e2e

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/go-jose/go-jose/v4"

	"github.com/berth-dev/berth/internal/oidc"
	"github.com/berth-dev/berth/internal/servertest"
)

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// serverIssuer signs with the server's own issuer key, so tokens differ
// from good ones only in what a test changes.
func serverIssuer(t testing.TB, b *servertest.Berth) *oidc.Issuer {
	key, err := oidc.LoadOrCreateKey(filepath.Join(b.Dir, "oidc", "issuer-key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	iss, err := oidc.NewIssuer(b.Endpoint+"/_berth/oidc", key)
	if err != nil {
		t.Fatal(err)
	}
	return iss
}

func mainClaims() oidc.Claims {
	return oidc.Claims{Issuer: oidc.GitHubIssuer, Audience: "sts.amazonaws.com", Repository: seedRepo, Ref: "refs/heads/main"}
}

func TestForgedTokensAreRefused(t *testing.T) {
	b := servertest.Start(t)
	applySeedPlatform(t, b)
	good := mintToken(t, b, "--repo", seedRepo)
	parts := strings.Split(good, ".")
	hdr, _ := base64.RawURLEncoding.DecodeString(parts[0])
	var h map[string]any
	json.Unmarshal(hdr, &h)
	kid, _ := h["kid"].(string)

	resp, err := http.Get(b.Endpoint + "/_berth/oidc/jwks")
	if err != nil {
		t.Fatal(err)
	}
	jwks, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(jwks), kid) {
		t.Fatalf("jwks: %d %s", resp.StatusCode, jwks)
	}

	srvIss := serverIssuer(t, b)
	mint := func(c oidc.Claims, ttl time.Duration) string {
		tok, err := srvIss.Mint(c, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	otherKey, _ := oidc.LoadOrCreateKey(filepath.Join(t.TempDir(), "k.pem"))
	otherIss, _ := oidc.NewIssuer(b.Endpoint+"/_berth/oidc", otherKey)
	unknownKid, _ := otherIss.Mint(mainClaims(), 0)

	flip := []byte(parts[2])
	flip[10] ^= 0x01
	hs := func(secret []byte) string {
		head := b64([]byte(`{"alg":"HS256","typ":"JWT","kid":"` + kid + `"}`))
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(head + "." + parts[1]))
		return head + "." + parts[1] + "." + b64(m.Sum(nil))
	}
	noSub := func() string {
		key, _ := oidc.LoadOrCreateKey(filepath.Join(b.Dir, "oidc", "issuer-key.pem"))
		signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key}, (&jose.SignerOptions{}).WithHeader("kid", kid).WithType("JWT"))
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now().Unix()
		payload, _ := json.Marshal(map[string]any{"iss": oidc.GitHubIssuer, "aud": "sts.amazonaws.com", "iat": now, "nbf": now, "exp": now + 300})
		obj, err := signer.Sign(payload)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := obj.CompactSerialize()
		return s
	}()
	otherIssuer := mainClaims()
	otherIssuer.Issuer = "https://issuer.example.com"
	past, future := mainClaims(), mainClaims()
	past.IssuedAt = time.Now().Add(-2 * time.Hour)
	future.IssuedAt = time.Now().Add(time.Hour)

	cases := []struct {
		name, token, code string
	}{
		{"bad signature", parts[0] + "." + parts[1] + "." + string(flip), "InvalidIdentityToken"},
		{"alg none", b64([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + ".", "InvalidIdentityToken"},
		{"HS256 keyed with the JWKS", hs(jwks), "InvalidIdentityToken"},
		{"unknown kid", unknownKid, "InvalidIdentityToken"},
		{"expired", mint(past, 5*time.Minute), "ExpiredTokenException"},
		{"not yet valid", mint(future, 5*time.Minute), "InvalidIdentityToken"},
		{"wrong issuer", mint(otherIssuer, 0), "InvalidIdentityToken"},
		{"missing sub", noSub, "InvalidIdentityToken"},
		{"garbage", "not.a.jwt", "InvalidIdentityToken"},
	}
	anon := sts.NewFromConfig(b.SDKConfig(aws.AnonymousCredentials{}))
	assume := func(tok string) error {
		_, err := anon.AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String(roleARN),
			RoleSessionName: aws.String("GithubActions"), WebIdentityToken: aws.String(tok)})
		return err
	}
	if err := assume(good); err != nil {
		t.Fatalf("good token refused: %v", err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { wantCode(t, assume(c.token), c.code) })
	}
	t.Run("provider deleted", func(t *testing.T) {
		_, err := iam.NewFromConfig(b.RootConfig()).DeleteOpenIDConnectProvider(ctx, &iam.DeleteOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(providerARN)})
		if err != nil {
			t.Fatal(err)
		}
		err = assume(good)
		wantCode(t, err, "InvalidIdentityToken")
		if !strings.Contains(err.Error(), "No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com") {
			t.Fatalf("message: %v", err)
		}
	})
}

func TestAssumeRoleAndChaining(t *testing.T) {
	b := servertest.Start(t)
	c := iam.NewFromConfig(b.RootConfig())
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}`
	for _, name := range []string{"ops", "readonly"} {
		if _, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(trust)}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("ops"), PolicyName: aws.String("p"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListRoles","sts:AssumeRole"],"Resource":"*"}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	root := sts.NewFromConfig(b.RootConfig())
	out, err := root.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::000000000000:role/ops"), RoleSessionName: aws.String("alice")})
	if err != nil {
		t.Fatal(err)
	}
	ops := b.SDKConfig(credentials.NewStaticCredentialsProvider(*out.Credentials.AccessKeyId, *out.Credentials.SecretAccessKey, *out.Credentials.SessionToken))
	if _, err := iam.NewFromConfig(ops).ListRoles(ctx, &iam.ListRolesInput{}); err != nil {
		t.Fatalf("ops session ListRoles: %v", err)
	}
	_, err = iam.NewFromConfig(ops).DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String("readonly")})
	wantCode(t, err, "AccessDenied")
	// Chaining: the ops session may assume readonly, for at most an hour.
	_, err = sts.NewFromConfig(ops).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::000000000000:role/readonly"),
		RoleSessionName: aws.String("chained"), DurationSeconds: aws.Int32(7200)})
	wantCode(t, err, "ValidationError")
	// readonly trusts only the account root principal... which delegates to the whole account.
	ch, err := sts.NewFromConfig(ops).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::000000000000:role/readonly"), RoleSessionName: aws.String("chained")})
	if err != nil {
		t.Fatal(err)
	}
	if *ch.AssumedRoleUser.Arn != "arn:aws:sts::000000000000:assumed-role/readonly/chained" {
		t.Fatalf("chained arn = %s", *ch.AssumedRoleUser.Arn)
	}
	// A role whose trust policy names someone else cannot be assumed.
	other := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"apprunner.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("svc"), AssumeRolePolicyDocument: aws.String(other)})
	_, err = root.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::000000000000:role/svc"), RoleSessionName: aws.String("xx")})
	wantCode(t, err, "AccessDenied")
	_, err = root.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::000000000000:role/nope"), RoleSessionName: aws.String("xx")})
	wantCode(t, err, "AccessDenied")
	_, err = root.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::000000000000:role/ops"), RoleSessionName: aws.String("x y")})
	wantCode(t, err, "ValidationError")
	// Sessions survive a restart.
	b.Stop()
	b2 := servertest.Start(t, servertest.WithDataDir(b.Dir))
	ops2 := b2.SDKConfig(credentials.NewStaticCredentialsProvider(*out.Credentials.AccessKeyId, *out.Credentials.SecretAccessKey, *out.Credentials.SessionToken))
	if _, err := iam.NewFromConfig(ops2).ListRoles(ctx, &iam.ListRolesInput{}); err != nil {
		t.Fatalf("session after restart: %v", err)
	}
}

func TestPolicySuggestFromTrail(t *testing.T) {
	b := servertest.Start(t)
	applySeedPlatform(t, b)
	a, r := assumeCLI(t, b, mintToken(t, b, "--repo", seedRepo))
	if r.Code != 0 {
		t.Fatal(r.Stderr)
	}
	env := sessionEnv(a)
	b.AWS(env, "sts", "get-caller-identity")
	b.AWS(env, "iam", "create-service-linked-role", "--aws-service-name", "apprunner.amazonaws.com")
	b.AWS(env, "iam", "list-roles")
	var out, errb strings.Builder
	code := runBerth([]string{"policy", "suggest", "--role", "github-access", "--data", b.Dir}, &out, &errb)
	if code != 0 {
		t.Fatalf("suggest: %d %s", code, errb.String())
	}
	var doc struct {
		Statement []struct {
			Action, Resource []string
		}
	}
	if err := json.Unmarshal([]byte(out.String()), &doc); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	got := map[string]bool{}
	for _, s := range doc.Statement {
		for _, a := range s.Action {
			got[a] = true
		}
	}
	if !got["iam:CreateServiceLinkedRole"] || !got["sts:GetCallerIdentity"] || got["iam:ListRoles"] {
		t.Fatalf("suggested %s", out.String())
	}
	if !strings.Contains(errb.String(), "denied and not granted: iam:ListRoles") {
		t.Fatalf("denied calls not reported: %s", errb.String())
	}
}
