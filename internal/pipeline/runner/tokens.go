package runner

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/berth-dev/berth/internal/oidc"
)

// tokenServer is a run's stand-in for GitHub's OIDC token request
// endpoint: GET <ACTIONS_ID_TOKEN_REQUEST_URL>&audience=X with
// "Authorization: bearer <ACTIONS_ID_TOKEN_REQUEST_TOKEN>" answers
// {"value": "<jwt>"} for the job the request token belongs to. It listens
// on 127.0.0.1:0 for the run's lifetime only.
type tokenServer struct {
	minter TokenMinter
	masker *Masker
	ln     net.Listener
	srv    *http.Server
	done   chan struct{}

	mu   sync.Mutex
	jobs map[string]oidc.Claims // request token → claims of its job
}

func startTokenServer(minter TokenMinter, masker *Masker) (*tokenServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("runner: oidc endpoint: %w", err)
	}
	t := &tokenServer{minter: minter, masker: masker, ln: ln, jobs: map[string]oidc.Claims{}, done: make(chan struct{})}
	t.srv = &http.Server{Handler: t, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(t.done)
		t.srv.Serve(ln)
	}()
	return t, nil
}

// register makes a request URL and token for a job's claims.
func (t *tokenServer) register(c oidc.Claims) (requestURL, requestToken string) {
	b := make([]byte, 32)
	rand.Read(b)
	requestToken = hex.EncodeToString(b)
	t.masker.Add(requestToken)
	t.mu.Lock()
	t.jobs[requestToken] = c
	t.mu.Unlock()
	return "http://" + t.ln.Addr().String() + "/_apis/oidc/token?api-version=2.0", requestToken
}

func (t *tokenServer) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if t.srv.Shutdown(ctx) != nil {
		t.srv.Close()
	}
	<-t.done
}

// ServeHTTP implements the endpoint.
func (t *tokenServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/_apis/oidc/token" {
		writeTokenError(w, http.StatusNotFound, "not found")
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		writeTokenError(w, http.StatusMethodNotAllowed, "use GET")
		return
	}
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	claims, ok := t.lookup(tok)
	if !strings.EqualFold(scheme, "bearer") || !ok {
		writeTokenError(w, http.StatusUnauthorized, "bad or missing bearer token")
		return
	}
	claims.Audience = r.URL.Query().Get("audience")
	jwt, err := t.minter.MintIDToken(r.Context(), claims)
	if err != nil {
		writeTokenError(w, http.StatusInternalServerError, "cannot mint token: "+err.Error())
		return
	}
	t.masker.Add(jwt)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(map[string]string{"value": jwt})
}

func (t *tokenServer) lookup(tok string) (oidc.Claims, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, c := range t.jobs {
		if subtle.ConstantTimeCompare([]byte(k), []byte(tok)) == 1 {
			return c, true
		}
	}
	return oidc.Claims{}, false
}

func writeTokenError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"message": msg})
}

// requestIDToken is what @actions/core getIDToken does: GET the request
// URL with the audience appended and the bearer token.
func requestIDToken(ctx context.Context, requestURL, requestToken, audience string) (string, error) {
	u := requestURL
	if audience != "" {
		u += "&audience=" + url.QueryEscape(audience)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "bearer "+requestToken)
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("failed to get ID Token: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("failed to get ID Token: HTTP %d: %s", resp.StatusCode, strings.TrimSpace(string(body)))
	}
	var v struct{ Value string }
	if err := json.Unmarshal(body, &v); err != nil || v.Value == "" {
		return "", errors.New("failed to get ID Token: response body is missing the value field")
	}
	return v.Value, nil
}
