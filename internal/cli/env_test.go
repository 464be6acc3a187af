package cli

import (
	"bytes"
	"strings"
	"testing"
)

func TestEnvPrintsExports(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Execute([]string{"env", "--data", "/tmp/my data", "--endpoint", "http://127.0.0.1:9999"}, &out, &errb); code != 0 {
		t.Fatalf("%d %s", code, errb.String())
	}
	for _, want := range []string{"export AWS_ENDPOINT_URL=http://127.0.0.1:9999\n", "export AWS_SHARED_CREDENTIALS_FILE='/tmp/my data/credentials'\n", "export AWS_PROFILE=berth\n"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("missing %q in\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := Execute([]string{"env", "--output", "json"}, &out, &errb); code != 0 || !strings.Contains(out.String(), `"AWS_PROFILE": "berth"`) {
		t.Fatalf("json: %d %s", code, out.String())
	}
	if code := Execute([]string{"env", "--output", "yaml"}, &out, &errb); code != 2 {
		t.Fatalf("bad output accepted: %d", code)
	}
}
