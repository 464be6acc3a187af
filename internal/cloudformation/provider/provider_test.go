package provider

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/template"
)

func TestProps(t *testing.T) {
	p := Props{
		"S": "text", "N": json.Number("42"), "NS": "7", "F": json.Number("1.5"), "B": true, "BS": "True",
		"L":    []any{"a", json.Number("2"), map[string]any{}},
		"Doc":  map[string]any{"Version": "2012-10-17"},
		"DocS": `{"Version":"2012-10-17"}`,
		"Tags": []any{map[string]any{"Key": "b", "Value": "2"}, map[string]any{"Key": "a", "Value": "1"}},
		"TagM": map[string]any{"z": "26", "y": json.Number("25")},
		"Objs": []any{map[string]any{"X": "1"}, "skip"},
	}
	for _, tc := range []struct {
		name string
		got  any
		want any
	}{
		{"string", p.String("S"), "text"},
		{"number as string", p.String("N"), "42"},
		{"missing string", p.String("Nope"), ""},
		{"has", p.Has("S"), true},
		{"bool", p.Bool("B"), true},
		{"bool string", p.Bool("BS"), true},
		{"bool missing", p.Bool("Nope"), false},
		{"strings", strings.Join(p.Strings("L"), ","), "a,2"},
		{"objects", len(p.Objects("Objs")), 1},
		{"tags list sorted", p.Tags("Tags"), []Tag{{"a", "1"}, {"b", "2"}}},
		{"tags map", p.Tags("TagM"), []Tag{{"y", "25"}, {"z", "26"}}},
	} {
		if !jsonEqual(tc.got, tc.want) {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	for _, tc := range []struct {
		key  string
		n    int
		isOK bool
	}{{"N", 42, true}, {"NS", 7, true}, {"F", 0, false}, {"S", 0, false}, {"Nope", 0, false}} {
		if n, ok := p.Int(tc.key); n != tc.n || ok != tc.isOK {
			t.Errorf("Int(%s) = %d %v", tc.key, n, ok)
		}
	}
	for _, key := range []string{"Doc", "DocS"} {
		if doc, err := p.JSON(key); err != nil || doc != `{"Version":"2012-10-17"}` {
			t.Errorf("JSON(%s) = %q %v", key, doc, err)
		}
	}
	if doc, err := p.JSON("Nope"); doc != "" || err != nil {
		t.Errorf("JSON(missing) = %q %v", doc, err)
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func TestGenerateName(t *testing.T) {
	for _, tc := range []struct {
		stack, logical, seed string
		max                  int
		want                 string
	}{
		{"app", "Role", "ABCDEFGHIJKL", 64, "app-Role-ABCDEFGHIJKL"},
		{"a-very-long-stack-name-indeed", "AndALongLogicalIdToo", "ABCDEFGHIJKL", 40, "a-very-long-s-AndALongLogic-ABCDEFGHIJKL"},
		{"app", "Role", "", 64, "app-Role-XXXXXXXXXXXX"},
		{"app", "Role", "ABCDEFGHIJKL", 10, "ABCDEFGHIJ"},
	} {
		got := GenerateName(tc.stack, tc.logical, tc.seed, tc.max)
		if got != tc.want || len(got) > tc.max {
			t.Errorf("GenerateName(%q, %q, %d) = %q, want %q", tc.stack, tc.logical, tc.max, got, tc.want)
		}
	}
	s := NewSeed()
	if len(s) != SeedLength || strings.Trim(s, seedAlphabet) != "" || s == NewSeed() {
		t.Errorf("seed %q", s)
	}
}

func TestReason(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{awsapi.Errorf("EntityAlreadyExists", "Role with name r already exists."), `Resource handler returned message: "Role with name r already exists." (HandlerErrorCode: AlreadyExists)`},
		{awsapi.Errorf("NoSuchEntity", "gone"), `Resource handler returned message: "gone" (HandlerErrorCode: NotFound)`},
		{awsapi.Errorf("AccessDenied", "no"), `Resource handler returned message: "no" (HandlerErrorCode: AccessDenied)`},
		{awsapi.Errorf("MalformedPolicyDocument", "bad"), `Resource handler returned message: "bad" (HandlerErrorCode: InvalidRequest)`},
		{awsapi.Errorf("LimitExceeded", "many"), `Resource handler returned message: "many" (HandlerErrorCode: ServiceLimitExceeded)`},
		{awsapi.Errorf("Throttling", "slow"), `Resource handler returned message: "slow" (HandlerErrorCode: GeneralServiceException)`},
		{Failf(CodeNotUpdatable, "x %d", 1), `Resource handler returned message: "x 1" (HandlerErrorCode: NotUpdatable)`},
		{errors.New("secret internal detail"), `Resource handler returned message: "Internal Failure" (HandlerErrorCode: InternalFailure)`},
	} {
		if got := Reason(tc.err); got != tc.want {
			t.Errorf("Reason(%v) = %s", tc.err, got)
		}
	}
	if !IsAPIError(awsapi.Errorf("NoSuchEntity", "x"), "Other", "NoSuchEntity") || IsAPIError(errors.New("x"), "NoSuchEntity") {
		t.Error("IsAPIError")
	}
}

type stub struct{ typ string }

func (s stub) Type() string                                    { return s.typ }
func (stub) Schema() *template.Schema                          { return &template.Schema{} }
func (stub) Create(context.Context, *Request) (*Result, error) { return &Result{}, nil }
func (stub) Update(context.Context, *Request) (*Result, error) { return &Result{}, nil }
func (stub) Delete(context.Context, *Request) error            { return nil }

func TestRegistry(t *testing.T) {
	r := NewRegistry(stub{"B::B::B"}, stub{"A::A::A"})
	if err := r.Add(stub{"A::A::A"}); !errors.Is(err, ErrDuplicate) {
		t.Errorf("duplicate add: %v", err)
	}
	if got := strings.Join(r.Types(), ","); got != "A::A::A,B::B::B" {
		t.Errorf("types %s", got)
	}
	if _, ok := r.Schema("A::A::A"); !ok {
		t.Error("schema missing")
	}
	if _, ok := r.Schema("C::C::C"); ok {
		t.Error("unknown type has a schema")
	}
	var nilReg *Registry
	if _, ok := nilReg.Get("A::A::A"); ok {
		t.Error("nil registry")
	}
}

// recorder is an Invoker that records what it is given.
type recorder struct {
	in  any
	out any
	err error
}

func (r *recorder) Invoke(_ context.Context, _ *awsapi.Principal, _, _ string, in any) (any, error) {
	r.in = in
	return r.out, r.err
}

func TestCall(t *testing.T) {
	inv := &recorder{out: &struct{ Role struct{ Arn string } }{Role: struct{ Arn string }{"arn:x"}}}
	req := &Request{Invoker: inv}
	var out struct{ Role struct{ Arn string } }
	f := Form{}.Set("RoleName", "r").Set("Empty", "").List("Ids", []string{"a", "b"}).Tags("Tags", []Tag{{"k", "v"}})
	if err := req.Call(context.Background(), "iam", "CreateRole", f, &out); err != nil {
		t.Fatal(err)
	}
	form, ok := inv.in.(url.Values)
	if !ok || form.Encode() != "Ids.member.1=a&Ids.member.2=b&RoleName=r&Tags.member.1.Key=k&Tags.member.1.Value=v" {
		t.Errorf("form = %#v", inv.in)
	}
	if out.Role.Arn != "arn:x" {
		t.Errorf("out = %+v", out)
	}
	raw, _ := JSONInput(map[string]any{"logGroupName": "g"})
	if err := req.Call(context.Background(), "logs", "CreateLogGroup", raw, nil); err != nil || string(inv.in.(json.RawMessage)) != `{"logGroupName":"g"}` {
		t.Errorf("json input %v %v", inv.in, err)
	}
	if err := (&Request{}).Call(context.Background(), "iam", "X", f, nil); !errors.Is(err, ErrNoInvoker) {
		t.Errorf("no invoker: %v", err)
	}
}
