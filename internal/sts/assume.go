package sts

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/iam/policy"
	"github.com/berth-dev/berth/internal/oidc"
)

// Session duration bounds (seconds), as STS documents them.
const (
	minDuration     = 900
	defaultDuration = 3600
	maxDuration     = 43200
)

var sessionNameRE = regexp.MustCompile(`^[\w+=,.@-]{2,64}$`)

// PolicyDescriptor names a managed session policy.
type PolicyDescriptor struct {
	Arn string `query:"arn" xml:"arn"`
}

// Tag is a session tag.
type Tag struct{ Key, Value string }

// AssumeRoleInput is AssumeRole's request.
type AssumeRoleInput struct {
	RoleArn         string `aws:"required"`
	RoleSessionName string `aws:"required"`
	DurationSeconds int
	Policy          string
	PolicyArns      []PolicyDescriptor
	Tags            []Tag
	ExternalId      string
	SourceIdentity  string
}

// AssumeRoleWithWebIdentityInput is AssumeRoleWithWebIdentity's request.
type AssumeRoleWithWebIdentityInput struct {
	RoleArn          string `aws:"required"`
	RoleSessionName  string `aws:"required"`
	WebIdentityToken string `aws:"required"`
	ProviderId       string
	DurationSeconds  int
	Policy           string
	PolicyArns       []PolicyDescriptor
}

// Credentials is STS's credentials shape.
type Credentials struct {
	AccessKeyId     string
	SecretAccessKey string
	SessionToken    string
	Expiration      time.Time
}

// AssumedRoleUser names the session.
type AssumedRoleUser struct {
	AssumedRoleId string
	Arn           string
}

// AssumeRoleOutput is AssumeRole's result.
type AssumeRoleOutput struct {
	Credentials      Credentials
	AssumedRoleUser  AssumedRoleUser
	PackedPolicySize int
	SourceIdentity   string `xml:",omitempty"`
}

// AssumeRoleWithWebIdentityOutput is AssumeRoleWithWebIdentity's result.
type AssumeRoleWithWebIdentityOutput struct {
	Credentials                 Credentials
	SubjectFromWebIdentityToken string
	AssumedRoleUser             AssumedRoleUser
	PackedPolicySize            int
	Provider                    string
	Audience                    string
}

func accessDenied(msg string) error {
	return awsapi.Errorf(awsapi.CodeAccessDenied, "%s", msg).WithStatus(http.StatusForbidden)
}

func validation(format string, args ...any) error {
	return awsapi.Errorf(awsapi.CodeValidation, format, args...)
}

// checkCommon validates what both Assume calls share and returns the role.
func (a *API) checkCommon(ctx context.Context, roleARN, session string, duration int, sessionPolicy string, op string) (*Role, int, error) {
	if !sessionNameRE.MatchString(session) {
		return nil, 0, validation("1 validation error detected: Value '%s' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64", session)
	}
	if duration == 0 {
		duration = defaultDuration
	}
	if duration < minDuration || duration > maxDuration {
		return nil, 0, validation("1 validation error detected: Value '%d' at 'durationSeconds' failed to satisfy constraint: Member must have value between %d and %d", duration, minDuration, maxDuration)
	}
	if sessionPolicy != "" {
		if _, err := policy.Parse(sessionPolicy, policy.Identity); err != nil {
			return nil, 0, awsapi.Errorf("MalformedPolicyDocument", "%s", strings.TrimPrefix(err.Error(), "policy: "))
		}
	}
	if !strings.HasPrefix(roleARN, "arn:aws:iam::") || len(roleARN) < 20 {
		return nil, 0, validation("%s is invalid", roleARN)
	}
	role, err := a.dir.Role(ctx, roleARN)
	if errors.Is(err, ErrNoSuchRole) {
		return nil, 0, accessDenied("Not authorized to perform " + op)
	}
	if err != nil {
		return nil, 0, err
	}
	max := role.MaxSessionDuration
	if max == 0 {
		max = defaultDuration
	}
	if duration > max {
		return nil, 0, validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
	}
	return role, duration, nil
}

// trustContext is the request context for a trust-policy evaluation.
func (a *API) trustContext(c *awsapi.Call) policy.Context {
	var pc policy.Context
	now := a.now()
	pc.SetTime("aws:CurrentTime", now)
	pc.Set("aws:EpochTime", strconv.FormatInt(now.Unix(), 10))
	pc.SetBool("aws:SecureTransport", c.Secure)
	pc.Set("aws:RequestedRegion", c.Region)
	if c.SourceIP != "" {
		pc.Set("aws:SourceIp", c.SourceIP)
	}
	return pc
}

func (a *API) trusts(role *Role, action string, caller *policy.Principal, pc policy.Context) (bool, error) {
	doc, err := policy.Parse(role.TrustPolicy, policy.Trust)
	if err != nil {
		return false, err
	}
	r := policy.Evaluate(&policy.Request{Action: action, Resource: role.ARN, Principal: caller, Context: pc}, doc)
	return r.Decision == policy.Allowed, nil
}

// issue creates the session for role and fills the common output fields.
func (a *API) issue(ctx context.Context, c *awsapi.Call, role *Role, session string, duration int, p *awsapi.Principal) (Credentials, AssumedRoleUser, error) {
	now := a.now().UTC()
	p.Kind = awsapi.AssumedRole
	p.Account = c.Account
	p.RoleARN, p.RoleID, p.RoleName, p.SessionName = role.ARN, role.ID, role.Name, session
	p.ARN = "arn:aws:sts::" + c.Account + ":assumed-role/" + role.Name + "/" + session
	p.UserID = role.ID + ":" + session
	p.IssuedAt = now
	// aws:PrincipalTag/* sees the role's tags, overridden by session tags.
	tags := map[string]string{}
	for k, v := range role.Tags {
		tags[k] = v
	}
	for k, v := range p.SessionTags {
		tags[k] = v
	}
	p.SessionTags = tags
	creds, err := a.sessions.Issue(ctx, p, now.Add(time.Duration(duration)*time.Second))
	if err != nil {
		return Credentials{}, AssumedRoleUser{}, err
	}
	return Credentials{AccessKeyId: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey, SessionToken: creds.SessionToken, Expiration: creds.Expires},
		AssumedRoleUser{AssumedRoleId: p.UserID, Arn: p.ARN}, nil
}

func (a *API) assumeRole(ctx context.Context, c *awsapi.Call, in *AssumeRoleInput) (*AssumeRoleOutput, error) {
	role, duration, err := a.checkCommon(ctx, in.RoleArn, in.RoleSessionName, in.DurationSeconds, in.Policy, "sts:AssumeRole")
	if err != nil {
		return nil, err
	}
	if c.Principal.Kind == awsapi.AssumedRole && duration > defaultDuration {
		return nil, validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
	}
	pc := a.trustContext(c)
	if in.ExternalId != "" {
		pc.Set("sts:ExternalId", in.ExternalId)
	}
	for _, t := range in.Tags {
		pc.Set("aws:RequestTag/"+t.Key, t.Value)
	}
	caller := &policy.Principal{AWS: []string{c.Principal.ARN}}
	ok, err := a.trusts(role, "sts:AssumeRole", caller, pc)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, accessDenied("User: " + c.Principal.ARN + " is not authorized to perform: sts:AssumeRole on resource: " + role.ARN)
	}
	p := &awsapi.Principal{SessionPolicy: in.Policy, SessionPolicyARNs: policyARNs(in.PolicyArns), SourceIdentity: in.SourceIdentity}
	if len(in.Tags) > 0 {
		p.SessionTags = map[string]string{}
		for _, t := range in.Tags {
			p.SessionTags[t.Key] = t.Value
		}
	}
	creds, user, err := a.issue(ctx, c, role, in.RoleSessionName, duration, p)
	if err != nil {
		return nil, err
	}
	return &AssumeRoleOutput{Credentials: creds, AssumedRoleUser: user, SourceIdentity: in.SourceIdentity}, nil
}

func policyARNs(ds []PolicyDescriptor) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Arn)
	}
	return out
}

func (a *API) assumeRoleWithWebIdentity(ctx context.Context, c *awsapi.Call, in *AssumeRoleWithWebIdentityInput) (*AssumeRoleWithWebIdentityOutput, error) {
	role, duration, err := a.checkCommon(ctx, in.RoleArn, in.RoleSessionName, in.DurationSeconds, in.Policy, "sts:AssumeRoleWithWebIdentity")
	if err != nil {
		return nil, err
	}
	if len(in.WebIdentityToken) < 4 || len(in.WebIdentityToken) > 20000 {
		return nil, validation("1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length between 4 and 20000")
	}
	iss, err := oidc.PeekIssuer(in.WebIdentityToken)
	if err != nil {
		return nil, tokenError(err)
	}
	prov, err := a.dir.OIDCProvider(ctx, iss)
	if errors.Is(err, ErrNoSuchProvider) {
		return nil, awsapi.Errorf("InvalidIdentityToken", "No OpenIDConnect provider found in your account for %s", iss)
	}
	if err != nil {
		return nil, err
	}
	tok, err := a.verifier.Verify(ctx, in.WebIdentityToken, oidc.Provider{URL: iss, ClientIDs: prov.ClientIDs, Thumbprints: prov.Thumbprints})
	if err != nil {
		return nil, tokenError(err)
	}
	host := providerHost(prov.URL)
	aud := matchedAudience(tok.Audience, prov.ClientIDs)
	pc := a.trustContext(c)
	pc.Set(host+":sub", tok.Subject)
	pc.Set(host+":aud", aud)
	if len(tok.AMR) > 0 {
		pc.Set(host+":amr", tok.AMR...)
	}
	ok, err := a.trusts(role, "sts:AssumeRoleWithWebIdentity", &policy.Principal{Federated: []string{prov.ARN}}, pc)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, accessDenied("Not authorized to perform sts:AssumeRoleWithWebIdentity")
	}
	p := &awsapi.Principal{SessionPolicy: in.Policy, SessionPolicyARNs: policyARNs(in.PolicyArns),
		WebIdentity: &awsapi.WebIdentity{ProviderARN: prov.ARN, Issuer: iss, Subject: tok.Subject, Audience: aud}}
	creds, user, err := a.issue(ctx, c, role, in.RoleSessionName, duration, p)
	if err != nil {
		return nil, err
	}
	return &AssumeRoleWithWebIdentityOutput{Credentials: creds, AssumedRoleUser: user, SubjectFromWebIdentityToken: tok.Subject,
		Provider: host, Audience: aud}, nil
}

// tokenError maps an OIDC verification failure to STS's error.
func tokenError(err error) error {
	msg := oidc.Message(err)
	switch {
	case errors.Is(err, oidc.ErrExpiredToken):
		return awsapi.Errorf("ExpiredTokenException", "%s", msg)
	case errors.Is(err, oidc.ErrCommunication):
		return awsapi.Errorf("IDPCommunicationError", "%s", msg)
	default:
		return awsapi.Errorf("InvalidIdentityToken", "%s", msg)
	}
}

func providerHost(url string) string {
	url = strings.TrimPrefix(strings.TrimPrefix(url, "https://"), "http://")
	return strings.TrimSuffix(url, "/")
}

func matchedAudience(auds, clientIDs []string) string {
	for _, a := range auds {
		for _, id := range clientIDs {
			if a == id {
				return a
			}
		}
	}
	if len(auds) > 0 {
		return auds[0]
	}
	return ""
}
