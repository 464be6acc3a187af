package actions

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// fakeCFN is a CloudFormation query-protocol endpoint holding stacks and
// change sets in memory: enough of the API for the deploy action's
// algorithm, so it is tested before berth's CloudFormation exists.
type fakeCFN struct {
	mu         sync.Mutex
	calls      []string
	stacks     map[string]*fakeStack
	changeSets map[string]*fakeChangeSet
	n          int
	lastParams url.Values
}

type fakeStack struct {
	id, name, status, template string
}

type fakeChangeSet struct {
	id, name, stackName, status, reason, kind, template string
}

func newFakeCFN() *fakeCFN {
	return &fakeCFN{stacks: map[string]*fakeStack{}, changeSets: map[string]*fakeChangeSet{}}
}

func (f *fakeCFN) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f.mu.Lock()
	defer f.mu.Unlock()
	action := r.Form.Get("Action")
	f.calls = append(f.calls, action)
	stack := f.stack(r.Form.Get("StackName"))
	var body string
	switch action {
	case "DescribeStacks":
		if stack == nil {
			f.fail(w, "Stack with id "+r.Form.Get("StackName")+" does not exist")
			return
		}
		body = fmt.Sprintf(`<Stacks><member><StackId>%s</StackId><StackName>%s</StackName><StackStatus>%s</StackStatus>
			<Outputs><member><OutputKey>AppRunnerArn</OutputKey><OutputValue>arn:svc/%s</OutputValue></member></Outputs></member></Stacks>`,
			stack.id, stack.name, stack.status, stack.name)
	case "CreateChangeSet":
		f.lastParams = r.Form
		f.n++
		name := r.Form.Get("StackName")
		if stack == nil {
			stack = &fakeStack{id: fmt.Sprintf("arn:aws:cloudformation:us-east-1:000000000000:stack/%s/%d", name, f.n), name: name, status: "REVIEW_IN_PROGRESS"}
			f.stacks[name] = stack
		}
		cs := &fakeChangeSet{id: fmt.Sprintf("arn:aws:cloudformation:us-east-1:000000000000:changeSet/%s/%d", r.Form.Get("ChangeSetName"), f.n),
			name: r.Form.Get("ChangeSetName"), stackName: name, status: "CREATE_COMPLETE", kind: r.Form.Get("ChangeSetType"), template: r.Form.Get("TemplateBody")}
		if cs.kind == "UPDATE" && cs.template == stack.template {
			cs.status, cs.reason = "FAILED", "The submitted information didn't contain changes. Submit different information to create a change set."
		}
		f.changeSets[cs.id] = cs
		body = fmt.Sprintf(`<Id>%s</Id><StackId>%s</StackId>`, cs.id, stack.id)
	case "DescribeChangeSet":
		cs := f.changeSets[r.Form.Get("ChangeSetName")]
		if cs == nil {
			f.fail(w, "ChangeSet does not exist")
			return
		}
		body = fmt.Sprintf(`<ChangeSetId>%s</ChangeSetId><ChangeSetName>%s</ChangeSetName><StackId>%s</StackId><Status>%s</Status><StatusReason>%s</StatusReason>`,
			cs.id, cs.name, stack.id, cs.status, xmlEscape(cs.reason))
	case "ExecuteChangeSet":
		cs := f.changeSets[r.Form.Get("ChangeSetName")]
		stack.template = cs.template
		stack.status = map[string]string{"CREATE": "CREATE_COMPLETE", "UPDATE": "UPDATE_COMPLETE"}[cs.kind]
		delete(f.changeSets, cs.id)
	case "DeleteChangeSet":
		delete(f.changeSets, r.Form.Get("ChangeSetName"))
	default:
		f.fail(w, "unexpected "+action)
		return
	}
	fmt.Fprintf(w, `<%sResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><%sResult>%s</%sResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></%sResponse>`,
		action, action, body, action, action)
}

func (f *fakeCFN) stack(nameOrID string) *fakeStack {
	for _, s := range f.stacks {
		if s.name == nameOrID || s.id == nameOrID {
			return s
		}
	}
	return nil
}

func (f *fakeCFN) fail(w http.ResponseWriter, msg string) {
	w.WriteHeader(400)
	fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>%s</Message></Error><RequestId>r</RequestId></ErrorResponse>`, xmlEscape(msg))
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func (f *fakeCFN) takeCalls() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	// Waiters poll: collapse repeats.
	var out []string
	for _, c := range f.calls {
		if len(out) == 0 || out[len(out)-1] != c {
			out = append(out, c)
		}
	}
	f.calls = nil
	return strings.Join(out, ",")
}

func deployInvocation(t *testing.T, srv *httptest.Server, inputs map[string]string) (*Invocation, *commands) {
	ws := t.TempDir()
	os.MkdirAll(filepath.Join(ws, "aws"), 0o755)
	os.WriteFile(filepath.Join(ws, "aws", "app.yaml"), []byte("Resources: {}\n"), 0o644)
	inv, c, _ := invocation(inputs)
	inv.Workspace = ws
	inv.Env = map[string]string{"AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": srv.URL}
	return inv, c
}

func TestCloudFormationDeploy(t *testing.T) {
	cfn := newFakeCFN()
	srv := httptest.NewServer(cfn)
	defer srv.Close()
	ctx := context.Background()
	in := map[string]string{"name": "my-app", "template": "aws/app.yaml", "no-fail-on-empty-changeset": "1",
		"parameter-overrides": "RepoUrl=https://github.com/acme/shop,\n GithubConnArn=arn:aws:apprunner:x"}

	// A new stack: a CREATE change set, executed.
	inv, c := deployInvocation(t, srv, in)
	if err := (CloudFormationDeploy{}).Run(ctx, inv); err != nil {
		t.Fatal(err)
	}
	if got := cfn.takeCalls(); got != "DescribeStacks,CreateChangeSet,DescribeChangeSet,ExecuteChangeSet,DescribeStacks" {
		t.Fatalf("calls %s", got)
	}
	p := cfn.lastParams
	if p.Get("ChangeSetType") != "CREATE" || p.Get("ChangeSetName") != "my-app-CS" || p.Get("Capabilities.member.1") != "CAPABILITY_IAM" ||
		p.Get("Parameters.member.1.ParameterKey") != "RepoUrl" || p.Get("Parameters.member.1.ParameterValue") != "https://github.com/acme/shop" ||
		p.Get("Parameters.member.2.ParameterKey") != "GithubConnArn" || p.Get("TemplateBody") != "Resources: {}\n" {
		t.Fatalf("CreateChangeSet params %v", p)
	}
	if !strings.HasPrefix(c.outputs["stack-id"], "arn:aws:cloudformation:us-east-1:000000000000:stack/my-app/") ||
		!strings.Contains(c.outputs["change-set-id"], "changeSet/my-app-CS") || c.outputs["AppRunnerArn"] != "arn:svc/my-app" {
		t.Fatalf("outputs %v", c.outputs)
	}

	// Same template: an empty change set, deleted, and success.
	inv, c = deployInvocation(t, srv, in)
	if err := (CloudFormationDeploy{}).Run(ctx, inv); err != nil {
		t.Fatal(err)
	}
	if got := cfn.takeCalls(); got != "DescribeStacks,CreateChangeSet,DescribeChangeSet,DeleteChangeSet,DescribeStacks" {
		t.Fatalf("calls %s", got)
	}
	if cfn.lastParams.Get("ChangeSetType") != "UPDATE" || c.outputs["AppRunnerArn"] == "" {
		t.Fatalf("update: %v %v", cfn.lastParams, c.outputs)
	}

	// Without no-fail-on-empty-changeset the empty change set fails.
	strict := map[string]string{"name": "my-app", "template": "aws/app.yaml", "no-delete-failed-changeset": "1"}
	inv, _ = deployInvocation(t, srv, strict)
	err := (CloudFormationDeploy{}).Run(ctx, inv)
	if err == nil || !strings.Contains(err.Error(), "Failed to create Change Set: The submitted information didn't contain changes") {
		t.Fatalf("err = %v", err)
	}
	if got := cfn.takeCalls(); strings.Contains(got, "DeleteChangeSet") {
		t.Fatalf("no-delete-failed-changeset deleted: %s", got)
	}

	// no-execute-changeset stops after creating it.
	os.WriteFile(filepath.Join(inv.Workspace, "aws", "app.yaml"), []byte("Resources: {X: {}}\n"), 0o644)
	inv.Inputs = map[string]string{"name": "my-app", "template": "aws/app.yaml", "no-execute-changeset": "1", "change-set-name": "review",
		"capabilities": "CAPABILITY_IAM, CAPABILITY_NAMED_IAM"}
	inv.Commands = newCommands()
	if err := (CloudFormationDeploy{}).Run(ctx, inv); err != nil {
		t.Fatal(err)
	}
	if got := cfn.takeCalls(); got != "DescribeStacks,CreateChangeSet,DescribeChangeSet,DescribeStacks" {
		t.Fatalf("calls %s", got)
	}
	if cfn.lastParams.Get("ChangeSetName") != "review" || cfn.lastParams.Get("Capabilities.member.2") != "CAPABILITY_NAMED_IAM" {
		t.Fatalf("params %v", cfn.lastParams)
	}

	// Missing inputs and credentials.
	for _, tc := range []struct {
		in  map[string]string
		env map[string]string
		msg string
	}{
		{map[string]string{"template": "aws/app.yaml"}, nil, "Input required and not supplied: name"},
		{map[string]string{"name": "x", "template": "aws/missing.yaml"}, nil, "template"},
		{map[string]string{"name": "x", "template": "aws/app.yaml"}, map[string]string{"AWS_ACCESS_KEY_ID": ""}, "Could not load credentials"},
	} {
		inv, _ := deployInvocation(t, srv, tc.in)
		for k, v := range tc.env {
			inv.Env[k] = v
		}
		if err := (CloudFormationDeploy{}).Run(ctx, inv); err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%v: err = %v, want %q", tc.in, err, tc.msg)
		}
	}
}
