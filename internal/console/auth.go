package console

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
)

// Sign-in refusals. The form gives one message for an unknown key and a
// wrong secret, so it cannot be used to find out which keys exist.
const (
	msgBadCredentials = "Sign-in failed: the access key ID, secret access key or session token is not valid."
	msgExpired        = "Sign-in failed: these session credentials have expired."
	msgBadLink        = "This sign-in link is not valid: it was already used, or it has expired (links last 5 minutes). Get a new one with: berth console"
)

// signinView is the sign-in page.
type signinView struct {
	Next        string
	AccessKeyID string
	Error       string
}

// signinPage shows the sign-in form, or signs in with a one-time link
// (?token=…).
func (c *Console) signinPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if tok := r.URL.Query().Get("token"); tok != "" {
		c.signinWithToken(w, r, tok)
		return
	}
	next := safeNext(r.URL.Query().Get("next"))
	if _, ok := c.sessions.fromRequest(r); ok {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	c.render(w, r, nil, http.StatusOK, "signin", "Sign in", &signinView{Next: next})
}

// signinWithToken redeems a one-time link. It answers with a page that
// moves on to the console by itself rather than with a redirect: a link
// opened from another site would otherwise arrive without the new
// SameSite=Strict cookie.
func (c *Console) signinWithToken(w http.ResponseWriter, r *http.Request, tok string) {
	key, err := c.opts.Tokens.Redeem(r.Context(), tok)
	if err != nil {
		if !errors.Is(err, ErrInvalidToken) {
			c.opts.Logger.Error("console: redeem sign-in token", "error", err)
		}
		c.render(w, r, nil, http.StatusUnauthorized, "signin", "Sign in", &signinView{Next: "/console/", Error: msgBadLink})
		return
	}
	creds, err := c.opts.Credentials.LookupAccessKey(r.Context(), key)
	if err != nil || c.expired(creds) {
		c.render(w, r, nil, http.StatusUnauthorized, "signin", "Sign in", &signinView{Next: "/console/", Error: msgBadLink})
		return
	}
	s, err := c.startSession(w, r, creds)
	if err != nil {
		c.internalError(w, r, nil, err)
		return
	}
	c.render(w, r, s, http.StatusOK, "signedin", "Signed in", nil)
}

// signinForm checks an access key and secret (and session token) against
// the credential store SigV4 uses.
func (c *Console) signinForm(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		c.render(w, r, nil, http.StatusBadRequest, "signin", "Sign in", &signinView{Next: "/console/", Error: "The form could not be read."})
		return
	}
	next := safeNext(r.PostForm.Get("next"))
	// Signing someone in from another site is refused too (login CSRF);
	// clients that send no Origin at all (curl) may sign in.
	if r.Header.Get("Origin") != "" || r.Header.Get("Referer") != "" {
		if err := sameOrigin(r); err != nil {
			c.forbidden(w, r, nil, "The request was refused: "+err.Error()+".")
			return
		}
	}
	id := strings.TrimSpace(r.PostForm.Get("access_key_id"))
	secret := strings.TrimSpace(r.PostForm.Get("secret_access_key"))
	token := strings.TrimSpace(r.PostForm.Get("session_token"))
	view := &signinView{Next: next, AccessKeyID: id, Error: msgBadCredentials}
	if id == "" || secret == "" {
		c.render(w, r, nil, http.StatusUnauthorized, "signin", "Sign in", view)
		return
	}
	creds, err := c.opts.Credentials.LookupAccessKey(r.Context(), id)
	if err != nil {
		if !errors.Is(err, awsapi.ErrUnknownAccessKey) {
			c.opts.Logger.Error("console: look up access key", "error", err)
		}
		c.render(w, r, nil, http.StatusUnauthorized, "signin", "Sign in", view)
		return
	}
	okSecret := subtle.ConstantTimeCompare([]byte(secret), []byte(creds.SecretAccessKey)) == 1
	okToken := subtle.ConstantTimeCompare([]byte(token), []byte(creds.SessionToken)) == 1
	if !okSecret || !okToken {
		c.recordLogin(r, creds.Principal, false)
		c.render(w, r, nil, http.StatusUnauthorized, "signin", "Sign in", view)
		return
	}
	if c.expired(creds) {
		c.recordLogin(r, creds.Principal, false)
		view.Error = msgExpired
		c.render(w, r, nil, http.StatusUnauthorized, "signin", "Sign in", view)
		return
	}
	if _, err := c.startSession(w, r, creds); err != nil {
		c.internalError(w, r, nil, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// expired reports whether session credentials are past their expiry.
func (c *Console) expired(creds *awsapi.Credentials) bool {
	return !creds.Expires.IsZero() && !c.opts.Now().Before(creds.Expires)
}

// startSession signs the browser in as creds' principal.
func (c *Console) startSession(w http.ResponseWriter, r *http.Request, creds *awsapi.Credentials) (*session, error) {
	s, err := c.sessions.create(creds.Principal, creds.Expires)
	if err != nil {
		return nil, err
	}
	setCookie(w, r, s)
	c.recordLogin(r, creds.Principal, true)
	return s, nil
}

// signout ends the session.
func (c *Console) signout(w http.ResponseWriter, r *http.Request, s *session) {
	c.sessions.remove(s.id)
	clearCookie(w, r)
	http.Redirect(w, r, "/console/signin", http.StatusSeeOther)
}

// safeNext keeps a post-sign-in destination only if it is a console path
// of this server (no open redirect).
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/console/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/console/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/console/signin") {
		return "/console/"
	}
	return next
}

// queryEscape escapes a query parameter value.
func queryEscape(s string) string { return url.QueryEscape(s) }

// pathEscape escapes a path segment.
func pathEscape(s string) string { return url.PathEscape(s) }

// displayName is how the top bar names a principal.
func displayName(p *awsapi.Principal) string {
	if p == nil {
		return ""
	}
	switch p.Kind {
	case awsapi.Root:
		return "root (" + p.Account + ")"
	case awsapi.AssumedRole:
		return "assumed-role/" + p.RoleName + "/" + p.SessionName
	}
	return p.ARN
}

// sessionEnds formats when a session ends, for the top bar's tooltip.
func sessionEnds(s *session) string { return s.expires.UTC().Format(time.RFC3339) }
