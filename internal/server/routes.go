package server

import (
	"net/http"

	"github.com/berth-dev/berth/internal/console"
	"github.com/berth-dev/berth/internal/metrics"
)

// routes composes the endpoint: berth's own paths under /_berth/, the
// web console under /console/, every other request to the AWS API handler.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_berth/health", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"status":"ok"}` + "\n"))
	})
	mux.Handle(oidcPath+"/", http.StripPrefix(oidcPath, s.issuer.Handler()))
	mux.Handle("/_berth/pipeline/hooks/", http.StripPrefix("/_berth/pipeline/hooks", s.pipelines.WebhookHandler()))
	if h, err := metrics.Handler(s.metricsSource); err == nil {
		mux.Handle("GET /_berth/metrics", h)
	}
	if c, err := s.newConsole(); err != nil {
		s.cfg.Logger.Error("console disabled", "error", err)
	} else {
		mux.Handle("/console", c)
		mux.Handle("/console/", c)
	}
	mux.Handle("/", s.api)
	return mux
}

// newConsole builds the web console over the API handler, so its pages
// call operations with the same authorization and audit as API requests.
func (s *Server) newConsole() (*console.Console, error) {
	return console.New(console.Options{Invoker: s.api, Registry: s.registry, Credentials: s.api.Credentials,
		Recorder: s.trail, Tokens: s.signinTokens, Account: Account, Region: s.cfg.Region,
		IngressHTTP: s.ingress.HTTPAddr(), Logger: s.cfg.Logger.With("component", "console"), Now: s.cfg.Now})
}
