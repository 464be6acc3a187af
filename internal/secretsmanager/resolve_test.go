package secretsmanager_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/secretsmanager"
)

func TestParseReference(t *testing.T) {
	base := "arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf"
	cases := []struct {
		ref  string
		want secretsmanager.Reference
	}{
		{base, secretsmanager.Reference{SecretID: base}},
		{base + ":password::", secretsmanager.Reference{SecretID: base, JSONKey: "password"}},
		{base + "::AWSPREVIOUS:", secretsmanager.Reference{SecretID: base, VersionStage: "AWSPREVIOUS"}},
		{base + ":k:AWSCURRENT:0123", secretsmanager.Reference{SecretID: base, JSONKey: "k", VersionStage: "AWSCURRENT", VersionID: "0123"}},
		{"plain-name", secretsmanager.Reference{SecretID: "plain-name"}},
	}
	for _, c := range cases {
		got, err := secretsmanager.ParseReference(c.ref)
		if err != nil || got != c.want {
			t.Errorf("ParseReference(%q) = %+v, %v; want %+v", c.ref, got, err, c.want)
		}
	}
	for _, bad := range []string{"", base + ":a:b:c:d", "arn:aws:ssm:us-east-1:000000000000:parameter/x", "arn:aws:secretsmanager:us-east-1:000000000000:secret:"} {
		if _, err := secretsmanager.ParseReference(bad); err == nil {
			t.Errorf("ParseReference(%q) accepted", bad)
		}
	}
	if !secretsmanager.IsARN(base) || secretsmanager.IsARN("arn:aws:ssm:us-east-1:000000000000:parameter/x") || secretsmanager.IsARN("/x") {
		t.Error("IsARN")
	}
}

func TestResolve(t *testing.T) {
	h := newHarness(t)
	var c secretsmanager.CreateSecretOutput
	h.must("CreateSecret", obj{"Name": "db", "SecretString": `{"user":"admin","password":"p1","port":5432,"opts":{"ssl":true}}`}, &c)
	var p secretsmanager.PutSecretValueOutput
	h.must("PutSecretValue", obj{"SecretId": "db", "SecretString": `{"user":"admin","password":"p2"}`}, &p)
	h.must("CreateSecret", obj{"Name": "plain", "SecretString": "just-text"}, nil)
	h.must("CreateSecret", obj{"Name": "bin", "SecretBinary": []byte{1, 2}}, nil)
	partial := c.ARN[:len(c.ARN)-7]
	ctx := context.Background()
	cases := map[string]string{
		c.ARN:                               `{"user":"admin","password":"p2"}`,
		c.ARN + ":password::":               "p2",
		partial + ":password::":             "p2",
		c.ARN + ":password:AWSPREVIOUS:":    "p1",
		c.ARN + ":password::" + c.VersionID: "p1",
		c.ARN + ":port:AWSPREVIOUS:":        "5432",
		c.ARN + ":opts:AWSPREVIOUS:":        `{"ssl":true}`,
		"plain":                             "just-text",
		c.ARN[:strings.LastIndex(c.ARN, ":")+1] + "plain": "just-text",
	}
	for ref, want := range cases {
		got, err := h.API.Resolve(ctx, ref)
		if err != nil || got != want {
			t.Errorf("Resolve(%s) = %q, %v; want %q", ref, got, err, want)
		}
	}
	for _, bad := range []string{c.ARN + ":missing::", partial[:len(partial)-2] + "plain:key::", "bin", "nope", c.ARN + "::nostage:"} {
		if got, err := h.API.Resolve(ctx, bad); err == nil {
			t.Errorf("Resolve(%s) = %q, want an error", bad, got)
		}
	}
	h.must("DeleteSecret", obj{"SecretId": "plain"}, nil)
	if _, err := h.API.Resolve(ctx, "plain"); err == nil || !strings.Contains(err.Error(), "marked for deletion") {
		t.Errorf("Resolve of a deleted secret: %v", err)
	}

	// ResolveAll hands what is not a Secrets Manager ARN to the next resolver.
	ssm := func(_ context.Context, refs map[string]string) (map[string]string, error) {
		out := map[string]string{}
		for k, r := range refs {
			if !strings.HasPrefix(r, "arn:aws:ssm:") {
				return nil, errors.New("ssm: not a parameter " + r)
			}
			out[k] = "ssm-value"
		}
		return out, nil
	}
	got, err := h.API.ResolveAll(ssm)(ctx, map[string]string{"DB_PASSWORD": c.ARN + ":password::",
		"TOKEN": "arn:aws:ssm:us-east-1:000000000000:parameter/token"})
	if err != nil || got["DB_PASSWORD"] != "p2" || got["TOKEN"] != "ssm-value" || len(got) != 2 {
		t.Fatalf("ResolveAll = %v, %v", got, err)
	}
	if _, err := h.API.ResolveAll(nil)(ctx, map[string]string{"X": "/param"}); err == nil {
		t.Fatal("ResolveAll without a next resolver accepted an SSM reference")
	}
	if _, err := h.API.ResolveAll(ssm)(ctx, map[string]string{"X": c.ARN + ":missing::"}); err == nil || !strings.Contains(err.Error(), "secret X") {
		t.Fatalf("ResolveAll error = %v", err)
	}
}
