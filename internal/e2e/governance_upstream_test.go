package e2e

import (
	"crypto/sha1"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/berth-dev/berth/internal/oidc"
	"github.com/berth-dev/berth/internal/servertest"
)

// TestUpstreamIssuer runs berth with --oidc-upstream against a real OIDC
// issuer over HTTPS (on loopback): discovery, JWKS fetch and the
// thumbprint check, as for token.actions.githubusercontent.com.
func TestUpstreamIssuer(t *testing.T) {
	key, err := oidc.LoadOrCreateKey(filepath.Join(t.TempDir(), "issuer.pem"))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	srv := httptest.NewUnstartedServer(mux)
	srv.StartTLS()
	defer srv.Close()
	iss, err := oidc.NewIssuer(srv.URL, key)
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("/", iss.Handler())
	client := srv.Client()

	b := servertest.Start(t, servertest.WithOIDCUpstream(client))
	if !strings.Contains(b.ReadyLine(), "oidc=upstream") {
		t.Fatalf("ready line does not show the mode: %s", b.ReadyLine())
	}
	sum := sha1.Sum(srv.Certificate().Raw)
	thumb := hex.EncodeToString(sum[:])
	c := iam.NewFromConfig(b.RootConfig())
	prov, err := c.CreateOpenIDConnectProvider(ctx, &iam.CreateOpenIDConnectProviderInput{Url: aws.String(srv.URL),
		ClientIDList: []string{"sts.amazonaws.com"}, ThumbprintList: []string{thumb}})
	if err != nil {
		t.Fatal(err)
	}
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"` + *prov.OpenIDConnectProviderArn + `"},"Action":"sts:AssumeRoleWithWebIdentity",
		"Condition":{"StringLike":{"` + strings.TrimPrefix(srv.URL, "https://") + `:sub":"repo:acme/shop:ref:refs/heads/main"}}}]}`
	if _, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("ci"), AssumeRolePolicyDocument: aws.String(trust)}); err != nil {
		t.Fatal(err)
	}
	tok, err := iss.Mint(oidc.Claims{Audience: "sts.amazonaws.com", Repository: "acme/shop", Ref: "refs/heads/main"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	anon := sts.NewFromConfig(b.SDKConfig(aws.AnonymousCredentials{}))
	assume := func() error {
		_, err := anon.AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String("arn:aws:iam::000000000000:role/ci"),
			RoleSessionName: aws.String("ci"), WebIdentityToken: aws.String(tok)})
		return err
	}
	if err := assume(); err != nil {
		t.Fatalf("upstream token refused: %v", err)
	}
	// A token claiming GitHub's issuer is not emulated in upstream mode:
	// berth would have to reach GitHub, which it cannot here.
	gh := mustMint(t, iss, oidc.Claims{Issuer: oidc.GitHubIssuer, Audience: "sts.amazonaws.com", Repository: "acme/shop", Ref: "refs/heads/main"})
	c.CreateOpenIDConnectProvider(ctx, &iam.CreateOpenIDConnectProviderInput{Url: aws.String(oidc.GitHubIssuer), ClientIDList: []string{"sts.amazonaws.com"}, ThumbprintList: []string{thumb}})
	_, err = anon.AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String("arn:aws:iam::000000000000:role/ci"),
		RoleSessionName: aws.String("ci"), WebIdentityToken: aws.String(gh)})
	if code := apiCode(err); code != "IDPCommunicationError" && code != "InvalidIdentityToken" {
		t.Fatalf("GitHub-issuer token in upstream mode: %v", err)
	}
	// A thumbprint that does not match the issuer's chain is refused.
	if _, err := c.UpdateOpenIDConnectProviderThumbprint(ctx, &iam.UpdateOpenIDConnectProviderThumbprintInput{
		OpenIDConnectProviderArn: prov.OpenIDConnectProviderArn, ThumbprintList: []string{strings.Repeat("0", 40)}}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, assume(), "InvalidIdentityToken")
}

func mustMint(t *testing.T, iss *oidc.Issuer, c oidc.Claims) string {
	tok, err := iss.Mint(c, 0)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}
