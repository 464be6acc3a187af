// Package berthapi is berth's own control API, served on the AWS endpoint
// like any other service (awsJson1_1, target prefix Berth_20261126) so it
// gets SigV4, authorization and the audit trail for free. Only root, or a
// principal whose policy allows berth:*, may call it.
package berthapi

import (
	"context"
	"net/http"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/oidc"
)

// TargetPrefix is the X-Amz-Target prefix of berth's API.
const TargetPrefix = "Berth_20261126"

// API serves berth's control operations.
type API struct {
	svc *awsapi.Service
	iss *oidc.Issuer
	// tokenIssuer is the iss claim minted tokens carry: GitHub's issuer
	// URL when emulating it, the built-in issuer's own URL otherwise.
	tokenIssuer string
	pipes       Pipelines
	series      Series
	signin      SigninTokens // nil until WithSigninTokens
}

// New declares the operations. tokenIssuer is the iss of minted tokens.
func New(iss *oidc.Issuer, tokenIssuer string, pipes Pipelines, series Series) *API {
	a := &API{iss: iss, tokenIssuer: tokenIssuer, pipes: pipes, series: series}
	a.svc = &awsapi.Service{SigningName: "berth", TargetPrefix: TargetPrefix, Protocol: awsapi.JSON11, EventSource: "berth.local"}
	a.svc.Add(awsapi.Define(awsapi.Spec[MintOIDCTokenInput, MintOIDCTokenOutput]{
		Name: "MintOIDCToken", Action: "berth:MintOIDCToken", Handler: a.mint,
	}))
	a.svc.Add(a.pipelineOps()...)
	a.svc.Add(a.metricsOps()...)
	a.svc.Add(a.consoleOps()...)
	return a
}

// Service returns the declaration for the registry.
func (a *API) Service() *awsapi.Service { return a.svc }

// MintOIDCTokenInput describes the GitHub Actions run a token is for.
type MintOIDCTokenInput struct {
	Repository       string `json:"repository" aws:"required"`
	Ref              string `json:"ref"`
	SHA              string `json:"sha"`
	Audience         string `json:"audience"`
	Environment      string `json:"environment"`
	EventName        string `json:"eventName"`
	Workflow         string `json:"workflow"`
	Actor            string `json:"actor"`
	RunID            string `json:"runId"`
	RunNumber        string `json:"runNumber"`
	RunAttempt       string `json:"runAttempt"`
	ExpiresInSeconds int    `json:"expiresInSeconds"`
}

// MintOIDCTokenOutput carries the signed token.
type MintOIDCTokenOutput struct {
	Token   string `json:"token"`
	Issuer  string `json:"issuer"`
	Subject string `json:"subject"`
}

func (a *API) mint(_ context.Context, _ *awsapi.Call, in *MintOIDCTokenInput) (*MintOIDCTokenOutput, error) {
	if in.Ref == "" {
		in.Ref = "refs/heads/main"
	}
	if in.Audience == "" {
		in.Audience = "sts.amazonaws.com"
	}
	ttl := time.Duration(in.ExpiresInSeconds) * time.Second
	if in.ExpiresInSeconds < 0 || ttl > 24*time.Hour {
		return nil, awsapi.Errorf("ValidationException", "expiresInSeconds must be between 1 and 86400").WithStatus(http.StatusBadRequest)
	}
	c := oidc.Claims{Issuer: a.tokenIssuer, Audience: in.Audience, Repository: in.Repository, Ref: in.Ref, SHA: in.SHA,
		Environment: in.Environment, EventName: in.EventName, Workflow: in.Workflow, Actor: in.Actor,
		RunID: in.RunID, RunNumber: in.RunNumber, RunAttempt: in.RunAttempt, PullRequest: in.EventName == "pull_request"}
	tok, err := a.iss.Mint(c, ttl)
	if err != nil {
		return nil, awsapi.Errorf("ValidationException", "%s", err.Error())
	}
	return &MintOIDCTokenOutput{Token: tok, Issuer: a.tokenIssuer, Subject: oidc.GitHubSubject(in.Repository, in.Ref, in.Environment, in.EventName == "pull_request")}, nil
}
