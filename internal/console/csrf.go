package console

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
)

// maxForm bounds the body of a console form.
const maxForm = 64 << 10

// csrfField is the hidden form field carrying the session's CSRF token.
const csrfField = "csrf"

// CSRF refusals, said on the 403 page.
var (
	errForeignOrigin = errors.New("it did not come from this console's origin")
	errNoOrigin      = errors.New("it carried neither an Origin nor a Referer header")
	errCSRFToken     = errors.New("its form token is missing or wrong")
)

// checkCSRF accepts a state-changing request only from a page of this
// console: the Origin header (or, when a browser sends none, the
// Referer's origin) must be this server's, and the form must carry the
// session's token. Either check alone would do against today's browsers;
// both together also cover old ones and misconfigured proxies.
func checkCSRF(r *http.Request, s *session) error {
	if err := sameOrigin(r); err != nil {
		return err
	}
	got := r.PostFormValue(csrfField)
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(s.csrf)) != 1 {
		return errCSRFToken
	}
	return nil
}

// sameOrigin checks Origin, else Referer, against the request's own
// origin (scheme and Host).
func sameOrigin(r *http.Request) error {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	self := scheme + "://" + r.Host
	if o := r.Header.Get("Origin"); o != "" {
		if o != self {
			return errForeignOrigin
		}
		return nil
	}
	ref := r.Header.Get("Referer")
	if ref == "" {
		return errNoOrigin
	}
	u, err := url.Parse(ref)
	if err != nil || u.Scheme+"://"+u.Host != self {
		return errForeignOrigin
	}
	return nil
}
