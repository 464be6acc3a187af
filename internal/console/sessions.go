package console

import (
	"net/http"
	"sync"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
)

// SessionTTL bounds a console session; session credentials that expire
// sooner end it sooner.
const SessionTTL = 12 * time.Hour

// cookieName is the console's session cookie.
const cookieName = "berth-console"

// session is one signed-in browser. Sessions are kept in memory only: a
// server restart signs everyone out.
type session struct {
	id        string
	principal *awsapi.Principal
	csrf      string
	expires   time.Time

	mu    sync.Mutex
	flash *flash
}

// flash is a one-shot message shown on the next page.
type flash struct {
	Error bool
	Text  string
}

// setFlash leaves a message for the next page.
func (s *session) setFlash(isErr bool, text string) {
	s.mu.Lock()
	s.flash = &flash{Error: isErr, Text: text}
	s.mu.Unlock()
}

// takeFlash returns and clears the pending message.
func (s *session) takeFlash() *flash {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.flash
	s.flash = nil
	return f
}

// sessions is the in-memory session table.
type sessions struct {
	mu  sync.Mutex
	m   map[string]*session
	now func() time.Time
}

func newSessions(now func() time.Time) *sessions {
	return &sessions{m: map[string]*session{}, now: now}
}

// create starts a session for p, ending at the earlier of SessionTTL and
// the credentials' own expiry.
func (ss *sessions) create(p *awsapi.Principal, credsExpire time.Time) (*session, error) {
	id, err := randomID()
	if err != nil {
		return nil, err
	}
	csrf, err := randomID()
	if err != nil {
		return nil, err
	}
	now := ss.now()
	exp := now.Add(SessionTTL)
	if !credsExpire.IsZero() && credsExpire.Before(exp) {
		exp = credsExpire
	}
	s := &session{id: id, principal: p, csrf: csrf, expires: exp}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for k, old := range ss.m {
		if !now.Before(old.expires) {
			delete(ss.m, k)
		}
	}
	ss.m[id] = s
	return s, nil
}

// get returns the live session with id.
func (ss *sessions) get(id string) (*session, bool) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s, ok := ss.m[id]
	if !ok {
		return nil, false
	}
	if !ss.now().Before(s.expires) {
		delete(ss.m, id)
		return nil, false
	}
	return s, true
}

// remove ends a session.
func (ss *sessions) remove(id string) {
	ss.mu.Lock()
	delete(ss.m, id)
	ss.mu.Unlock()
}

// fromRequest returns the session the request's cookie names.
func (ss *sessions) fromRequest(r *http.Request) (*session, bool) {
	c, err := r.Cookie(cookieName)
	if err != nil || c.Value == "" {
		return nil, false
	}
	return ss.get(c.Value)
}

// setCookie gives the browser the session's cookie.
func setCookie(w http.ResponseWriter, r *http.Request, s *session) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: s.id, Path: "/console/", Expires: s.expires,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
}

// clearCookie removes the session cookie.
func clearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/console/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
}
