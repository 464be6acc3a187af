package console

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strings"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageNames are the templates in templates/, besides the layout.
var pageNames = []string{"signin", "signedin", "error", "services", "service", "stacks", "stack", "runs", "run", "activity", "iam", "iam_role", "iam_user", "iam_group"}

// navOf says which top-nav entry a page belongs to.
var navOf = map[string]string{"services": "services", "service": "services", "stacks": "stacks", "stack": "stacks",
	"runs": "pipelines", "run": "pipelines", "activity": "activity",
	"iam": "iam", "iam_role": "iam", "iam_user": "iam", "iam_group": "iam"}

// pages holds one parsed template set per page (layout + page).
type pages struct{ byName map[string]*template.Template }

func parsePages() (*pages, error) {
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("console: templates: %w", err)
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, n := range pageNames {
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, "templates/"+n+".html")
		if err != nil {
			return nil, fmt.Errorf("console: template %s: %w", n, err)
		}
		p.byName[n] = t
	}
	return p, nil
}

// pageData is what the layout renders around a page's view.
type pageData struct {
	Title       string
	Nav         string
	User        string
	SessionEnds string
	CSRF        string
	Flash       *flash
	// Refresh offers auto-refresh (the page's data changes by itself).
	Refresh bool
	View    any
}

// refreshing lists the pages that offer auto-refresh.
var refreshing = map[string]bool{"services": true, "service": true, "stacks": true, "stack": true, "runs": true, "run": true, "activity": true}

// render writes page name with view, inside the layout. s is nil for
// pages shown signed out.
func (c *Console) render(w http.ResponseWriter, r *http.Request, s *session, status int, name, title string, view any) {
	d := &pageData{Title: title, Nav: navOf[name], Refresh: refreshing[name] && status == http.StatusOK, View: view}
	if s != nil {
		d.User, d.SessionEnds, d.CSRF, d.Flash = displayName(s.principal), sessionEnds(s), s.csrf, s.takeFlash()
	}
	var buf bytes.Buffer
	if err := c.pages.byName[name].ExecuteTemplate(&buf, "layout.html", d); err != nil {
		c.opts.Logger.Error("console: render", "page", name, "error", err)
		http.Error(w, "The page could not be rendered; the server log has the details.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorView is the error page.
type errorView struct {
	Status  int
	Heading string
	Message string
}

// notFound is the 404 page, for any path the console does not have.
func (c *Console) notFound(w http.ResponseWriter, r *http.Request) {
	s, _ := c.sessions.fromRequest(r)
	c.render(w, r, s, http.StatusNotFound, "error", "Not found",
		&errorView{Status: http.StatusNotFound, Heading: "Page not found", Message: "There is no console page at " + r.URL.Path + "."})
}

// forbidden is the 403 page.
func (c *Console) forbidden(w http.ResponseWriter, r *http.Request, s *session, msg string) {
	c.render(w, r, s, http.StatusForbidden, "error", "Forbidden", &errorView{Status: http.StatusForbidden, Heading: "Forbidden", Message: msg})
}

// internalError logs err and shows the 500 page.
func (c *Console) internalError(w http.ResponseWriter, r *http.Request, s *session, err error) {
	c.opts.Logger.Error("console: request failed", "path", r.URL.Path, "error", err)
	c.render(w, r, s, http.StatusInternalServerError, "error", "Error",
		&errorView{Status: http.StatusInternalServerError, Heading: "Something went wrong", Message: "The server log has the details."})
}

// explain turns a failed call into what a page shows, logging the
// failures that are berth's fault.
func (c *Console) explain(err error) *apiError {
	e := callErr(err)
	if e != nil && e.Code == "InternalFailure" {
		c.opts.Logger.Error("console: call failed", "error", err)
	}
	return e
}

// staticHandler serves the embedded stylesheet and script.
func staticHandler() http.Handler {
	fsrv := http.FileServerFS(staticFS)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=300")
		fsrv.ServeHTTP(w, r)
	})
}
