package secretsmanager_test

import (
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/secretsmanager"
)

// FuzzParseReference: any string either fails or splits into parts that
// put back together give the reference again (names have no parts), and
// the secret id of an ARN is itself a plain secret ARN.
func FuzzParseReference(f *testing.F) {
	base := "arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf"
	for _, s := range []string{base, base + ":password::", base + "::AWSPREVIOUS:", base + ":k:AWSCURRENT:v1",
		"db", "", ":", "arn:aws:ssm:us-east-1:0:parameter/x", base + ":a:b:c:d", "arn:aws:secretsmanager:::secret:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		r, err := secretsmanager.ParseReference(ref)
		if err != nil {
			return
		}
		if !secretsmanager.IsARN(ref) {
			if r != (secretsmanager.Reference{SecretID: ref}) {
				t.Fatalf("name %q parsed as %+v", ref, r)
			}
			return
		}
		back := r.SecretID
		if r.JSONKey != "" || r.VersionStage != "" || r.VersionID != "" {
			back += ":" + r.JSONKey + ":" + r.VersionStage + ":" + r.VersionID
		}
		if strings.TrimRight(back, ":") != strings.TrimRight(ref, ":") {
			t.Fatalf("%q parsed as %+v, which gives back %q", ref, r, back)
		}
		again, err := secretsmanager.ParseReference(r.SecretID)
		if err != nil || again != (secretsmanager.Reference{SecretID: r.SecretID}) {
			t.Fatalf("the secret id %q of %q does not parse alone: %+v, %v", r.SecretID, ref, again, err)
		}
	})
}
