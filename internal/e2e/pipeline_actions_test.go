package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/berth-dev/berth/internal/pipeline"
	"github.com/berth-dev/berth/internal/servertest"
)

const credsWorkflow = `name: creds
on: push
permissions:
  id-token: write
  contents: read
jobs:
  whoami:
    runs-on: ubuntu-latest
    steps:
      - id: creds
        uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-region: ${{ secrets.AWS_REGION }}
          role-to-assume: ${{ secrets.AWS_ROLE_ARN }}
          role-session-name: ci-${{ github.run_id }}
          output-credentials: true
      - uses: unfor19/install-aws-cli-action@v1
      - run: |
          echo "account=${{ steps.creds.outputs.aws-account-id }}"
          echo "key=$AWS_ACCESS_KEY_ID secret=${{ steps.creds.outputs.aws-secret-access-key }}"
          echo "region=$AWS_REGION/$AWS_DEFAULT_REGION endpoint-set=${AWS_ENDPOINT_URL:+yes}"
          aws sts get-caller-identity --query Arn --output text
  no-permission:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: aws-actions/configure-aws-credentials@v1
        with:
          aws-region: us-east-1
          role-to-assume: ${{ secrets.AWS_ROLE_ARN }}
`

// TestPipelineConfigureAWSCredentials assumes the seed's role from main
// with the run's OIDC token, then calls berth with the AWS CLI through the
// exported AWS_* variables; a job without id-token: write cannot.
func TestPipelineConfigureAWSCredentials(t *testing.T) {
	b := servertest.Start(t)
	applySeedPlatform(t, b)
	repo := newSeedAppRepo(t)
	os.WriteFile(filepath.Join(repo.dir, ".github", "workflows", "sync-main.yaml"), []byte(credsWorkflow), 0o644)
	c := repo.commit("creds workflow", nil)
	s := startPipelines(t, b, repo.dir)
	d, logs := runAndWait(t, s, pipeline.Event{Before: NullSHAForTest, After: c})
	if d.Conclusion != "failure" {
		t.Fatalf("conclusion %s\n%s", d.Conclusion, logs)
	}
	jobs := map[string]string{}
	for _, j := range d.Jobs {
		jobs[j.Key] = j.Conclusion
	}
	if jobs["whoami"] != "success" || jobs["no-permission"] != "failure" {
		t.Fatalf("jobs %v\n%s", jobs, logs)
	}
	arn := "arn:aws:sts::000000000000:assumed-role/github-access/ci-" + itoa(d.ID)
	for _, want := range []string{"account=000000000000", "key=*** secret=***", "region=***/*** endpoint-set=yes", arn,
		"AWS CLI already installed", "id-token: write"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
	var outputs map[string]string
	for _, st := range d.Steps {
		if st.Job == "whoami" && st.Index == 1 {
			outputs = st.Outputs
		}
	}
	if outputs["aws-account-id"] != "000000000000" || outputs["aws-secret-access-key"] != "***" || !strings.HasPrefix(outputs["aws-access-key-id"], "***") {
		t.Fatalf("recorded outputs %v", outputs)
	}
	ev := trailEvents(t, b, cttypes.LookupAttributeKeyEventName, "GetCallerIdentity")
	if len(ev) < 2 {
		t.Fatalf("GetCallerIdentity events: %d", len(ev))
	}
	if u := aws.ToString(ev[0].Username); u != "ci-"+itoa(d.ID) {
		t.Fatalf("caller %q", u)
	}
}

// NullSHAForTest is a first push's before.
const NullSHAForTest = pipeline.NullSHA

func itoa(n int64) string {
	return strconv.FormatInt(n, 10)
}
