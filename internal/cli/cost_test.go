package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/cost"
)

// seedTemplatePath is the article's App Runner template.
const seedTemplatePath = "../../testdata/seed/aws/app-template.yaml"

func runBerth(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Execute(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCostTable(t *testing.T) {
	code, out, errOut := runBerth("cost", seedTemplatePath)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"as published by AWS at https://aws.amazon.com/apprunner/pricing/, checked on " + cost.Published.CheckedOn,
		"$0.064 per vCPU-hour + $0.007 per GB-hour",
		"1 request per second on average, 100 ms each, 8 h a day",
		"Service AppRunner: 1 vCPU, 2 GB",
		"automatic deployments off",
		"active compute", "$18.98", "provisioned memory", "$6.81", "builds", "$0.20",
		"Total per month: $25.99",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestCostJSON(t *testing.T) {
	// Flags after the template, as people type them.
	code, out, errOut := runBerth("cost", seedTemplatePath, "--output", "json",
		"--requests-per-second", "400", "--latency-ms", "250", "--active-hours-per-day", "24",
		"--deploys-per-month", "10", "--build-minutes", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r cost.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	// Concurrency 100 fits one instance of 100: 730 h × 0.078 = 56.94,
	// never idle; 10 × 3 build-minutes × 0.005 = 0.15.
	want := cost.Profile{RequestsPerSecond: 400, ActiveHoursPerDay: 24, LatencyMS: 250, DeploysPerMonth: 10, BuildMinutesPerDeploy: 3}
	if r.Profile != want || r.Monthly != 57.09 || len(r.Services) != 1 || r.Services[0].ActiveInstances != 1 {
		t.Fatalf("report = %+v", r)
	}
	if r.PricesCheckedOn != cost.Published.CheckedOn || r.Prices.Region != "us-east-1" || !r.PricesKnown {
		t.Fatalf("prices = %+v, checked %s", r.Prices, r.PricesCheckedOn)
	}
}

func TestCostQuietAndRegion(t *testing.T) {
	code, out, errOut := runBerth("cost", "-q", seedTemplatePath)
	if code != 0 || out != "25.99\n" {
		t.Fatalf("exit %d, out %q: %s", code, out, errOut)
	}
	t.Setenv("BERTH_REGION", "ap-northeast-1")
	code, out, _ = runBerth("cost", seedTemplatePath)
	if code != 0 || !strings.Contains(out, "prices for ap-northeast-1 not known; using us-east-1") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

func TestCostParameterOverrides(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.yaml")
	body := `Parameters:
  Size:
    Type: String
    Default: 1 vCPU
  Memory:
    Type: String
Resources:
  Web:
    Type: AWS::AppRunner::Service
    Properties:
      SourceConfiguration:
        ImageRepository: {ImageIdentifier: nginx, ImageRepositoryType: ECR_PUBLIC}
      InstanceConfiguration: {Cpu: !Ref Size, Memory: !Ref Memory}
`
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runBerth("cost", "--parameter-overrides", "Size=2 vCPU", "Memory=4 GB", "--output", "json", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r cost.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if s := r.Services[0]; s.VCPU != 2 || s.MemoryGB != 4 || s.AutomaticDeployments {
		t.Fatalf("service = %+v", s)
	}
}

func TestCostErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("Resources:\n  Svc:\n    Type: AWS::AppRunner::Service\n    Properties:\n      ServiceName: !Ref Missing\n"), 0o644)
	size := filepath.Join(dir, "size.yaml")
	os.WriteFile(size, []byte("Resources:\n  Svc:\n    Type: AWS::AppRunner::Service\n    Properties:\n      InstanceConfiguration: {Cpu: 3 vCPU}\n"), 0o644)
	cases := []struct {
		name string
		args []string
		code int
		want string // in stderr
	}{
		{"bad template", []string{bad}, 1, "line 5: Template format error: Unresolved resource dependencies [Missing]"},
		{"bad size", []string{size}, 1, `instance Cpu "3 vCPU": invalid instance size`},
		{"missing file", []string{filepath.Join(dir, "nope.yaml")}, 1, "no such file"},
		{"no template", nil, 2, "want one TEMPLATE file"},
		{"two templates", []string{bad, size}, 2, "got 2 arguments"},
		{"bad output", []string{"--output", "yaml", bad}, 2, `--output "yaml"`},
		{"bad override", []string{bad, "--parameter-overrides=novalue"}, 2, "want KEY=VALUE"},
		{"negative rate", []string{"--requests-per-second", "-1", bad}, 2, "invalid traffic profile"},
		{"too many hours", []string{"--active-hours-per-day", "30", bad}, 2, "a day has 24 hours"},
		// Flag parse errors exit 1 like every berth command (Execute decides).
		{"unknown flag", []string{"--bogus", bad}, 1, "flag provided but not defined"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := runBerth(append([]string{"cost"}, c.args...)...)
			if code != c.code || !strings.Contains(errOut, c.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d with %q", code, errOut, c.code, c.want)
			}
		})
	}
}

func TestCostHelpShowsExample(t *testing.T) {
	code, _, errOut := runBerth("cost", "--help")
	if code != 0 || !strings.Contains(errOut, "Example:\n  berth cost aws/app-template.yaml") || !strings.Contains(errOut, "-parameter-overrides KEY=VALUE") {
		t.Fatalf("exit %d:\n%s", code, errOut)
	}
}

func TestSplitOverrides(t *testing.T) {
	cases := []struct {
		args, rest, pairs []string
	}{
		{[]string{"t.yaml"}, []string{"t.yaml"}, nil},
		{[]string{"--parameter-overrides", "A=1", "B=x y", "t.yaml"}, []string{"t.yaml"}, []string{"A=1", "B=x y"}},
		{[]string{"t.yaml", "-parameter-overrides", "A=1", "--output", "json"}, []string{"t.yaml", "--output", "json"}, []string{"A=1"}},
		{[]string{"--parameter-overrides=A=1", "B=2"}, nil, []string{"A=1", "B=2"}},
		{[]string{"A=1", "t.yaml"}, []string{"A=1", "t.yaml"}, nil},
	}
	for _, c := range cases {
		rest, pairs := splitOverrides(c.args)
		if !reflect.DeepEqual(rest, c.rest) || !reflect.DeepEqual(pairs, c.pairs) {
			t.Errorf("splitOverrides(%q) = %q, %q; want %q, %q", c.args, rest, pairs, c.rest, c.pairs)
		}
	}
}
