package secretsmanager_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestCLI drives the service with the AWS CLI (botocore's own model of
// Secrets Manager), as a developer would.
func TestCLI(t *testing.T) {
	h := newHarness(t)
	out, errOut, code := h.aws("secretsmanager", "create-secret", "--name", "cli/db", "--secret-string", `{"password":"pw1"}`,
		"--description", "from the CLI", "--tags", "Key=team,Value=web")
	if code != 0 {
		t.Fatalf("create-secret: %d %s", code, errOut)
	}
	var c struct{ ARN, Name, VersionId string }
	if err := json.Unmarshal([]byte(out), &c); err != nil || !strings.HasPrefix(c.ARN, "arn:aws:secretsmanager:us-east-1:000000000000:secret:cli/db-") || c.VersionId == "" {
		t.Fatalf("create-secret output %s (%v)", out, err)
	}
	_, errOut, code = h.aws("secretsmanager", "put-secret-value", "--secret-id", c.ARN, "--secret-string", `{"password":"pw2"}`)
	if code != 0 {
		t.Fatalf("put-secret-value: %d %s", code, errOut)
	}
	out, errOut, code = h.aws("secretsmanager", "get-secret-value", "--secret-id", "cli/db", "--version-stage", "AWSPREVIOUS",
		"--query", "SecretString", "--output", "text")
	if code != 0 || strings.TrimSpace(out) != `{"password":"pw1"}` {
		t.Fatalf("get-secret-value: %d %q %s", code, out, errOut)
	}
	out, errOut, code = h.aws("secretsmanager", "get-secret-value", "--secret-id", c.ARN)
	var g struct {
		SecretString  string
		VersionStages []string
		CreatedDate   float64
	}
	if code != 0 || json.Unmarshal([]byte(out), &g) != nil || g.SecretString != `{"password":"pw2"}` || g.CreatedDate == 0 {
		t.Fatalf("get-secret-value (json): %d %s %s", code, out, errOut)
	}
	out, errOut, code = h.aws("secretsmanager", "describe-secret", "--secret-id", c.ARN[:len(c.ARN)-7])
	if code != 0 || !strings.Contains(out, `"Description": "from the CLI"`) || !strings.Contains(out, "AWSPREVIOUS") {
		t.Fatalf("describe-secret: %d %s %s", code, out, errOut)
	}
	out, errOut, code = h.aws("secretsmanager", "list-secrets", "--filters", "Key=name,Values=cli/")
	if code != 0 || !strings.Contains(out, c.ARN) {
		t.Fatalf("list-secrets: %d %s %s", code, out, errOut)
	}
	_, errOut, code = h.aws("secretsmanager", "get-secret-value", "--secret-id", "missing")
	if code == 0 || !strings.Contains(errOut, "ResourceNotFoundException") || !strings.Contains(errOut, "Secrets Manager can't find the specified secret.") {
		t.Fatalf("get-secret-value of a missing secret: %d %s", code, errOut)
	}
	out, errOut, code = h.aws("secretsmanager", "delete-secret", "--secret-id", "cli/db", "--recovery-window-in-days", "7")
	if code != 0 || !strings.Contains(out, "DeletionDate") {
		t.Fatalf("delete-secret: %d %s %s", code, out, errOut)
	}
	_, errOut, code = h.aws("secretsmanager", "get-secret-value", "--secret-id", "cli/db")
	if code == 0 || !strings.Contains(errOut, "InvalidRequestException") || !strings.Contains(errOut, "marked for deletion") {
		t.Fatalf("get-secret-value of a deleted secret: %d %s", code, errOut)
	}
	if _, errOut, code = h.aws("secretsmanager", "restore-secret", "--secret-id", "cli/db"); code != 0 {
		t.Fatalf("restore-secret: %d %s", code, errOut)
	}
	if _, errOut, code = h.aws("secretsmanager", "delete-secret", "--secret-id", "cli/db", "--force-delete-without-recovery"); code != 0 {
		t.Fatalf("delete-secret --force-delete-without-recovery: %d %s", code, errOut)
	}
	if _, _, code = h.aws("secretsmanager", "describe-secret", "--secret-id", "cli/db"); code == 0 {
		t.Fatal("describe-secret found a force-deleted secret")
	}
	out, errOut, code = h.aws("secretsmanager", "get-random-password", "--password-length", "20", "--exclude-punctuation")
	if code != 0 || !strings.Contains(out, "RandomPassword") {
		t.Fatalf("get-random-password: %d %s %s", code, out, errOut)
	}
}
