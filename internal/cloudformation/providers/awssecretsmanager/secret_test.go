package awssecretsmanager

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/secretsmanager"
	"github.com/berth-dev/berth/internal/store"
)

var bg = context.Background()

// caller is a role session: its calls are authorized, unlike root's.
var caller = &awsapi.Principal{Kind: awsapi.AssumedRole, Account: "000000000000", RoleName: "deployer",
	ARN: "arn:aws:sts::000000000000:assumed-role/deployer/s"}

// authLog records the IAM questions asked, and denies the actions in deny.
type authLog struct {
	mu    sync.Mutex
	asked []string
	deny  map[string]bool
}

func (l *authLog) Authorize(_ context.Context, _ *awsapi.Call, a awsapi.Authorization) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.asked = append(l.asked, a.Action+" "+strings.Join(a.Resources, ","))
	if l.deny[a.Action] {
		return awsapi.Errorf("AccessDeniedException", "denied %s", a.Action)
	}
	return nil
}

type env struct {
	h    *awsapi.Handler
	api  *secretsmanager.API
	auth *authLog
}

func newEnv(t *testing.T) *env {
	t.Helper()
	st, err := store.Open(bg, filepath.Join(t.TempDir(), "berth.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	api := secretsmanager.New(st, "us-east-1", "000000000000")
	reg := awsapi.NewRegistry()
	reg.Register(api.Service())
	auth := &authLog{deny: map[string]bool{}}
	h := &awsapi.Handler{Registry: reg, Authorizer: auth, Account: "000000000000", Region: "us-east-1",
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	return &env{h: h, api: api, auth: auth}
}

func (e *env) request(logicalID string, props map[string]any) *provider.Request {
	return &provider.Request{Type: "AWS::SecretsManager::Secret", LogicalID: logicalID, Properties: props, StackName: "my-app",
		StackID: "arn:aws:cloudformation:us-east-1:000000000000:stack/my-app/1", ClientToken: "op-1",
		Region: "us-east-1", Account: "000000000000", NameSeed: "SEED12345678", Principal: caller, Invoker: e.h}
}

// value reads a secret's current value through the resolver.
func (e *env) value(t *testing.T, ref string) string {
	t.Helper()
	v, err := e.api.Resolve(bg, ref)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCreateUpdateDelete(t *testing.T) {
	e := newEnv(t)
	s := Secret{}
	props := map[string]any{"Name": "app/db", "Description": "db", "SecretString": "first",
		"Tags": []any{map[string]any{"Key": "team", "Value": "web"}, map[string]any{"Key": "old", "Value": "x"}}}
	res, err := s.Create(bg, e.request("Db", props))
	if err != nil {
		t.Fatal(err)
	}
	arn := res.PhysicalID
	if !strings.HasPrefix(arn, "arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db-") || len(arn) != len("arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db-")+6 || res.Attributes["Id"] != arn {
		t.Fatalf("Create = %+v", res)
	}
	if v := e.value(t, arn); v != "first" {
		t.Fatalf("value = %q", v)
	}
	if !strings.Contains(strings.Join(e.auth.asked, "\n"), "secretsmanager:CreateSecret "+arn) {
		t.Fatalf("CreateSecret was not authorized on the secret's ARN: %v", e.auth.asked)
	}

	// Update: a new value, a new description, tags changed.
	req := e.request("Db", map[string]any{"Name": "app/db", "Description": "db2", "SecretString": "second",
		"Tags": []any{map[string]any{"Key": "team", "Value": "api"}, map[string]any{"Key": "new", "Value": "y"}}})
	req.ClientToken = "op-2"
	req.PhysicalID, req.PreviousProperties = arn, props
	if _, err := s.Update(bg, req); err != nil {
		t.Fatal(err)
	}
	if v := e.value(t, arn); v != "second" {
		t.Fatalf("value after update = %q", v)
	}
	if v := e.value(t, arn+"::AWSPREVIOUS:"); v != "first" {
		t.Fatalf("previous value after update = %q", v)
	}
	d := e.describe(t, arn)
	if d.Description != "db2" || len(d.Tags) != 2 || d.Tags[0] != (secretsmanager.Tag{Key: "new", Value: "y"}) || d.Tags[1] != (secretsmanager.Tag{Key: "team", Value: "api"}) {
		t.Fatalf("after update: %+v", d)
	}
	// A retry of the same update changes nothing more.
	if _, err := s.Update(bg, req); err != nil {
		t.Fatal(err)
	}
	if n := len(e.describe(t, arn).VersionIdsToStages); n != 2 {
		t.Fatalf("retried update made versions: %d", n)
	}
	// Description only: no new version.
	req2 := e.request("Db", map[string]any{"Name": "app/db", "Description": "db3", "SecretString": "second"})
	req2.PhysicalID, req2.PreviousProperties, req2.ClientToken = arn, req.Properties, "op-3"
	if _, err := s.Update(bg, req2); err != nil {
		t.Fatal(err)
	}
	if v := e.value(t, arn+"::AWSPREVIOUS:"); v != "first" {
		t.Fatalf("a description change stored a value: previous = %q", v)
	}
	if r, err := s.Read(bg, req2); err != nil || r.PhysicalID != arn {
		t.Fatalf("Read = %+v, %v", r, err)
	}

	del := e.request("Db", req2.Properties)
	del.PhysicalID = arn
	if err := s.Delete(bg, del); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Read(bg, del); !errors.Is(err, provider.ErrNotFound) {
		t.Fatalf("Read after delete: %v", err)
	}
	// Deleted without a recovery window: the name is free at once.
	if _, err := s.Create(bg, e.request("Db", props)); err != nil {
		t.Fatalf("recreate after delete: %v", err)
	}
	if err := s.Delete(bg, &provider.Request{PhysicalID: arn, Principal: caller, Invoker: e.h}); err != nil {
		t.Fatalf("Delete of a gone secret: %v", err)
	}
}

func (e *env) describe(t *testing.T, arn string) *secretsmanager.DescribeSecretOutput {
	t.Helper()
	out, err := e.h.Invoke(bg, caller, "secretsmanager", "DescribeSecret", &secretsmanager.SecretIDInput{SecretID: arn})
	if err != nil {
		t.Fatal(err)
	}
	return out.(*secretsmanager.DescribeSecretOutput)
}

func TestGeneratedNameAndReplacementSchema(t *testing.T) {
	e := newEnv(t)
	res, err := Secret{}.Create(bg, e.request("ApiKey", map[string]any{"SecretString": "k"}))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.PhysicalID, ":secret:my-app-ApiKey-SEED12345678-") {
		t.Fatalf("generated name ARN = %s", res.PhysicalID)
	}
	sc := Secret{}.Schema()
	if len(sc.CreateOnly) != 1 || sc.CreateOnly[0] != "/properties/Name" {
		t.Fatalf("Name must be create-only (replacement): %v", sc.CreateOnly)
	}
}

func TestGenerateSecretString(t *testing.T) {
	e := newEnv(t)
	gen := map[string]any{"PasswordLength": json.Number("24"), "ExcludeCharacters": "\"@/\\", "ExcludePunctuation": true,
		"RequireEachIncludedType": true, "SecretStringTemplate": `{"username": "admin"}`, "GenerateStringKey": "password"}
	res, err := Secret{}.Create(bg, e.request("Db", map[string]any{"Name": "gen", "GenerateSecretString": gen}))
	if err != nil {
		t.Fatal(err)
	}
	raw := e.value(t, res.PhysicalID)
	var v map[string]string
	if err := json.Unmarshal([]byte(raw), &v); err != nil || v["username"] != "admin" || !strings.HasPrefix(raw, `{"username":"admin","password":`) {
		t.Fatalf("generated secret %q (%v)", raw, err)
	}
	pw := v["password"]
	if len(pw) != 24 || strings.ContainsAny(pw, "\"@/\\!#$%&'()*+,-.:;<=>?[]^_`{|}~ ") ||
		!strings.ContainsAny(pw, "abcdefghijklmnopqrstuvwxyz") || !strings.ContainsAny(pw, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") || !strings.ContainsAny(pw, "0123456789") {
		t.Fatalf("password %q breaks the constraints", pw)
	}
	if !strings.Contains(strings.Join(e.auth.asked, "\n"), "secretsmanager:GetRandomPassword") {
		t.Fatalf("GetRandomPassword was not called as the caller: %v", e.auth.asked)
	}

	// Without a template the secret is the password itself.
	res2, err := Secret{}.Create(bg, e.request("Plain", map[string]any{"Name": "gen2", "GenerateSecretString": map[string]any{"PasswordLength": "10", "IncludeSpace": "true"}}))
	if err != nil {
		t.Fatal(err)
	}
	if pw := e.value(t, res2.PhysicalID); len(pw) != 10 {
		t.Fatalf("password %q", pw)
	}

	// An unchanged GenerateSecretString does not regenerate on update;
	// a changed one does.
	props := map[string]any{"Name": "gen", "GenerateSecretString": gen}
	req := e.request("Db", map[string]any{"Name": "gen", "GenerateSecretString": gen, "Description": "d"})
	req.PhysicalID, req.PreviousProperties = res.PhysicalID, props
	if _, err := (Secret{}).Update(bg, req); err != nil {
		t.Fatal(err)
	}
	if e.value(t, res.PhysicalID) != raw {
		t.Fatal("an update without a value change regenerated the password")
	}
	gen2 := map[string]any{"PasswordLength": "12"}
	req = e.request("Db", map[string]any{"Name": "gen", "GenerateSecretString": gen2})
	req.PhysicalID, req.PreviousProperties, req.ClientToken = res.PhysicalID, props, "op-9"
	if _, err := (Secret{}).Update(bg, req); err != nil {
		t.Fatal(err)
	}
	if pw := e.value(t, res.PhysicalID); len(pw) != 12 {
		t.Fatalf("regenerated password %q", pw)
	}

	bad := []map[string]any{
		{"Name": "b1", "SecretString": "x", "GenerateSecretString": map[string]any{}},
		{"Name": "b2", "GenerateSecretString": map[string]any{"SecretStringTemplate": `{"u":"a"}`}},
		{"Name": "b3", "GenerateSecretString": map[string]any{"SecretStringTemplate": `[1]`, "GenerateStringKey": "p"}},
		{"Name": "b4", "GenerateSecretString": map[string]any{"SecretStringTemplate": `{"p":"a"}`, "GenerateStringKey": "p"}},
		{"Name": "b5", "GenerateSecretString": map[string]any{"PasswordLength": "3"}},
		{"Name": "b6", "GenerateSecretString": map[string]any{"PasswordLength": "0x"}},
	}
	for _, p := range bad {
		if _, err := (Secret{}).Create(bg, e.request("Bad", p)); err == nil {
			t.Errorf("Create(%v) succeeded", p)
		}
	}
	if _, err := e.api.Resolve(bg, "b5"); err == nil {
		t.Error("a failed Create left a secret")
	}
}

func TestCreateAsDeniedCaller(t *testing.T) {
	e := newEnv(t)
	e.auth.deny["secretsmanager:GetRandomPassword"] = true
	_, err := Secret{}.Create(bg, e.request("Db", map[string]any{"Name": "denied", "GenerateSecretString": map[string]any{}}))
	if !provider.IsAPIError(err, "AccessDeniedException") {
		t.Fatalf("Create without GetRandomPassword permission: %v", err)
	}
}

func TestCreateRetryAdoptsItsSecret(t *testing.T) {
	e := newEnv(t)
	props := map[string]any{"Name": "retry", "GenerateSecretString": map[string]any{}}
	first, err := Secret{}.Create(bg, e.request("Db", props))
	if err != nil {
		t.Fatal(err)
	}
	// The same operation retried (a restart mid-create) generates another
	// password but adopts the secret it created.
	again, err := Secret{}.Create(bg, e.request("Db", props))
	if err != nil || again.PhysicalID != first.PhysicalID {
		t.Fatalf("retried Create = %+v, %v", again, err)
	}
	// Another stack operation does not adopt it.
	other := e.request("Db", props)
	other.ClientToken = "op-other"
	if _, err := (Secret{}).Create(bg, other); !provider.IsAPIError(err, "ResourceExistsException") {
		t.Fatalf("Create over another's secret: %v", err)
	}
}
