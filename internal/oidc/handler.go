package oidc

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// Paths the issuer serves, relative to where its handler is mounted.
const (
	discoveryPath = "/.well-known/openid-configuration"
	jwksPath      = "/jwks"
)

// discoveryDoc mirrors the fields of GitHub's discovery document.
type discoveryDoc struct {
	Issuer                           string   `json:"issuer"`
	JWKSURI                          string   `json:"jwks_uri"`
	SubjectTypesSupported            []string `json:"subject_types_supported"`
	ResponseTypesSupported           []string `json:"response_types_supported"`
	ClaimsSupported                  []string `json:"claims_supported"`
	IDTokenSigningAlgValuesSupported []string `json:"id_token_signing_alg_values_supported"`
	ScopesSupported                  []string `json:"scopes_supported"`
}

// Handler serves the discovery document at /.well-known/openid-configuration
// and the key set at /jwks. It accepts paths either relative to its mount
// point (behind http.StripPrefix) or with the issuer URL's path in front, so
// mounting it at the issuer's path on a plain mux also works.
func (i *Issuer) Handler() http.Handler {
	prefix := ""
	if u, err := url.Parse(i.url); err == nil {
		prefix = strings.TrimSuffix(u.Path, "/")
	}
	alg := signingAlg(i.keys.keys[0].Key)
	doc, docErr := json.Marshal(discoveryDoc{
		Issuer:                           i.url,
		JWKSURI:                          i.url + jwksPath,
		SubjectTypesSupported:            []string{"public", "pairwise"},
		ResponseTypesSupported:           []string{"id_token"},
		IDTokenSigningAlgValuesSupported: []string{alg},
		ScopesSupported:                  []string{"openid"},
		ClaimsSupported: []string{
			"sub", "aud", "exp", "iat", "iss", "jti", "nbf", "ref", "sha",
			"repository", "repository_id", "repository_owner", "repository_owner_id",
			"run_id", "run_number", "run_attempt", "actor", "actor_id",
			"workflow", "workflow_ref", "head_ref", "base_ref", "event_name",
			"ref_type", "environment", "job_workflow_ref", "runner_environment",
		},
	})
	jwks, jwksErr := json.Marshal(i.keys)
	if err := errors.Join(docErr, jwksErr); err != nil {
		// Unreachable for the key types NewIssuer accepts; fail loudly.
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "oidc: issuer: "+err.Error(), http.StatusInternalServerError)
		})
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body []byte
		switch strings.TrimPrefix(r.URL.Path, prefix) {
		case discoveryPath:
			body = doc
		case jwksPath:
			body = jwks
		default:
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "public, max-age=300")
		if r.Method == http.MethodGet {
			_, _ = w.Write(body)
		}
	})
}
