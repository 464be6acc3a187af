package secretsmanager_test

import (
	"bytes"
	"io"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/secretsmanager"
	"github.com/berth-dev/berth/internal/store"
)

var arnRE = regexp.MustCompile(`^arn:aws:secretsmanager:us-east-1:000000000000:secret:db/pass-[A-Za-z0-9]{6}$`)

func TestCreateAndGetByNameAndARNs(t *testing.T) {
	h := newHarness(t)
	var c secretsmanager.CreateSecretOutput
	h.must("CreateSecret", obj{"Name": "db/pass", "SecretString": "hunter2", "Description": "the db",
		"Tags": []obj{{"Key": "team", "Value": "web"}}}, &c)
	if !arnRE.MatchString(c.ARN) || c.Name != "db/pass" || len(c.VersionID) != 36 {
		t.Fatalf("CreateSecret = %+v", c)
	}
	partial := strings.TrimSuffix(c.ARN, c.ARN[len(c.ARN)-7:])
	for _, id := range []string{"db/pass", c.ARN, partial} {
		var g secretsmanager.GetSecretValueOutput
		h.must("GetSecretValue", obj{"SecretId": id}, &g)
		if g.SecretString == nil || *g.SecretString != "hunter2" || g.ARN != c.ARN || g.VersionID != c.VersionID ||
			len(g.VersionStages) != 1 || g.VersionStages[0] != "AWSCURRENT" || g.CreatedDate == 0 {
			t.Fatalf("GetSecretValue(%s) = %+v", id, g)
		}
	}
	// A full ARN with another suffix, another account or an unknown name is not found.
	for _, id := range []string{partial + "-AAAAAA", strings.Replace(c.ARN, "000000000000", "111111111111", 1), "nope"} {
		h.wantErr("GetSecretValue", obj{"SecretId": id}, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
	}
	var d secretsmanager.DescribeSecretOutput
	h.must("DescribeSecret", obj{"SecretId": partial}, &d)
	if d.ARN != c.ARN || d.Description != "the db" || len(d.Tags) != 1 || d.Tags[0].Value != "web" ||
		d.VersionIdsToStages[c.VersionID][0] != "AWSCURRENT" || d.CreatedDate == 0 || d.LastAccessedDate == 0 {
		t.Fatalf("DescribeSecret = %+v", d)
	}
}

func TestCreateErrors(t *testing.T) {
	h := newHarness(t)
	h.must("CreateSecret", obj{"Name": "taken", "SecretString": "x"}, nil)
	h.wantErr("CreateSecret", obj{"Name": "taken", "SecretString": "y"}, "ResourceExistsException",
		"The operation failed because the secret taken already exists.")
	h.wantErr("CreateSecret", obj{"Name": "both", "SecretString": "x", "SecretBinary": []byte{1}}, "InvalidParameterException",
		"You can't specify both a binary secret value and a string secret value in the same secret.")
	h.wantErr("CreateSecret", obj{"Name": "bad name!?"}, "ValidationException", "")
	h.wantErr("CreateSecret", obj{"Name": strings.Repeat("n", 513)}, "ValidationException", "")
	h.wantErr("CreateSecret", obj{"SecretString": "x"}, "ValidationException",
		"1 validation error detected: Value null at 'Name' failed to satisfy constraint: Member must not be null")
	h.wantErr("CreateSecret", obj{"Name": "short-token", "SecretString": "x", "ClientRequestToken": "abc"}, "ValidationException", "")
	h.wantErr("CreateSecret", obj{"Name": "big", "SecretString": strings.Repeat("x", 65537)}, "ValidationException", "")
	h.wantErr("CreateSecret", obj{"Name": 7}, "SerializationException", "")
	// Nothing was created by the failed calls.
	var l secretsmanager.ListSecretsOutput
	h.must("ListSecrets", obj{}, &l)
	if len(l.SecretList) != 1 || l.SecretList[0].Name != "taken" {
		t.Fatalf("ListSecrets after failures = %+v", l.SecretList)
	}
}

func TestEmptyAndBinarySecrets(t *testing.T) {
	h := newHarness(t)
	var c secretsmanager.CreateSecretOutput
	h.must("CreateSecret", obj{"Name": "empty"}, &c)
	if c.VersionID != "" {
		t.Fatalf("empty secret got a version: %+v", c)
	}
	h.wantErr("GetSecretValue", obj{"SecretId": "empty"}, "ResourceNotFoundException",
		"Secrets Manager can't find the specified secret value for staging label: AWSCURRENT")
	bin := []byte{0, 1, 2, 255}
	h.must("PutSecretValue", obj{"SecretId": "empty", "SecretBinary": bin}, nil)
	var g secretsmanager.GetSecretValueOutput
	h.must("GetSecretValue", obj{"SecretId": "empty"}, &g)
	if !bytes.Equal(g.SecretBinary, bin) || g.SecretString != nil {
		t.Fatalf("binary round trip = %+v", g)
	}
	h.wantErr("PutSecretValue", obj{"SecretId": "empty"}, "InvalidRequestException", "You must provide either SecretString or SecretBinary.")
	h.wantErr("PutSecretValue", obj{"SecretId": "missing", "SecretString": "x"}, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
}

func TestClientRequestTokenIdempotency(t *testing.T) {
	h := newHarness(t)
	tok := "11111111-2222-3333-4444-555555555555"
	var a, b secretsmanager.CreateSecretOutput
	h.must("CreateSecret", obj{"Name": "idem", "SecretString": "v1", "ClientRequestToken": tok}, &a)
	h.must("CreateSecret", obj{"Name": "idem", "SecretString": "v1", "ClientRequestToken": tok}, &b)
	if a != b || a.VersionID != tok {
		t.Fatalf("retried CreateSecret = %+v, first %+v", b, a)
	}
	h.wantErr("CreateSecret", obj{"Name": "idem", "SecretString": "v2", "ClientRequestToken": tok}, "ResourceExistsException", "")

	tok2 := "21111111-2222-3333-4444-555555555555"
	var p1, p2 secretsmanager.PutSecretValueOutput
	h.must("PutSecretValue", obj{"SecretId": "idem", "SecretString": "v2", "ClientRequestToken": tok2}, &p1)
	h.must("PutSecretValue", obj{"SecretId": "idem", "SecretString": "v2", "ClientRequestToken": tok2}, &p2)
	if p1.VersionID != tok2 || p2.VersionID != tok2 {
		t.Fatalf("PutSecretValue retries = %+v, %+v", p1, p2)
	}
	h.wantErr("PutSecretValue", obj{"SecretId": "idem", "SecretString": "v3", "ClientRequestToken": tok2}, "ResourceExistsException",
		"You can't modify an existing version, you can only create a new version.")
	var vs secretsmanager.ListSecretVersionIdsOutput
	h.must("ListSecretVersionIds", obj{"SecretId": "idem", "IncludeDeprecated": true}, &vs)
	if len(vs.Versions) != 2 {
		t.Fatalf("versions after retries = %+v", vs.Versions)
	}
}

func TestSecretsSurviveRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "berth.db")
	root := &awsapi.Principal{Kind: awsapi.Root, Account: account, ARN: "arn:aws:iam::000000000000:root"}
	open := func() (*store.Store, *awsapi.Handler) {
		st, err := store.Open(bg, path)
		if err != nil {
			t.Fatal(err)
		}
		reg := awsapi.NewRegistry()
		reg.Register(secretsmanager.New(st, region, account).Service())
		return st, &awsapi.Handler{Registry: reg, Authorizer: awsapi.AllowAll{}, Account: account, Region: region,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	}
	st, h := open()
	out, err := h.Invoke(bg, root, "secretsmanager", "CreateSecret", &secretsmanager.CreateSecretInput{Name: "kept", SecretString: "v"})
	if err != nil {
		t.Fatal(err)
	}
	arn := out.(*secretsmanager.CreateSecretOutput).ARN
	st.Close()
	st, h = open()
	defer st.Close()
	got, err := h.Invoke(bg, root, "secretsmanager", "GetSecretValue", &secretsmanager.GetSecretValueInput{SecretID: arn})
	if err != nil {
		t.Fatal(err)
	}
	if g := got.(*secretsmanager.GetSecretValueOutput); *g.SecretString != "v" || g.ARN != arn {
		t.Fatalf("after restart = %+v", g)
	}
}
