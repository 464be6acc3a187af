package console_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/berth-dev/berth/internal/apprunner/apprunnertest"
	"github.com/berth-dev/berth/internal/servertest"
)

// TestRoleSeesWhatItMay: a session whose policy lacks
// apprunner:ListServices gets App Runner's AccessDeniedException on the
// Services page, sees the stacks it may read, and its denied call is in
// the audit trail like any API call.
func TestRoleSeesWhatItMay(t *testing.T) {
	b := servertest.Start(t)
	createNoteStack(t, b, "notes", "s3cr3t-value", "hello")
	id, secret, token := roleSession(t, b, "stacks-reader",
		"cloudformation:DescribeStacks", "cloudformation:ListStackResources", "cloudformation:DescribeStackEvents")
	br := newBrowser(t, b)
	br.signIn(id, secret, token)

	p := br.get("/console/")
	wantStatus(t, p, http.StatusOK)
	wantBody(t, p, "AccessDeniedException",
		"User: arn:aws:sts::000000000000:assumed-role/stacks-reader/alice is not authorized to perform: apprunner:ListServices")
	p = br.get("/console/stacks")
	wantBody(t, p, `href="/console/stacks/notes"`, "CREATE_COMPLETE", "console test stack")
	p = br.get("/console/stacks/notes")
	wantStatus(t, p, http.StatusOK)
	wantBody(t, p, "AWS::SSM::Parameter", "NoteParam", "/console/note", "NoteOut")
	wantNotBody(t, p, "AccessDenied")
	// Activity needs cloudtrail:LookupEvents, which the role lacks.
	wantBody(t, br.get("/console/activity"), "AccessDeniedException", "cloudtrail:LookupEvents")

	out, err := cloudtrail.NewFromConfig(b.RootConfig()).LookupEvents(bg, &cloudtrail.LookupEventsInput{LookupAttributes: []cttypes.LookupAttribute{
		{AttributeKey: cttypes.LookupAttributeKeyUsername, AttributeValue: aws.String("alice")}}})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, e := range out.Events {
		code := ""
		if strings.Contains(*e.CloudTrailEvent, `"errorCode":"AccessDeniedException"`) {
			code = "denied"
		}
		if (!strings.Contains(*e.CloudTrailEvent, `"userAgent":"console.berth.local"`) ||
			!strings.Contains(*e.CloudTrailEvent, `"sourceIPAddress":"127.0.0.1"`)) && *e.EventName != "ConsoleLogin" {
			t.Errorf("%s not marked as a console call: %s", *e.EventName, *e.CloudTrailEvent)
		}
		seen[*e.EventName] = code
	}
	if c, ok := seen["ListServices"]; !ok || c != "denied" {
		t.Fatalf("audit trail of alice: %v", seen)
	}
	if c, ok := seen["DescribeStacks"]; !ok || c != "" {
		t.Fatalf("audit trail of alice: %v", seen)
	}
}

// TestStackPage shows parameters (NoEcho masked, as the API does),
// outputs, resources and events, every value escaped.
func TestStackPage(t *testing.T) {
	b := servertest.Start(t)
	note := `<script>alert("note")</script>`
	createNoteStack(t, b, "notes", "s3cr3t-value", note)
	br := newBrowser(t, b)
	br.signInRoot(b)
	p := br.get("/console/stacks/notes")
	wantStatus(t, p, http.StatusOK)
	wantBody(t, p, "****", "&lt;script&gt;alert(&#34;note&#34;)&lt;/script&gt;", "CREATE_COMPLETE", "AWS::CloudFormation::Stack",
		"arn:aws:cloudformation:us-east-1:000000000000:stack/notes/")
	wantNotBody(t, p, "s3cr3t-value", note)
	if n := strings.Count(p.body, `<tr class="event">`); n < 4 {
		t.Fatalf("%d events on the stack page", n)
	}
	p = br.get("/console/stacks/nope")
	wantStatus(t, p, http.StatusNotFound)
	wantBody(t, p, "ValidationError", "Stack with id nope does not exist")
}

// TestCSRF: a state-changing POST needs the session's token and a
// same-origin Origin (or Referer); refused requests call nothing.
func TestCSRF(t *testing.T) {
	b := servertest.Start(t)
	br := newBrowser(t, b)
	br.signInRoot(b)
	tok := br.csrf()
	path := "/console/services/web/0123456789abcdef0123456789abcdef/pause"
	refused := []struct {
		name    string
		form    url.Values
		headers map[string]string
	}{
		{"no token", url.Values{}, nil},
		{"wrong token", url.Values{"csrf": {tok + "x"}}, nil},
		{"foreign origin", url.Values{"csrf": {tok}}, map[string]string{"Origin": "http://evil.example"}},
		{"foreign referer", url.Values{"csrf": {tok}}, map[string]string{"Origin": "", "Referer": "http://evil.example/console/"}},
		{"no origin at all", url.Values{"csrf": {tok}}, map[string]string{"Origin": ""}},
	}
	for _, c := range refused {
		p := br.post(path, c.form, c.headers)
		if p.status != http.StatusForbidden {
			t.Fatalf("%s: status %d, want 403", c.name, p.status)
		}
	}
	lookup := func() int {
		out, err := cloudtrail.NewFromConfig(b.RootConfig()).LookupEvents(bg, &cloudtrail.LookupEventsInput{LookupAttributes: []cttypes.LookupAttribute{
			{AttributeKey: cttypes.LookupAttributeKeyEventName, AttributeValue: aws.String("PauseService")}}})
		if err != nil {
			t.Fatal(err)
		}
		return len(out.Events)
	}
	if n := lookup(); n != 0 {
		t.Fatalf("refused requests reached PauseService %d times", n)
	}
	// The same request from the console's own page goes through (to App
	// Runner's answer: there is no such service), with a Referer too.
	for _, h := range []map[string]string{nil, {"Origin": "", "Referer": b.Endpoint + "/console/services/web/x"}} {
		p := br.post(path, url.Values{"csrf": {tok}}, h)
		if p.status != http.StatusSeeOther || p.location != "/console/services/web/0123456789abcdef0123456789abcdef" {
			t.Fatalf("accepted POST: %d %q", p.status, p.location)
		}
		wantBody(t, br.get(p.location), "PauseService failed: ResourceNotFoundException")
	}
	if n := lookup(); n != 2 {
		t.Fatalf("PauseService called %d times, want 2", n)
	}
	// Another session's token does not work.
	other := newBrowser(t, b)
	other.signInRoot(b)
	wantStatus(t, other.post(path, url.Values{"csrf": {tok}}, nil), http.StatusForbidden)
}

func TestActivityAndPipelinesPages(t *testing.T) {
	b := servertest.Start(t)
	br := newBrowser(t, b)
	br.signInRoot(b)
	br.get("/console/stacks")
	p := br.get("/console/activity?attr=EventName&value=DescribeStacks")
	wantStatus(t, p, http.StatusOK)
	wantBody(t, p, "<summary>DescribeStacks</summary>", "cloudformation.amazonaws.com", `&#34;sourceIPAddress&#34;: &#34;127.0.0.1&#34;`, `&#34;userAgent&#34;: &#34;console.berth.local&#34;`)
	wantNotBody(t, p, "<summary>ConsoleLogin</summary>")
	p = br.get("/console/activity?attr=Username&value=root")
	wantBody(t, p, "<summary>ConsoleLogin</summary>", "signin.amazonaws.com")
	wantBody(t, br.get("/console/activity?attr=EventName&value=NoSuchEvent"), "No events")
	// An attribute LookupEvents does not know falls back to the user name.
	wantBody(t, br.get("/console/activity?attr=Bogus&value=root"), "<summary>ConsoleLogin</summary>", `<option value="Username" selected>`)

	p = br.get("/console/pipelines")
	wantStatus(t, p, http.StatusOK)
	wantBody(t, p, "No pipeline runs yet")
	p = br.get("/console/pipelines/runs/42")
	wantStatus(t, p, http.StatusNotFound)
	wantBody(t, p, "ResourceNotFoundException", "run 42 not found")
	wantStatus(t, br.get("/console/pipelines/runs/x"), http.StatusNotFound)
	p = br.get("/console/services/web/0123456789abcdef0123456789abcdef")
	wantStatus(t, p, http.StatusNotFound)
	wantBody(t, p, "ResourceNotFoundException")
	wantStatus(t, br.get("/console/nope/nope"), http.StatusNotFound)
	// The stylesheet and script are served without a session.
	for _, path := range []string{"/console/static/console.css", "/console/static/console.js"} {
		if p := newBrowser(t, b).get(path); p.status != http.StatusOK || p.body == "" {
			t.Fatalf("GET %s: %d", path, p.status)
		}
	}
	wantStatus(t, newBrowser(t, b).get("/console/static/"), http.StatusNotFound)
}

// TestPipelineRunPages runs a one-step workflow and reads it in the
// console: the runs list, the run's jobs and steps, its log (escaped).
func TestPipelineRunPages(t *testing.T) {
	b := servertest.Start(t)
	repo := apprunnertest.NewRepo(t, map[string]string{".github/workflows/ci.yaml": `name: ci
on: push
jobs:
  hello:
    runs-on: ubuntu-latest
    steps:
      - name: Say hello
        run: echo '<b>hello</b> from ci'
`})
	k := b.RootKey()
	in, _ := json.Marshal(map[string]string{"repoDir": repo.Dir})
	code, body := berthCall(t, b, aws.Credentials{AccessKeyID: k.AccessKeyID, SecretAccessKey: k.SecretAccessKey}, "RunPipeline", string(in))
	var out struct{ Runs []struct{ ID int64 } }
	if code != http.StatusOK || json.Unmarshal([]byte(body), &out) != nil || len(out.Runs) != 1 {
		t.Fatalf("RunPipeline: %d %s", code, body)
	}
	br := newBrowser(t, b)
	br.signInRoot(b)
	path := "/console/pipelines/runs/" + strconv.FormatInt(out.Runs[0].ID, 10)
	var p page
	apprunnertest.Eventually(t, time.Minute, "the run to complete", func() bool {
		p = br.get(path)
		return strings.Contains(p.body, `s-completed`)
	})
	wantStatus(t, p, http.StatusOK)
	wantBody(t, p, "ci #1", "s-success", "Say hello", "&lt;b&gt;hello&lt;/b&gt; from ci", repo.Head())
	wantNotBody(t, p, "<b>hello</b>")
	p = br.get("/console/pipelines")
	wantBody(t, p, `href="`+path+`"`, "ci", "push", repo.Head()[:8])
}
