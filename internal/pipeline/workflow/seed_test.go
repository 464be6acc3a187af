package workflow

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/pipeline/expr"
)

// seedSource returns the article's workflow exactly as committed in
// testdata (the part before the golden separator).
func seedSource(t *testing.T) []byte {
	t.Helper()
	return seedSourceB(t)
}

func seedSourceB(t testing.TB) []byte {
	t.Helper()
	raw, err := os.ReadFile("testdata/workflows/seed_sync_main.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src, _, _ := bytes.Cut(raw, []byte(separator))
	return src
}

// TestSeedCopyIsVerbatim guards that the testdata copy is the seed file,
// byte for byte, when the shared seed is present on this machine.
func TestSeedCopyIsVerbatim(t *testing.T) {
	orig, err := os.ReadFile("/work/shared/seed/.github/workflows/sync-main.yaml")
	if err != nil {
		t.Skip("shared seed not available:", err)
	}
	if !bytes.Equal(orig, seedSource(t)) {
		t.Fatal("testdata/workflows/seed_sync_main.yaml differs from the seed workflow")
	}
}

func TestSeedWorkflowShape(t *testing.T) {
	w, err := Parse(".github/workflows/sync-main.yaml", seedSource(t))
	if err != nil {
		t.Fatal(err)
	}
	if !w.MatchesDispatch() || !w.MatchesPush("main", []string{"app/main.py"}) || w.MatchesPush("feature", nil) {
		t.Error("seed triggers: want workflow_dispatch and push to main only")
	}
	if w.Concurrency == nil || w.Concurrency.Group != "main" || w.Concurrency.CancelInProgress != (BoolOrExpr{}) {
		t.Errorf("concurrency = %+v", w.Concurrency)
	}
	job := w.Job("sync-main")
	if job == nil || len(job.Steps) != 8 || !job.Permissions.IDToken() || job.Permissions.Level("contents") != "read" {
		t.Fatalf("job = %+v", job)
	}
	var ids []string
	for _, s := range job.Steps {
		ids = append(ids, s.ID)
	}
	want := []string{"", "", "app-changed", "aws-changed", "creds", "aws-deployment", "install-aws-cli", ""}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("step ids = %q, want %q", ids, want)
	}
	filters, err := ParseFilters(job.Steps[2].With["filters"])
	if err != nil || !reflect.DeepEqual(filters, map[string][]string{"src": {"app/**"}}) {
		t.Errorf("app-changed filters = %v, %v", filters, err)
	}
	if got := job.Steps[0].DisplayName(); got != "Run actions/checkout@v3" {
		t.Errorf("display name = %q", got)
	}
	if got := job.Steps[7].DisplayName(); got != "Trigger App Runner deployment" {
		t.Errorf("display name = %q", got)
	}
}

// TestSeedRun simulates the seed job's control flow: paths-filter outputs
// come from MatchFilter on the changed files, every `if:` is evaluated with
// the steps context built so far, and skipped steps get outcome "skipped".
func TestSeedRun(t *testing.T) {
	w, err := Parse(".github/workflows/sync-main.yaml", seedSource(t))
	if err != nil {
		t.Fatal(err)
	}
	job := w.Job("sync-main")
	tests := []struct {
		name     string
		changed  []string
		failStep int // index of a step that fails, or -1
		want     string
	}{
		{"app only", []string{"app/main.py"}, -1, "checkout pre-commit app-changed aws-changed creds install-aws-cli trigger"},
		{"aws only", []string{"aws/app-template.yaml"}, -1, "checkout pre-commit app-changed aws-changed creds aws-deployment"},
		{"both", []string{"app/x", "aws/y"}, -1, "checkout pre-commit app-changed aws-changed creds aws-deployment install-aws-cli trigger"},
		{"neither", []string{"README.md"}, -1, "checkout pre-commit app-changed aws-changed"},
		{"pre-commit fails", []string{"app/x", "aws/y"}, 1, "checkout pre-commit"},
	}
	names := []string{"checkout", "pre-commit", "app-changed", "aws-changed", "creds", "aws-deployment", "install-aws-cli", "trigger"}
	for _, tt := range tests {
		steps := map[string]any{}
		ctx := &expr.Context{Values: map[string]any{
			"github":  map[string]any{"server_url": "https://github.com", "repository": "octo/app", "ref": "refs/heads/main"},
			"env":     w.Env,
			"secrets": map[string]any{"AWS_REGION": "eu-west-1", "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/deploy", "GH_CONN_ARN": "arn:conn"},
			"steps":   steps,
		}}
		var ran []string
		for i, s := range job.Steps {
			run, err := expr.EvalCondition(s.If, ctx)
			if err != nil {
				t.Fatalf("%s: step %d if %q: %v", tt.name, i, s.If, err)
			}
			result := map[string]any{"outcome": "skipped", "conclusion": "skipped", "outputs": map[string]any{}}
			if run {
				ran = append(ran, names[i])
				result["outcome"], result["conclusion"] = "success", "success"
				if f := s.With["filters"]; f != "" {
					filters, err := ParseFilters(f)
					if err != nil {
						t.Fatal(err)
					}
					result["outputs"] = map[string]any{"src": boolString(MatchFilter(filters["src"], tt.changed))}
				}
				for k, v := range s.With {
					if _, err := expr.Interpolate(v, ctx); err != nil {
						t.Fatalf("%s: with.%s: %v", tt.name, k, err)
					}
				}
				if i == tt.failStep {
					result["outcome"], result["conclusion"] = "failure", "failure"
					ctx.Status = expr.StatusFailure
				}
			}
			if s.ID != "" {
				steps[s.ID] = result
			}
		}
		if got := strings.Join(ran, " "); got != tt.want {
			t.Errorf("%s:\n ran  %s\n want %s", tt.name, got, tt.want)
		}
	}
}

func TestSeedInterpolation(t *testing.T) {
	w, err := Parse(".github/workflows/sync-main.yaml", seedSource(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx := &expr.Context{Values: map[string]any{
		"github":  map[string]any{"server_url": "https://github.com", "repository": "octo/app"},
		"env":     w.Env,
		"secrets": map[string]any{"AWS_REGION": "eu-west-1", "GH_CONN_ARN": "arn:aws:codestar-connections:eu-west-1:1:connection/x"},
	}}
	deploy := w.Job("sync-main").Steps[5]
	want := map[string]string{
		"name":                       "my-app",
		"template":                   "aws/app-template.yaml",
		"no-fail-on-empty-changeset": "1",
		"parameter-overrides":        "RepoUrl=https://github.com/octo/app, GithubConnArn=arn:aws:codestar-connections:eu-west-1:1:connection/x",
	}
	for k, v := range want {
		got, err := expr.Interpolate(deploy.With[k], ctx)
		if err != nil || got != v {
			t.Errorf("with.%s = %q, %v; want %q", k, got, err, v)
		}
	}
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
