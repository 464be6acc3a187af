package console_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/berth-dev/berth/internal/cli"
	"github.com/berth-dev/berth/internal/servertest"
)

func TestSignedOutPagesGoToSignIn(t *testing.T) {
	b := servertest.Start(t)
	br := newBrowser(t, b)
	for _, path := range []string{"/console/", "/console/stacks", "/console/activity?attr=Username&value=root"} {
		p := br.get(path)
		wantStatus(t, p, http.StatusSeeOther)
		if want := "/console/signin?next=" + url.QueryEscape(path); p.location != want {
			t.Fatalf("GET %s → %q, want %q", path, p.location, want)
		}
	}
	p := br.get("/console")
	if p.status != http.StatusMovedPermanently || p.location != "/console/" {
		t.Fatalf("GET /console = %d %q", p.status, p.location)
	}
	p = br.get("/console/signin")
	wantStatus(t, p, http.StatusOK)
	wantBody(t, p, `name="access_key_id"`, `name="secret_access_key"`, "berth console")
	if csp := p.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Fatalf("Content-Security-Policy %q", csp)
	}
	// A POST needs a session before anything else.
	wantStatus(t, br.post("/console/services/a/b/deploy", url.Values{"csrf": {"x"}}, nil), http.StatusForbidden)
	// Unknown console paths are the 404 page, signed in or not.
	p = br.get("/console/nope")
	wantStatus(t, p, http.StatusNotFound)
	wantBody(t, p, "Page not found")
}

func TestSignInWithTheForm(t *testing.T) {
	b := servertest.Start(t)
	k := b.RootKey()
	br := newBrowser(t, b)

	// A wrong secret is refused, and says nothing about which part was wrong.
	p := br.post("/console/signin", url.Values{"access_key_id": {k.AccessKeyID}, "secret_access_key": {k.SecretAccessKey + "x"}}, nil)
	wantStatus(t, p, http.StatusUnauthorized)
	wantBody(t, p, "Sign-in failed")
	unknown := br.post("/console/signin", url.Values{"access_key_id": {"AKIANOTAKEY000000000"}, "secret_access_key": {"x"}}, nil)
	wantStatus(t, unknown, http.StatusUnauthorized)
	if strings.ReplaceAll(unknown.body, "AKIANOTAKEY000000000", k.AccessKeyID) != p.body {
		t.Fatalf("unknown key and wrong secret answer differently")
	}
	wantStatus(t, br.get("/console/"), http.StatusSeeOther)
	// Sign-in from another site is refused even with the right secret.
	p = br.post("/console/signin", url.Values{"access_key_id": {k.AccessKeyID}, "secret_access_key": {k.SecretAccessKey}},
		map[string]string{"Origin": "http://evil.example"})
	wantStatus(t, p, http.StatusForbidden)

	// The right one signs in, back to where the browser was going.
	p = br.post("/console/signin", url.Values{"access_key_id": {k.AccessKeyID}, "secret_access_key": {k.SecretAccessKey},
		"next": {"/console/stacks"}}, nil)
	if p.status != http.StatusSeeOther || p.location != "/console/stacks" {
		t.Fatalf("sign-in: %d %q", p.status, p.location)
	}
	var cookie *http.Cookie
	for _, c := range (&http.Response{Header: p.header}).Cookies() {
		if c.Name == "berth-console" {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || cookie.Path != "/console/" || len(cookie.Value) < 43 {
		t.Fatalf("session cookie %+v", cookie)
	}
	p = br.get("/console/")
	wantStatus(t, p, http.StatusOK)
	wantBody(t, p, "root (000000000000)", "No services yet")
	// An open redirect is not possible through next.
	br2 := newBrowser(t, b)
	p = br2.post("/console/signin", url.Values{"access_key_id": {k.AccessKeyID}, "secret_access_key": {k.SecretAccessKey},
		"next": {"//evil.example/console/"}}, nil)
	if p.location != "/console/" {
		t.Fatalf("next //evil.example → %q", p.location)
	}

	// The sign-ins are in the audit trail, as CloudTrail's ConsoleLogin.
	out, err := cloudtrail.NewFromConfig(b.RootConfig()).LookupEvents(bg, &cloudtrail.LookupEventsInput{LookupAttributes: []cttypes.LookupAttribute{
		{AttributeKey: cttypes.LookupAttributeKeyEventName, AttributeValue: aws.String("ConsoleLogin")}}})
	if err != nil {
		t.Fatal(err)
	}
	var ok, failed int
	for _, e := range out.Events {
		switch {
		case strings.Contains(*e.CloudTrailEvent, `"errorMessage":"Failed authentication"`):
			failed++
		case strings.Contains(*e.CloudTrailEvent, `"consoleLogin":"Success"`):
			ok++
		}
	}
	if ok != 2 || failed != 1 {
		t.Fatalf("ConsoleLogin events: %d ok, %d failed, want 2 and 1", ok, failed)
	}

	// Sign-out needs the CSRF token too, and ends the session.
	wantStatus(t, br.post("/console/signout", nil, nil), http.StatusForbidden)
	p = br.post("/console/signout", url.Values{"csrf": {br.csrf()}}, nil)
	if p.status != http.StatusSeeOther || p.location != "/console/signin" {
		t.Fatalf("sign-out: %d %q", p.status, p.location)
	}
	wantStatus(t, br.get("/console/"), http.StatusSeeOther)
}

func TestSignInWithSessionCredentials(t *testing.T) {
	b := servertest.Start(t)
	id, secret, token := roleSession(t, b, "viewer", "cloudformation:DescribeStacks")
	br := newBrowser(t, b)
	// Without its session token an ASIA key is not valid.
	p := br.post("/console/signin", url.Values{"access_key_id": {id}, "secret_access_key": {secret}}, nil)
	wantStatus(t, p, http.StatusUnauthorized)
	br.signIn(id, secret, token)
	p = br.get("/console/stacks")
	wantStatus(t, p, http.StatusOK)
	wantBody(t, p, "assumed-role/viewer/alice", "No stacks yet")
}

// TestSigninLink is `berth console`: a link that signs in once, and only
// within its five minutes.
func TestSigninLink(t *testing.T) {
	var skew atomic.Int64
	b := servertest.Start(t, servertest.WithClock(func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }))
	link := func() string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := cli.Execute([]string{"console", "--endpoint", b.Endpoint, "--data", b.Dir}, &out, &errb); code != 0 {
			t.Fatalf("berth console: exit %d: %s", code, errb.String())
		}
		u := strings.TrimSpace(out.String())
		if !strings.HasPrefix(u, b.Endpoint+"/console/signin?token=") {
			t.Fatalf("berth console printed %q", u)
		}
		return strings.TrimPrefix(u, b.Endpoint)
	}
	path := link()
	br := newBrowser(t, b)
	p := br.get(path)
	wantStatus(t, p, http.StatusOK)
	wantBody(t, p, `http-equiv="refresh"`, "root (000000000000)")
	wantStatus(t, br.get("/console/"), http.StatusOK)

	// Once only: a second browser with the same link is refused.
	other := newBrowser(t, b)
	p = other.get(path)
	wantStatus(t, p, http.StatusUnauthorized)
	wantBody(t, p, "already used")
	wantStatus(t, other.get("/console/"), http.StatusSeeOther)

	// A link not used within five minutes has expired.
	path = link()
	skew.Store(int64(5*time.Minute + time.Second))
	wantStatus(t, other.get(path), http.StatusUnauthorized)
	skew.Store(0)
	wantStatus(t, other.get(path), http.StatusUnauthorized) // and trying consumed nothing it could reuse

	// The token is hidden in the audit trail.
	out, err := cloudtrail.NewFromConfig(b.RootConfig()).LookupEvents(bg, &cloudtrail.LookupEventsInput{LookupAttributes: []cttypes.LookupAttribute{
		{AttributeKey: cttypes.LookupAttributeKeyEventName, AttributeValue: aws.String("CreateConsoleSigninToken")}}})
	if err != nil || len(out.Events) != 2 {
		t.Fatalf("CreateConsoleSigninToken events: %v %v", out, err)
	}
	tok := strings.TrimPrefix(path, "/console/signin?token=")
	for _, e := range out.Events {
		if strings.Contains(*e.CloudTrailEvent, tok) || !strings.Contains(*e.CloudTrailEvent, "HIDDEN_DUE_TO_SECURITY_REASONS") {
			t.Fatalf("event shows the token: %s", *e.CloudTrailEvent)
		}
	}
}

// TestRoleSigninLink: a role session allowed berth:CreateConsoleSigninToken
// gets a link for itself, not for root.
func TestRoleSigninLink(t *testing.T) {
	b := servertest.Start(t)
	id, secret, token := roleSession(t, b, "linker", "berth:CreateConsoleSigninToken")
	tok := createSigninToken(t, b, aws.Credentials{AccessKeyID: id, SecretAccessKey: secret, SessionToken: token})
	br := newBrowser(t, b)
	p := br.get("/console/signin?token=" + url.QueryEscape(tok))
	wantStatus(t, p, http.StatusOK)
	wantBody(t, p, "assumed-role/linker/alice")
	// The role may not list stacks: the console says so, as the API would.
	p = br.get("/console/stacks")
	wantBody(t, p, "AccessDenied", "cloudformation:DescribeStacks")
	// A session without the permission gets no link.
	id, secret, token = roleSession(t, b, "nolink", "cloudformation:DescribeStacks")
	if code, body := berthCall(t, b, aws.Credentials{AccessKeyID: id, SecretAccessKey: secret, SessionToken: token}, "CreateConsoleSigninToken", "{}"); code != http.StatusForbidden || !strings.Contains(body, "AccessDeniedException") {
		t.Fatalf("CreateConsoleSigninToken without permission: %d %s", code, body)
	}
}

// TestSessionEndsWithItsKey: a console session opened with an IAM user's
// key ends when that key is deactivated, as the key's API access does.
func TestSessionEndsWithItsKey(t *testing.T) {
	b := servertest.Start(t)
	root := iam.NewFromConfig(b.RootConfig())
	if _, err := root.CreateUser(bg, &iam.CreateUserInput{UserName: aws.String("carol")}); err != nil {
		t.Fatal(err)
	}
	k, err := root.CreateAccessKey(bg, &iam.CreateAccessKeyInput{UserName: aws.String("carol")})
	if err != nil {
		t.Fatal(err)
	}
	br := newBrowser(t, b)
	br.signIn(*k.AccessKey.AccessKeyId, *k.AccessKey.SecretAccessKey, "")
	p := br.get("/console/")
	wantStatus(t, p, http.StatusOK)
	wantBody(t, p, "carol")
	if _, err := root.UpdateAccessKey(bg, &iam.UpdateAccessKeyInput{UserName: aws.String("carol"),
		AccessKeyId: k.AccessKey.AccessKeyId, Status: iamtypes.StatusTypeInactive}); err != nil {
		t.Fatal(err)
	}
	p = br.get("/console/")
	if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, "/console/signin") {
		t.Fatalf("after the key was deactivated: %d %q", p.status, p.location)
	}
	p = br.post("/console/signin", url.Values{"access_key_id": {*k.AccessKey.AccessKeyId}, "secret_access_key": {*k.AccessKey.SecretAccessKey}}, nil)
	if p.status == http.StatusSeeOther {
		t.Fatalf("an inactive key signed in: %d %q", p.status, p.location)
	}
}
