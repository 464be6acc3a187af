package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/berth-dev/berth/internal/oidc"
	"github.com/berth-dev/berth/internal/pipeline"
	"github.com/berth-dev/berth/internal/pipeline/records"
	"github.com/berth-dev/berth/internal/pipeline/runner"
	"github.com/berth-dev/berth/internal/servertest"
	"github.com/berth-dev/berth/internal/store"
)

// seedAppRepo is a git repository holding the seed's app team files
// (workflow, pre-commit config, app/, aws/), committed on main.
type seedAppRepo struct {
	t   testing.TB
	dir string
}

func newSeedAppRepo(t testing.TB) *seedAppRepo {
	t.Helper()
	r := &seedAppRepo{t: t, dir: filepath.Join(t.TempDir(), "shop")}
	src := filepath.Join("..", "..", "testdata", "seed")
	if err := os.MkdirAll(r.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{".github", ".pre-commit-config.yaml", "app", "aws"} {
		if out, err := exec.Command("cp", "-r", filepath.Join(src, p), filepath.Join(r.dir, p)).CombinedOutput(); err != nil {
			t.Fatalf("copy seed %s: %v %s", p, err, out)
		}
	}
	r.git("init", "-q", "-b", "main")
	r.git("add", "-A")
	r.git("commit", "-q", "-m", "the seed app")
	return r
}

func (r *seedAppRepo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=dev", "GIT_AUTHOR_EMAIL=dev@example.com",
		"GIT_COMMITTER_NAME=dev", "GIT_COMMITTER_EMAIL=dev@example.com")
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %v: %v %s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func (r *seedAppRepo) head() string { return r.git("rev-parse", "HEAD") }

// commit writes files (relative path → content) and commits them.
func (r *seedAppRepo) commit(msg string, files map[string]string) string {
	r.t.Helper()
	for p, c := range files {
		full := filepath.Join(r.dir, p)
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	r.git("add", "-A")
	r.git("commit", "-q", "-m", msg)
	return r.head()
}

// pipelineMinter mints GitHub-issuer tokens with the server's built-in
// issuer key, as the lead's minter will through the berth API.
func pipelineMinter(t testing.TB, b *servertest.Berth) runner.TokenMinter {
	t.Helper()
	key, err := oidc.LoadOrCreateKey(filepath.Join(b.Dir, "oidc", "issuer-key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	iss, err := oidc.NewIssuer(b.Endpoint+"/_berth/oidc", key)
	if err != nil {
		t.Fatal(err)
	}
	return runner.TokenMinterFunc(func(_ context.Context, c oidc.Claims) (string, error) {
		c.Issuer = oidc.GitHubIssuer
		return iss.Mint(c, 0)
	})
}

// startPipelines runs a pipeline service against b with the seed repo
// registered as acme/shop and the seed's secrets.
func startPipelines(t testing.TB, b *servertest.Berth, repoDir string, mods ...func(*pipeline.Config)) *pipeline.Service {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "pipelines.db"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := pipeline.Config{Store: st, WorkDir: filepath.Join(dir, "work"), Minter: pipelineMinter(t, b), AWSEndpoint: b.Endpoint}
	for _, m := range mods {
		m(&cfg)
	}
	s := pipeline.New(cfg)
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		s.Stop(c)
		st.Close()
	})
	_, err = s.Register(ctx, records.Pipeline{Name: "shop", RepoDir: repoDir, Repository: seedRepo, Secrets: map[string]string{
		"AWS_REGION": "us-east-1", "AWS_ROLE_ARN": roleARN,
		"GH_CONN_ARN": "arn:aws:apprunner:us-east-1:000000000000:connection/github/0123456789abcdef",
	}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// runAndWait triggers ev and waits for its single run.
func runAndWait(t testing.TB, s *pipeline.Service, ev pipeline.Event) (*pipeline.RunDetail, string) {
	t.Helper()
	runs, err := s.Trigger(ctx, "shop", ev)
	if err != nil || len(runs) != 1 {
		t.Fatalf("trigger %+v: %v %v", ev, runs, err)
	}
	wctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	if _, err := s.Wait(wctx, runs[0].ID); err != nil {
		t.Fatal(err)
	}
	d, err := s.GetRun(ctx, runs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	lines, _ := s.Logs(ctx, d.ID, 0)
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.Text + "\n")
	}
	return d, b.String()
}

// stepConclusions maps step names to outcome/conclusion.
func stepConclusions(d *pipeline.RunDetail) map[string]string {
	out := map[string]string{}
	for _, s := range d.Steps {
		out[s.Name] = s.Outcome + "/" + s.Conclusion
	}
	return out
}

// trailEvents returns the audit events named name (all when "").
func trailEvents(t testing.TB, b *servertest.Berth, key cttypes.LookupAttributeKey, value string) []cttypes.Event {
	t.Helper()
	ct := cloudtrail.NewFromConfig(b.RootConfig())
	in := &cloudtrail.LookupEventsInput{LookupAttributes: []cttypes.LookupAttribute{{AttributeKey: key, AttributeValue: aws.String(value)}}}
	var out []cttypes.Event
	for {
		page, err := ct.LookupEvents(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.Events...)
		if page.NextToken == nil {
			return out
		}
		in.NextToken = page.NextToken
	}
}
