package runner

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/oidc"
)

// testMinter mints with a real built-in issuer, emulating GitHub's.
func testMinter(t *testing.T) TokenMinter {
	t.Helper()
	key, err := oidc.LoadOrCreateKey(filepath.Join(t.TempDir(), "key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	iss, err := oidc.NewIssuer("http://127.0.0.1:1/_berth/oidc", key)
	if err != nil {
		t.Fatal(err)
	}
	return TokenMinterFunc(func(_ context.Context, c oidc.Claims) (string, error) {
		c.Issuer = oidc.GitHubIssuer
		return iss.Mint(c, 0)
	})
}

func jwtClaims(t *testing.T, tok string) map[string]any {
	t.Helper()
	parts := strings.Split(strings.TrimSpace(tok), ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", tok)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestOIDCTokenEndpoint(t *testing.T) {
	r := New(Config{Minter: testMinter(t)})
	res, rec, spec := runWorkflow(t, r, `
name: sync-main
on: push
permissions:
  id-token: write
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: |
          curl -sf -H "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=sts.amazonaws.com" | jq -r .value > "$GITHUB_WORKSPACE/token.txt"
          curl -s -H "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" "$ACTIONS_ID_TOKEN_REQUEST_URL" | jq -r .value > "$GITHUB_WORKSPACE/default-aud.txt"
          echo "bad token: $(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: bearer nope' "$ACTIONS_ID_TOKEN_REQUEST_URL")"
          echo "no token: $(curl -s -o /dev/null -w '%{http_code}' "$ACTIONS_ID_TOKEN_REQUEST_URL")"
          echo "request token: $ACTIONS_ID_TOKEN_REQUEST_TOKEN"
          echo "jwt: $(cat "$GITHUB_WORKSPACE/token.txt")"
  other:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - run: echo "url=[${ACTIONS_ID_TOKEN_REQUEST_URL:-}]"
`, nil)
	if res.Conclusion != Success {
		t.Fatalf("run %s\n%s", res.Conclusion, rec.transcript(res))
	}
	logs := rec.allLogs()
	for _, want := range []string{"bad token: 401", "no token: 401", "request token: ***", "jwt: ***", "url=[]"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
	tok, err := os.ReadFile(filepath.Join(spec.Workspace, "token.txt"))
	if err != nil {
		t.Fatal(err)
	}
	c := jwtClaims(t, string(tok))
	want := map[string]any{
		"iss": oidc.GitHubIssuer, "aud": "sts.amazonaws.com", "sub": "repo:acme/shop:environment:production",
		"repository": "acme/shop", "ref": "refs/heads/main", "sha": spec.Event.SHA, "workflow": "sync-main",
		"run_id": "42", "run_number": "7", "run_attempt": "1", "actor": "dev", "event_name": "push", "environment": "production",
	}
	for k, v := range want {
		if c[k] != v {
			t.Errorf("claim %s = %v, want %v", k, c[k], v)
		}
	}
	def, _ := os.ReadFile(filepath.Join(spec.Workspace, "default-aud.txt"))
	if aud := jwtClaims(t, string(def))["aud"]; aud != "https://github.com/acme" {
		t.Errorf("default audience = %v", aud)
	}
}

func TestOIDCWithoutMinter(t *testing.T) {
	res, rec, _ := runWorkflow(t, New(Config{AWSEndpoint: "http://127.0.0.1:1"}), `
on: push
permissions:
  id-token: write
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-region: us-east-1
          role-to-assume: arn:aws:iam::000000000000:role/x
`, nil)
	if res.Conclusion != Failure || !strings.Contains(rec.allLogs(), "without an OIDC token issuer") {
		t.Fatalf("%s\n%s", res.Conclusion, rec.allLogs())
	}
}
