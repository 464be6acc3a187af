package oidc

import (
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"
)

// GitHubIssuer is the issuer URL of GitHub Actions tokens, which berth
// emulates by default.
const GitHubIssuer = "https://token.actions.githubusercontent.com"

// GitHubSubject builds the default sub claim GitHub Actions uses, in its
// order of precedence: a job with an environment gets
// "repo:O/R:environment:NAME", a pull_request event "repo:O/R:pull_request",
// anything else "repo:O/R:ref:REF". Trust policies match on this string.
func GitHubSubject(repo, ref, environment string, pullRequest bool) string {
	switch {
	case environment != "":
		return "repo:" + repo + ":environment:" + environment
	case pullRequest:
		return "repo:" + repo + ":pull_request"
	default:
		return "repo:" + repo + ":ref:" + ref
	}
}

// Claims describes a GitHub-Actions-shaped token for Issuer.Mint. Empty
// fields are derived where GitHub would derive them; see claimSet.
type Claims struct {
	// Issuer overrides iss; empty means the Issuer's own URL. Emulation sets
	// it to GitHubIssuer.
	Issuer string
	// Audience is aud; empty means GitHub's default, https://github.com/OWNER.
	Audience string
	// Subject overrides sub; empty means GitHubSubject(Repository, Ref,
	// Environment, PullRequest).
	Subject string

	Repository        string // "owner/name"
	RepositoryID      string
	RepositoryOwner   string // empty means the owner part of Repository
	RepositoryOwnerID string
	Ref               string // e.g. refs/heads/main
	RefType           string // empty means derived from Ref: branch or tag
	SHA               string
	Workflow          string // the workflow's name
	WorkflowRef       string
	JobWorkflowRef    string
	RunID             string
	RunNumber         string
	RunAttempt        string // empty means "1"
	Actor             string
	ActorID           string
	EventName         string // empty means pull_request or push
	Environment       string // omitted from the token when empty
	HeadRef, BaseRef  string
	PullRequest       bool

	// IssuedAt sets iat and nbf; zero means now. Tests use it to mint
	// expired or future tokens.
	IssuedAt time.Time
}

var errNoSubject = errors.New("claims need a Subject or a Repository")

// claimSet renders c as a JWT payload issued by defaultIss at now, valid for
// ttl, with a random jti.
func (c Claims) claimSet(defaultIss string, now time.Time, ttl time.Duration) (map[string]any, error) {
	if c.Subject == "" && c.Repository == "" {
		return nil, errNoSubject
	}
	owner := c.RepositoryOwner
	if owner == "" {
		owner, _, _ = strings.Cut(c.Repository, "/")
	}
	iss := orDefault(c.Issuer, defaultIss)
	aud := orDefault(c.Audience, "https://github.com/"+owner)
	sub := orDefault(c.Subject, GitHubSubject(c.Repository, c.Ref, c.Environment, c.PullRequest))
	event := c.EventName
	if event == "" {
		event = "push"
		if c.PullRequest {
			event = "pull_request"
		}
	}
	iat := c.IssuedAt
	if iat.IsZero() {
		iat = now
	}
	m := map[string]any{
		"iss":                 iss,
		"aud":                 aud,
		"sub":                 sub,
		"jti":                 uuid.NewString(),
		"iat":                 iat.Unix(),
		"nbf":                 iat.Unix(),
		"exp":                 iat.Add(ttl).Unix(),
		"repository":          c.Repository,
		"repository_id":       c.RepositoryID,
		"repository_owner":    owner,
		"repository_owner_id": c.RepositoryOwnerID,
		"ref":                 c.Ref,
		"ref_type":            orDefault(c.RefType, refType(c.Ref)),
		"sha":                 c.SHA,
		"workflow":            c.Workflow,
		"workflow_ref":        c.WorkflowRef,
		"job_workflow_ref":    c.JobWorkflowRef,
		"run_id":              c.RunID,
		"run_number":          c.RunNumber,
		"run_attempt":         orDefault(c.RunAttempt, "1"),
		"actor":               c.Actor,
		"actor_id":            c.ActorID,
		"event_name":          event,
		"head_ref":            c.HeadRef,
		"base_ref":            c.BaseRef,
		"runner_environment":  "self-hosted",
	}
	if c.Environment != "" {
		m["environment"] = c.Environment
	}
	return m, nil
}

// refType is GitHub's ref_type for a full ref name.
func refType(ref string) string {
	switch {
	case strings.HasPrefix(ref, "refs/heads/"):
		return "branch"
	case strings.HasPrefix(ref, "refs/tags/"):
		return "tag"
	}
	return ""
}

// orDefault is s, or def when s is empty.
func orDefault(s, def string) string {
	if s != "" {
		return s
	}
	return def
}
