package source

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gitHTTPServer serves the repositories under root over git's smart HTTP
// protocol (git http-backend as CGI), requiring Basic auth with password
// token when token is not empty.
func gitHTTPServer(t *testing.T, root, token string) *httptest.Server {
	t.Helper()
	backend := "/usr/lib/git-core/git-http-backend"
	if _, err := os.Stat(backend); err != nil {
		t.Skip("git-http-backend not installed")
	}
	h := &cgi.Handler{
		Path:   backend,
		Root:   "/git",
		Env:    []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1", "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null"},
		Stderr: io.Discard,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token != "" {
			_, pw, ok := r.BasicAuth()
			if !ok || pw != token {
				w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
				http.Error(w, "unauthorized", http.StatusUnauthorized)
				return
			}
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestFetchOverHTTPWithToken(t *testing.T) {
	repo, c1 := newRepo(t)
	const token = "ghs_s3cretT0ken"
	srv := gitHTTPServer(t, filepath.Dir(repo), token)
	url := srv.URL + "/git/" + filepath.Base(repo)
	ctx := context.Background()

	dest := filepath.Join(t.TempDir(), "ws")
	got, err := Fetch(ctx, url, "main", dest, &Auth{Token: token})
	if err != nil || got != c1 {
		t.Fatalf("Fetch with token = %s, %v; want %s", got, err, c1)
	}
	if body := readFile(t, filepath.Join(dest, "app", "main.txt")); body != "v1\n" {
		t.Errorf("app/main.txt = %q", body)
	}
	if cfg := readFile(t, filepath.Join(dest, ".git", "config")); strings.Contains(cfg, token) || strings.Contains(cfg, base64.StdEncoding.EncodeToString([]byte("x-access-token:"+token))) {
		t.Errorf("the token was stored in the workspace's .git/config:\n%s", cfg)
	}
	if got, err := ResolveBranch(ctx, url, "main", &Auth{Username: "someone", Token: token}); err != nil || got != c1 {
		t.Errorf("ResolveBranch with token = %s, %v", got, err)
	}

	for name, auth := range map[string]*Auth{"no token": nil, "wrong token": {Token: "nope"}} {
		_, err := Fetch(ctx, url, "main", filepath.Join(t.TempDir(), "ws"), auth)
		t.Logf("%s: %v", name, err)
		if !errors.Is(err, ErrAuthFailed) || strings.Contains(err.Error(), token) {
			t.Errorf("%s: Fetch err = %v; want ErrAuthFailed", name, err)
		}
		if _, err := ResolveBranch(ctx, url, "main", auth); !errors.Is(err, ErrAuthFailed) {
			t.Errorf("%s: ResolveBranch err = %v; want ErrAuthFailed", name, err)
		}
	}
	_, err = Fetch(ctx, srv.URL+"/git/missing", "main", filepath.Join(t.TempDir(), "ws"), &Auth{Token: token})
	if !errors.Is(err, ErrRepoNotFound) || strings.Contains(err.Error(), token) {
		t.Errorf("missing repo over http: err = %v; want ErrRepoNotFound without the token", err)
	}
}
