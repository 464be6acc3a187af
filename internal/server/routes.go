package server

import (
	"net/http"

	"github.com/berth-dev/berth/internal/metrics"
)

// routes composes the endpoint: berth's own paths under /_berth/, every
// other request to the AWS API handler.
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
	mux.Handle("/", s.api)
	return mux
}
