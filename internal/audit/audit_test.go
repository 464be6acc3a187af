package audit

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/store"
)

func newTrail(t *testing.T) *Trail {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return NewTrail(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

var svc = &awsapi.Service{SigningName: "sts", EventSource: "sts.amazonaws.com", Protocol: awsapi.Query}

type assumeIn struct {
	RoleArn, RoleSessionName, WebIdentityToken string
}
type credsOut struct {
	Credentials struct{ AccessKeyId, SecretAccessKey, SessionToken string }
}

func roleSession() *awsapi.Principal {
	return &awsapi.Principal{Kind: awsapi.AssumedRole, Account: "000000000000", ARN: "arn:aws:sts::000000000000:assumed-role/github-access/GithubActions",
		UserID: "AROAX:GithubActions", RoleName: "github-access", RoleARN: "arn:aws:iam::000000000000:role/github-access", RoleID: "AROAX",
		SessionName: "GithubActions", AccessKeyID: "ASIAX", IssuedAt: time.Now(),
		WebIdentity: &awsapi.WebIdentity{ProviderARN: "arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com"}}
}

func call(op string, p *awsapi.Principal, action string, resources []string, err *awsapi.Error, in, out any) *awsapi.Call {
	return &awsapi.Call{RequestID: "r", Time: time.Now(), Service: svc, Operation: &awsapi.Operation{Name: op}, Principal: p,
		Region: "us-east-1", Account: "000000000000", Form: url.Values{"RoleSessionName": {"GithubActions"}},
		Auth: &awsapi.Authorization{Action: action, Resources: resources}, Err: err, Input: in, Output: out}
}

func TestSecretsAreRedacted(t *testing.T) {
	tr := newTrail(t)
	out := &credsOut{}
	out.Credentials.AccessKeyId, out.Credentials.SecretAccessKey, out.Credentials.SessionToken = "ASIAX", "very-secret", "token-value"
	tr.Record(context.Background(), call("AssumeRoleWithWebIdentity", &awsapi.Principal{Kind: awsapi.Anonymous}, "sts:AssumeRoleWithWebIdentity",
		[]string{"arn:aws:iam::000000000000:role/github-access"}, nil, &assumeIn{RoleArn: "arn:aws:iam::000000000000:role/github-access", RoleSessionName: "GithubActions", WebIdentityToken: "eyJ.secret.jwt"}, out))
	rows, err := tr.Find(context.Background(), Query{Attribute: "EventName", Value: "AssumeRoleWithWebIdentity"})
	if err != nil || len(rows) != 1 {
		t.Fatalf("find = %v %v", rows, err)
	}
	body := rows[0].Body
	for _, s := range []string{"very-secret", "token-value", "eyJ.secret.jwt"} {
		if strings.Contains(body, s) {
			t.Fatalf("secret %q in event: %s", s, body)
		}
	}
	var e map[string]any
	json.Unmarshal([]byte(body), &e)
	rp := e["requestParameters"].(map[string]any)
	if rp["roleArn"] != "arn:aws:iam::000000000000:role/github-access" || rp["webIdentityToken"] != hidden {
		t.Fatalf("requestParameters = %v", rp)
	}
	if e["userIdentity"].(map[string]any)["type"] != "WebIdentityUser" || rows[0].Username != "GithubActions" {
		t.Fatalf("identity = %v user %q", e["userIdentity"], rows[0].Username)
	}
	if rows[0].Resources[0].ResourceType != "AWS::IAM::Role" {
		t.Fatalf("resources = %+v", rows[0].Resources)
	}
}

func TestLookupByAttributes(t *testing.T) {
	tr := newTrail(t)
	ctx := context.Background()
	tr.Record(ctx, call("CreateStack", roleSession(), "cloudformation:CreateStack", []string{"arn:aws:cloudformation:us-east-1:000000000000:stack/my-app/1"}, nil, nil, nil))
	tr.Record(ctx, call("CreateRole", roleSession(), "iam:CreateRole", []string{"arn:aws:iam::000000000000:role/x"}, &awsapi.Error{Code: "AccessDenied"}, nil, nil))
	for _, q := range []struct {
		attr, val string
		n         int
	}{
		{"Username", "GithubActions", 2}, {"EventName", "CreateRole", 1}, {"ResourceType", "AWS::CloudFormation::Stack", 1},
		{"ResourceName", "arn:aws:iam::000000000000:role/x", 1}, {"AccessKeyId", "ASIAX", 2}, {"ReadOnly", "false", 2},
		{"ResourceName", "arn:aws:iam::000000000000:role/%", 0},
	} {
		rows, err := tr.Find(ctx, Query{Attribute: q.attr, Value: q.val})
		if err != nil || len(rows) != q.n {
			t.Errorf("%s=%s: %d rows, %v; want %d", q.attr, q.val, len(rows), err, q.n)
		}
	}
}

func TestSuggest(t *testing.T) {
	tr := newTrail(t)
	ctx := context.Background()
	stack := "arn:aws:cloudformation:us-east-1:000000000000:stack/my-app/1"
	svcARN := "arn:aws:apprunner:us-east-1:000000000000:service/my-app-service/abc"
	tr.Record(ctx, call("CreateChangeSet", roleSession(), "cloudformation:CreateChangeSet", []string{stack}, nil, nil, nil))
	tr.Record(ctx, call("DescribeStacks", roleSession(), "cloudformation:DescribeStacks", []string{stack}, nil, nil, nil))
	tr.Record(ctx, call("StartDeployment", roleSession(), "apprunner:StartDeployment", []string{svcARN}, nil, nil, nil))
	tr.Record(ctx, call("ListServices", roleSession(), "apprunner:ListServices", []string{"*"}, nil, nil, nil))
	tr.Record(ctx, call("CreateRole", roleSession(), "iam:CreateRole", []string{"arn:aws:iam::000000000000:role/x"}, &awsapi.Error{Code: "AccessDenied"}, nil, nil))
	s, err := tr.Suggest(ctx, "github-access", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Statement []statement
	}
	if err := json.Unmarshal([]byte(s.Policy), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Statement) != 2 || s.Calls != 4 || len(s.Denied) != 1 || s.Denied[0] != "iam:CreateRole" {
		t.Fatalf("suggestion = %s %+v", s.Policy, s)
	}
	ar, cf := doc.Statement[0], doc.Statement[1]
	if ar.Sid != "ApprunnerUsedActions" || strings.Join(ar.Action, ",") != "apprunner:ListServices,apprunner:StartDeployment" || ar.Resource[0] != "*" {
		t.Fatalf("apprunner statement = %+v", ar)
	}
	if strings.Join(cf.Action, ",") != "cloudformation:CreateChangeSet,cloudformation:DescribeStacks" || len(cf.Resource) != 1 || cf.Resource[0] != stack {
		t.Fatalf("cloudformation statement = %+v", cf)
	}
}

func TestLowerCamelAndResourceType(t *testing.T) {
	for in, want := range map[string]string{"RoleArn": "roleArn", "ARN": "arn", "roleName": "roleName", "AWSServiceName": "aWSServiceName"[0:0] + "awsServiceName", "": ""} {
		if got := lowerCamel(in); got != want {
			t.Errorf("lowerCamel(%q) = %q, want %q", in, got, want)
		}
	}
	for arn, want := range map[string]string{
		"arn:aws:logs:us-east-1:000000000000:log-group:/aws/apprunner/x":              "AWS::Logs::LogGroup",
		"arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com": "AWS::IAM::OIDCProvider",
		"not-an-arn": "",
	} {
		if got := ResourceType(arn); got != want {
			t.Errorf("ResourceType(%s) = %q, want %q", arn, got, want)
		}
	}
}
