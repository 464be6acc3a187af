package console_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	cfn "github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/berth-dev/berth/internal/berthapi"
	"github.com/berth-dev/berth/internal/servertest"
)

var bg = context.Background()

// browser is a console user: an HTTP client with a cookie jar that does
// not follow redirects, so tests see them.
type browser struct {
	t    *testing.T
	c    *http.Client
	base string
}

func newBrowser(t *testing.T, b *servertest.Berth) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, base: b.Endpoint, c: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// page is one response.
type page struct {
	status   int
	body     string
	location string
	header   http.Header
}

func (br *browser) do(req *http.Request) page {
	br.t.Helper()
	resp, err := br.c.Do(req)
	if err != nil {
		br.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return page{status: resp.StatusCode, body: string(b), location: resp.Header.Get("Location"), header: resp.Header}
}

// get fetches a path of the endpoint.
func (br *browser) get(path string) page {
	br.t.Helper()
	req, err := http.NewRequest(http.MethodGet, br.base+path, nil)
	if err != nil {
		br.t.Fatal(err)
	}
	return br.do(req)
}

// post submits a form as a page of the console does (Origin set to the
// console's), with headers overriding.
func (br *browser) post(path string, form url.Values, headers map[string]string) page {
	br.t.Helper()
	req, err := http.NewRequest(http.MethodPost, br.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		br.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", br.base)
	for k, v := range headers {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	return br.do(req)
}

// signIn uses the sign-in form and fails the test unless it works.
func (br *browser) signIn(id, secret, token string) {
	br.t.Helper()
	p := br.post("/console/signin", url.Values{"access_key_id": {id}, "secret_access_key": {secret}, "session_token": {token},
		"next": {"/console/"}}, nil)
	if p.status != http.StatusSeeOther || p.location != "/console/" {
		br.t.Fatalf("sign-in: %d %q\n%s", p.status, p.location, p.body)
	}
}

// signInRoot signs in with the root key from the data dir.
func (br *browser) signInRoot(b *servertest.Berth) {
	br.t.Helper()
	k := b.RootKey()
	br.signIn(k.AccessKeyID, k.SecretAccessKey, "")
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf is the CSRF token of a signed-in page.
func (br *browser) csrf() string {
	br.t.Helper()
	p := br.get("/console/")
	m := csrfInput.FindStringSubmatch(p.body)
	if m == nil {
		br.t.Fatalf("no CSRF token on the page (%d):\n%s", p.status, p.body)
	}
	return m[1]
}

func wantStatus(t *testing.T, p page, status int) {
	t.Helper()
	if p.status != status {
		t.Fatalf("status %d, want %d\n%s", p.status, status, p.body)
	}
}

func wantBody(t *testing.T, p page, parts ...string) {
	t.Helper()
	for _, s := range parts {
		if !strings.Contains(p.body, s) {
			t.Fatalf("page lacks %q:\n%s", s, p.body)
		}
	}
}

func wantNotBody(t *testing.T, p page, parts ...string) {
	t.Helper()
	for _, s := range parts {
		if strings.Contains(p.body, s) {
			t.Fatalf("page has %q:\n%s", s, p.body)
		}
	}
}

// roleSession creates a role with an inline policy allowing actions and
// returns session credentials for it.
func roleSession(t *testing.T, b *servertest.Berth, role string, actions ...string) (id, secret, token string) {
	t.Helper()
	c := iam.NewFromConfig(b.RootConfig())
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}`
	if _, err := c.CreateRole(bg, &iam.CreateRoleInput{RoleName: aws.String(role), AssumeRolePolicyDocument: aws.String(trust)}); err != nil {
		t.Fatal(err)
	}
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["` + strings.Join(actions, `","`) + `"],"Resource":"*"}]}`
	if _, err := c.PutRolePolicy(bg, &iam.PutRolePolicyInput{RoleName: aws.String(role), PolicyName: aws.String("console"),
		PolicyDocument: aws.String(policy)}); err != nil {
		t.Fatal(err)
	}
	out, err := sts.NewFromConfig(b.RootConfig()).AssumeRole(bg, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::000000000000:role/" + role), RoleSessionName: aws.String("alice")})
	if err != nil {
		t.Fatal(err)
	}
	return *out.Credentials.AccessKeyId, *out.Credentials.SecretAccessKey, *out.Credentials.SessionToken
}

// berthCall calls an operation of berth's API (which the SDK has no
// client for) signed with creds, and returns the status and body.
func berthCall(t *testing.T, b *servertest.Berth, creds aws.Credentials, op, in string) (int, string) {
	t.Helper()
	body := []byte(in)
	req, err := http.NewRequest(http.MethodPost, b.Endpoint+"/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", berthapi.TargetPrefix+"."+op)
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(bg, creds, req, hex.EncodeToString(sum[:]), "berth", "us-east-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	rb, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(rb)
}

// createSigninToken asks berth for a console sign-in token as creds.
func createSigninToken(t *testing.T, b *servertest.Berth, creds aws.Credentials) string {
	t.Helper()
	code, body := berthCall(t, b, creds, "CreateConsoleSigninToken", "{}")
	var out berthapi.CreateConsoleSigninTokenOutput
	if code != http.StatusOK || json.Unmarshal([]byte(body), &out) != nil || out.Token == "" {
		t.Fatalf("CreateConsoleSigninToken: %d %s", code, body)
	}
	if d := time.Until(out.Expiration); d <= 0 || d > 5*time.Minute {
		t.Fatalf("token expires in %s", d)
	}
	return out.Token
}

// noteTemplate is a stack with a NoEcho parameter and a value that is
// HTML, kept in an SSM parameter and returned as an output.
const noteTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Description: console test stack
Parameters:
  Secret:
    Type: String
    NoEcho: true
  Note:
    Type: String
Resources:
  NoteParam:
    Type: AWS::SSM::Parameter
    Properties:
      Name: /console/note
      Type: String
      Value: !Ref Note
Outputs:
  NoteOut:
    Description: the note
    Value: !Ref Note
`

// createNoteStack creates the note stack as root and waits for it.
func createNoteStack(t *testing.T, b *servertest.Berth, name, secret, note string) {
	t.Helper()
	c := cfn.NewFromConfig(b.RootConfig())
	_, err := c.CreateStack(bg, &cfn.CreateStackInput{StackName: aws.String(name), TemplateBody: aws.String(noteTemplate),
		Parameters: []cfntypes.Parameter{{ParameterKey: aws.String("Secret"), ParameterValue: aws.String(secret)},
			{ParameterKey: aws.String("Note"), ParameterValue: aws.String(note)}}})
	if err != nil {
		t.Fatal(err)
	}
	w := cfn.NewStackCreateCompleteWaiter(c, func(o *cfn.StackCreateCompleteWaiterOptions) {
		o.MinDelay, o.MaxDelay = 100*time.Millisecond, time.Second
	})
	if err := w.Wait(bg, &cfn.DescribeStacksInput{StackName: aws.String(name)}, time.Minute); err != nil {
		t.Fatal(err)
	}
}
