// Package console is berth's web console, served on the API endpoint at
// /console/: services, stacks, pipeline runs, IAM (read-only) and the
// audit trail of one berth, server-rendered with html/template.
//
// Every page's data comes from berth's own AWS operations, invoked
// in-process as the signed-in principal through the operation registry,
// so IAM applies exactly as for API calls (a role without
// apprunner:ListServices sees AccessDeniedException on the Services page)
// and every call is in the audit trail, as AWS console calls are in
// CloudTrail. Sessions live in memory: a server restart signs everyone
// out.
package console

import (
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
)

// Options is what the console is built from.
type Options struct {
	// Invoker runs operations in-process (the API handler).
	Invoker awsapi.Invoker
	// Registry tells each service's protocol.
	Registry *awsapi.Registry
	// Credentials resolves access keys, as SigV4 does.
	Credentials awsapi.CredentialStore
	// Recorder receives ConsoleLogin events (optional).
	Recorder awsapi.Recorder
	// Tokens redeems one-time sign-in links.
	Tokens *Tokens
	// Account and Region name the ARNs pages build.
	Account, Region string
	// IngressHTTP is the ingress's plain HTTP address, for services'
	// HTTP URLs ("" shows HTTPS only).
	IngressHTTP string
	Logger      *slog.Logger
	Now         func() time.Time // optional, for tests
}

// Console serves the console's pages. It is an http.Handler for /console
// and everything under /console/.
type Console struct {
	opts     Options
	sessions *sessions
	pages    *pages
	mux      *http.ServeMux
}

// New builds the console. It has no side effects and owns no goroutines.
func New(opts Options) (*Console, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Invoker == nil || opts.Registry == nil || opts.Credentials == nil || opts.Tokens == nil {
		return nil, errors.New("console: Invoker, Registry, Credentials and Tokens are required")
	}
	pg, err := parsePages()
	if err != nil {
		return nil, err
	}
	c := &Console{opts: opts, sessions: newSessions(opts.Now), pages: pg}
	c.mux = c.routes()
	return c, nil
}

// routes lists every console path; anything else is the 404 page.
func (c *Console) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/console", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/console/", http.StatusMovedPermanently)
	})
	mux.Handle("GET /console/static/", http.StripPrefix("/console/", staticHandler()))
	mux.HandleFunc("GET /console/signin", c.signinPage)
	mux.HandleFunc("POST /console/signin", c.signinForm)
	mux.HandleFunc("POST /console/signout", c.post(c.signout))

	mux.HandleFunc("GET /console/{$}", c.page(c.servicesPage))
	mux.HandleFunc("GET /console/services/{name}/{id}", c.page(c.servicePage))
	mux.HandleFunc("POST /console/services/{name}/{id}/{action}", c.post(c.serviceAction))
	mux.HandleFunc("GET /console/stacks", c.page(c.stacksPage))
	mux.HandleFunc("GET /console/stacks/{name}", c.page(c.stackPage))
	mux.HandleFunc("GET /console/pipelines", c.page(c.runsPage))
	mux.HandleFunc("GET /console/pipelines/runs/{id}", c.page(c.runPage))
	mux.HandleFunc("GET /console/activity", c.page(c.activityPage))
	mux.HandleFunc("GET /console/iam", c.page(c.iamPage))
	mux.HandleFunc("GET /console/iam/roles/{name}", c.page(c.rolePage))
	mux.HandleFunc("GET /console/iam/users/{name}", c.page(c.userPage))
	mux.HandleFunc("GET /console/iam/groups/{name}", c.page(c.groupPage))
	mux.HandleFunc("/console/", c.notFound)
	return mux
}

// ServeHTTP implements http.Handler.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	// The pages' calls are recorded with the browser's address, as the
	// AWS console's are, and berth's console as their agent.
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	c.mux.ServeHTTP(w, r.WithContext(awsapi.WithSource(r.Context(), ip, invokedBy)))
}

// live returns the request's session while the access key it was opened
// with still authenticates: deactivating or deleting an IAM user's key,
// or a role session ending, ends the console sessions opened with it at
// their next request, as it ends API access.
func (c *Console) live(r *http.Request) (*session, bool) {
	s, ok := c.sessions.fromRequest(r)
	if !ok || s.principal.IsRoot() {
		return s, ok
	}
	if creds, err := c.opts.Credentials.LookupAccessKey(r.Context(), s.principal.AccessKeyID); err != nil || creds == nil {
		c.sessions.remove(s.id)
		return nil, false
	}
	return s, true
}

// handler is a page or action of a signed-in user.
type handler func(w http.ResponseWriter, r *http.Request, s *session)

// page wraps a GET handler: without a session, the browser is sent to
// sign in and brought back afterwards.
func (c *Console) page(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s, ok := c.live(r)
		if !ok {
			http.Redirect(w, r, "/console/signin?next="+queryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		h(w, r, s)
	}
}

// post wraps a state-changing POST: it needs a session, a same-origin
// Origin (or Referer) and the session's CSRF token in the form.
func (c *Console) post(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		s, ok := c.live(r)
		if !ok {
			c.forbidden(w, r, nil, "You are not signed in, or your session has ended. Sign in again.")
			return
		}
		if err := checkCSRF(r, s); err != nil {
			c.opts.Logger.Info("console: refused a cross-site request", "path", r.URL.Path, "reason", err)
			c.forbidden(w, r, s, "The request was refused: "+err.Error()+". Reload the page and try again.")
			return
		}
		h(w, r, s)
	}
}
