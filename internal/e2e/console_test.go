package e2e

import (
	"bytes"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ar "github.com/aws/aws-sdk-go-v2/service/apprunner"

	"github.com/berth-dev/berth/internal/apprunner/apprunnertest"
	"github.com/berth-dev/berth/internal/servertest"
)

// consoleUser is a browser on berth's console: a cookie jar, redirects
// not followed so the test sees them.
type consoleUser struct {
	t    *testing.T
	c    *http.Client
	base string
}

func newConsoleUser(t *testing.T, b *servertest.Berth) *consoleUser {
	jar, _ := cookiejar.New(nil)
	return &consoleUser{t: t, base: b.Endpoint, c: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (u *consoleUser) send(req *http.Request) (int, string, string) {
	u.t.Helper()
	resp, err := u.c.Do(req)
	if err != nil {
		u.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header.Get("Location")
}

func (u *consoleUser) get(path string) (int, string) {
	u.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u.base+path, nil)
	code, body, _ := u.send(req)
	return code, body
}

// post submits a console form; origin "" sends no Origin header.
func (u *consoleUser) post(path, origin string, form url.Values) (int, string, string) {
	u.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, u.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	return u.send(req)
}

var consoleCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// operationTypes lists a service's operations, newest first, "TYPE STATUS".
func operationTypes(t *testing.T, b *servertest.Berth, arn string) []string {
	t.Helper()
	out, err := ar.NewFromConfig(b.RootConfig()).ListOperations(ctx, &ar.ListOperationsInput{ServiceArn: aws.String(arn)})
	if err != nil {
		t.Fatal(err)
	}
	var ops []string
	for _, o := range out.OperationSummaryList {
		ops = append(ops, string(o.Type)+" "+string(o.Status))
	}
	return ops
}

// TestConsole is the team lead's view of a deployed service: signed in
// with `berth console`'s link, the service with its URLs, operations,
// commit and logs (a log line holding <script> shown as text), and its
// buttons: Deploy (CSRF-protected) starts a deployment, Pause and Resume.
func TestConsole(t *testing.T) {
	b := startAppRunner(t)
	repo := apprunnertest.NewRepo(t, apprunnertest.GoApp("v1<script>alert(1)</script>"))
	conn := createConnection(t, b)
	arn, id, svcURL := createService(t, b, serviceJSON(t, "console-app", repo.Dir, conn, "GO_1", "go build -o app .", "./app"))

	var out, errb bytes.Buffer
	if code := runBerth([]string{"console", "--endpoint", b.Endpoint, "--data", b.Dir}, &out, &errb); code != 0 {
		t.Fatalf("berth console: %d %s", code, errb.String())
	}
	link := strings.TrimSpace(out.String())
	u := newConsoleUser(t, b)
	if code, body := u.get(strings.TrimPrefix(link, b.Endpoint)); code != 200 || !strings.Contains(body, "Signed in") {
		t.Fatalf("sign-in link: %d\n%s", code, body)
	}

	code, body := u.get("/console/")
	page := "/console/services/console-app/" + id
	for _, want := range []string{`href="` + page + `"`, "RUNNING", `href="` + svcURL + `"`} {
		if code != 200 || !strings.Contains(body, want) {
			t.Fatalf("services page (%d) lacks %q:\n%s", code, want, body)
		}
	}

	head := repo.Head()
	escaped := "starting v1&lt;script&gt;alert(1)&lt;/script&gt; on port"
	apprunnertest.Eventually(t, 20*time.Second, "the app's output on the service page", func() bool {
		_, body = u.get(page)
		return strings.Contains(body, escaped)
	})
	httpPort := b.Ingress().HTTPAddr()[strings.LastIndexByte(b.Ingress().HTTPAddr(), ':'):]
	host := strings.TrimPrefix(svcURL, "https://")
	host = host[:strings.LastIndexByte(host, ':')]
	for _, want := range []string{svcURL, "http://" + host + httpPort, "CREATE_SERVICE", "SUCCEEDED", head[:12], repo.Dir,
		"go build -o app .", "./app", "GO_1", "Automatic deployments: off", "DefaultConfiguration", "p99 latency", "<polyline", "Successfully pulled your application source code"} {
		if !strings.Contains(body, want) {
			t.Fatalf("service page lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "<script>alert(1)") {
		t.Fatalf("a log line reached the page unescaped:\n%s", body)
	}
	token := consoleCSRF.FindStringSubmatch(body)[1]

	// CSRF: without the token, or from another origin, nothing starts.
	for _, c := range []struct {
		origin string
		form   url.Values
	}{{b.Endpoint, url.Values{}}, {"http://evil.example", url.Values{"csrf": {token}}}, {"", url.Values{"csrf": {token}}}} {
		if code, _, _ := u.post(page+"/deploy", c.origin, c.form); code != http.StatusForbidden {
			t.Fatalf("deploy with origin %q form %v: %d, want 403", c.origin, c.form, code)
		}
	}
	if ops := operationTypes(t, b, arn); len(ops) != 1 {
		t.Fatalf("a refused POST started something: %v", ops)
	}

	// Deploy: a new commit, the button, a START_DEPLOYMENT.
	v2 := repo.Commit(apprunnertest.GoApp("v2"), "v2")
	code, _, loc := u.post(page+"/deploy", b.Endpoint, url.Values{"csrf": {token}})
	if code != http.StatusSeeOther || loc != page {
		t.Fatalf("deploy: %d %q", code, loc)
	}
	if ops := operationTypes(t, b, arn); len(ops) != 2 || !strings.HasPrefix(ops[0], "START_DEPLOYMENT ") {
		t.Fatalf("operations after Deploy: %v", ops)
	}
	if _, body := u.get(page); !strings.Contains(body, "Deployment started (operation ") {
		t.Fatalf("no confirmation after Deploy:\n%s", body)
	}
	settled(t, b, arn)
	if op := lastOperation(t, b, arn); op != "START_DEPLOYMENT SUCCEEDED" {
		t.Fatalf("deployment: %s", op)
	}
	apprunnertest.Eventually(t, 10*time.Second, "the new commit on the page", func() bool {
		_, body = u.get(page)
		return strings.Contains(body, v2[:12]) && strings.Contains(body, "START_DEPLOYMENT")
	})

	// Pause, then Resume.
	for _, step := range []struct{ action, status, button string }{{"pause", "PAUSED", "/resume"}, {"resume", "RUNNING", "/pause"}} {
		if code, _, _ := u.post(page+"/"+step.action, b.Endpoint, url.Values{"csrf": {token}}); code != http.StatusSeeOther {
			t.Fatalf("%s: %d", step.action, code)
		}
		if s := settled(t, b, arn); string(s.Status) != step.status {
			t.Fatalf("after %s: %s", step.action, s.Status)
		}
		if _, body := u.get(page); !strings.Contains(body, `action="`+page+step.button+`"`) {
			t.Fatalf("after %s the page has no %s button:\n%s", step.action, step.button, body)
		}
	}

	// The console's calls are root's, in the audit trail.
	if _, body := u.get("/console/activity?attr=EventName&value=StartDeployment"); !strings.Contains(body, "<summary>StartDeployment</summary>") {
		t.Fatalf("activity:\n%s", body)
	}
	// The API on / is untouched by the console.
	if _, err := ar.NewFromConfig(b.RootConfig()).DescribeService(ctx, &ar.DescribeServiceInput{ServiceArn: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
}
