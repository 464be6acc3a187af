package engine

import (
	"strings"
	"testing"
)

const chain = `
Parameters:
  Greeting:
    Type: String
    Default: hello
Resources:
  A:
    Type: Test::Fail::Resource
    Properties:
      Value: !Ref Greeting
  B:
    Type: Test::Fail::Resource
    Properties:
      Value: !Sub "${A}-${A.Value}"
  C:
    Type: Test::Fail::Resource
    Properties:
      Value: c
Outputs:
  BName:
    Value: !Ref B
    Export:
      Name: !Sub "${AWS::StackName}-b"
  BValue:
    Value: !GetAtt B.Value
`

func TestCreateAndDelete(t *testing.T) {
	h := newHarness(t)
	s := h.mustCreate("app", chain)
	wantStatus(t, s, StackCreateComplete)
	res := h.resources(s.ID)
	a, b := res["A"].Live, res["B"].Live
	if a == nil || b == nil || res["C"].Status != ResourceCreateComplete {
		t.Fatalf("resources = %+v", res)
	}
	if !strings.HasPrefix(a.ID, "app-A-") || len(a.ID) != len("app-A-")+12 {
		t.Errorf("generated name = %q", a.ID)
	}
	if got := h.prov.Properties(b.ID)["Value"]; got != a.ID+"-hello" {
		t.Errorf("B.Value = %v", got)
	}
	if len(s.Outputs) != 2 || s.Outputs[0].Value != b.ID || s.Outputs[0].ExportName != "app-b" || s.Outputs[1].Value != a.ID+"-hello" {
		t.Errorf("outputs = %+v", s.Outputs)
	}
	ex, _ := h.e.Exports(ctx)
	if len(ex) != 1 || ex[0].Name != "app-b" || ex[0].Value != b.ID {
		t.Errorf("exports = %+v", ex)
	}
	ev := h.events(s.ID)
	if ev[0] != "app CREATE_IN_PROGRESS" || ev[len(ev)-1] != "app CREATE_COMPLETE" {
		t.Errorf("events = %v", ev)
	}
	if index(t, ev, "A CREATE_COMPLETE") > index(t, ev, "B CREATE_IN_PROGRESS") {
		t.Errorf("B started before A was created: %v", ev)
	}

	d := h.mustDelete("app")
	wantStatus(t, d, StackDeleteComplete)
	calls := h.prov.Calls()
	if callIndex(t, calls, "Delete", "B", "") > callIndex(t, calls, "Delete", "A", "") {
		t.Errorf("A deleted before B: %v", calls)
	}
	if live := h.prov.Live(); len(live) != 0 {
		t.Errorf("left behind: %v", live)
	}
	if _, err := h.e.Stack(ctx, "app"); err == nil {
		t.Error("deleted stack still found by name")
	}
	if got, err := h.e.Stack(ctx, s.ID); err != nil || got.Status != StackDeleteComplete || got.Deleted.IsZero() {
		t.Errorf("deleted stack by id = %+v, %v", got, err)
	}
	if ex, _ := h.e.Exports(ctx); len(ex) != 0 {
		t.Errorf("exports after delete = %+v", ex)
	}
	// A second delete of a deleted stack is fine, as on AWS.
	if err := h.e.DeleteStack(ctx, DeleteInput{StackName: "app", Principal: root}); err != nil {
		t.Error(err)
	}
}

func TestCreateParallel(t *testing.T) {
	h := newHarness(t)
	var b strings.Builder
	for _, id := range []string{"P1", "P2", "P3", "P4"} {
		b.WriteString("  " + id + ":\n    Type: Test::Fail::Resource\n    Properties:\n      SleepMillis: 200\n")
	}
	wantStatus(t, h.mustCreate("par", tmpl(b.String())), StackCreateComplete)
	if n := h.prov.MaxConcurrent(); n < 2 {
		t.Errorf("independent resources were not created in parallel (max %d at once)", n)
	}
}

func TestCreateRollback(t *testing.T) {
	h := newHarness(t)
	body := tmpl(`  A:
    Type: Test::Fail::Resource
  B:
    Type: Test::Fail::Resource
    DependsOn: A
    Properties:
      FailCreate: true
  C:
    Type: Test::Fail::Resource
    DependsOn: B
`)
	s := h.mustCreate("rb", body)
	wantStatus(t, s, StackRollbackComplete)
	if s.StatusReason != "" {
		t.Errorf("final reason = %q", s.StatusReason)
	}
	ev := h.events(s.ID)
	want := []string{"rb CREATE_IN_PROGRESS", "A CREATE_IN_PROGRESS", "A CREATE_COMPLETE", "B CREATE_IN_PROGRESS", "B CREATE_FAILED",
		"rb ROLLBACK_IN_PROGRESS", "B DELETE_COMPLETE", "A DELETE_IN_PROGRESS", "A DELETE_COMPLETE", "rb ROLLBACK_COMPLETE"}
	if strings.Join(ev, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(ev, "\n"), strings.Join(want, "\n"))
	}
	page, _, _ := h.e.Events(ctx, s.ID, EventQuery{})
	var failed, rollback *Event
	for _, e := range page {
		switch e.Status {
		case ResourceCreateFailed:
			failed = e
		case StackRollbackInProgress:
			rollback = e
		}
	}
	if failed.Reason != `Resource handler returned message: "Injected Create failure for B" (HandlerErrorCode: GeneralServiceException)` {
		t.Errorf("resource reason = %q", failed.Reason)
	}
	if rollback.Reason != "The following resource(s) failed to create: [B]. Rollback requested by user." {
		t.Errorf("stack reason = %q", rollback.Reason)
	}
	if live := h.prov.Live(); len(live) != 0 {
		t.Errorf("left behind: %v", live)
	}
	_, err := h.update("rb", body)
	wantErr(t, err, CodeValidation, "is in ROLLBACK_COMPLETE state and can not be updated.")
	wantStatus(t, h.mustDelete("rb"), StackDeleteComplete)
}

func TestCreateOnFailure(t *testing.T) {
	body := tmpl(`  A:
    Type: Test::Fail::Resource
  B:
    Type: Test::Fail::Resource
    DependsOn: A
    Properties:
      FailCreate: true
`)
	for _, tc := range []struct {
		onFailure string
		disable   bool
		status    string
		live      int
	}{
		{OnFailureDoNothing, false, StackCreateFailed, 1},
		{"", true, StackCreateFailed, 1},
		{OnFailureDelete, false, StackDeleteComplete, 0},
		{OnFailureRollback, false, StackRollbackComplete, 0},
	} {
		t.Run(tc.onFailure+map[bool]string{true: "DisableRollback"}[tc.disable], func(t *testing.T) {
			h := newHarness(t)
			s, err := h.e.CreateStack(ctx, CreateInput{StackName: "f", TemplateBody: body, OnFailure: tc.onFailure, DisableRollback: tc.disable, Principal: root})
			if err != nil {
				t.Fatal(err)
			}
			s = h.wait(s.ID)
			wantStatus(t, s, tc.status)
			if n := len(h.prov.Live()); n != tc.live {
				t.Errorf("%d resources live, want %d", n, tc.live)
			}
			if tc.status == StackCreateFailed && s.StatusReason != "The following resource(s) failed to create: [B]. " {
				t.Errorf("reason = %q", s.StatusReason)
			}
		})
	}
	h := newHarness(t)
	_, err := h.e.CreateStack(ctx, CreateInput{StackName: "f", TemplateBody: body, OnFailure: OnFailureDelete, DisableRollback: true, Principal: root})
	wantErr(t, err, CodeValidation, "either DisableRollback or OnFailure")
}

func TestCreateValidation(t *testing.T) {
	h := newHarness(t)
	ok := tmpl("  A:\n    Type: Test::Fail::Resource\n")
	h.mustCreate("dup", ok)
	for _, tc := range []struct {
		name, stack, body, code, msg string
		params                       []ParameterInput
	}{
		{"exists", "dup", ok, CodeAlreadyExists, "Stack [dup] already exists", nil},
		{"bad name", "no_underscores", ok, CodeValidation, "failed to satisfy constraint", nil},
		{"no body", "x", "", CodeValidation, "Either Template URL or Template Body must be specified.", nil},
		{"unknown type", "x", tmpl("  A:\n    Type: AWS::Nope::Thing\n"), CodeValidation, "Unrecognized resource types: [AWS::Nope::Thing]", nil},
		{"unresolved", "x", tmpl("  A:\n    Type: Test::Fail::Resource\n    Properties:\n      Value: !Ref Ghost\n"), CodeValidation, "Unresolved resource dependencies [Ghost] in the Resources block of the template", nil},
		{"bad property", "x", tmpl("  A:\n    Type: Test::Fail::Resource\n    Properties:\n      Colour: red\n"), CodeValidation, "extraneous key [Colour]", nil},
		{"missing parameter", "x", "Parameters:\n  P:\n    Type: String\n" + ok, CodeValidation, "Parameters: [P] must have values", nil},
		{"unknown parameter", "x", ok, CodeValidation, "Parameters: [Q] do not exist in the template", []ParameterInput{{Key: "Q", Value: "v"}}},
		{"named IAM", "x", tmpl("  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: r\n"), CodeInsufficientCapability, "Requires capabilities : [CAPABILITY_NAMED_IAM]", nil},
		{"IAM", "x", tmpl("  R:\n    Type: AWS::IAM::Role\n"), CodeInsufficientCapability, "Requires capabilities : [CAPABILITY_IAM]", nil},
		{"transform", "x", "Transform: AWS::Serverless-2016-10-31\n" + ok, CodeValidation, "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := h.create(tc.stack, tc.body, tc.params...)
			wantErr(t, err, tc.code, tc.msg)
		})
	}
	s, err := h.e.CreateStack(ctx, CreateInput{StackName: "iam", TemplateBody: tmpl("  R:\n    Type: AWS::IAM::Role\n"),
		Capabilities: []string{"CAPABILITY_NAMED_IAM"}, Principal: root})
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, h.wait(s.ID), StackCreateComplete)
}

func TestNoEchoMasked(t *testing.T) {
	h := newHarness(t)
	body := `
Parameters:
  Secret:
    Type: String
    NoEcho: true
Resources:
  A:
    Type: Test::Fail::Resource
    Properties:
      Value: !Sub "token=${Secret}"
`
	s := h.mustCreate("secret", body, ParameterInput{Key: "Secret", Value: "hunter2"})
	wantStatus(t, s, StackCreateComplete)
	if m := s.Config.Masked(); m[0].Value != "****" {
		t.Errorf("masked parameters = %+v", m)
	}
	page, _, _ := h.e.Events(ctx, s.ID, EventQuery{})
	for _, e := range page {
		if strings.Contains(e.Properties, "hunter2") {
			t.Errorf("event leaks the secret: %+v", e)
		}
		if e.LogicalID == "A" && e.Status == ResourceCreateInProgress && e.Properties != `{"Value":"token=****"}` {
			t.Errorf("event properties = %q", e.Properties)
		}
	}
	if got := h.prov.Properties(h.resources(s.ID)["A"].Live.ID)["Value"]; got != "token=hunter2" {
		t.Errorf("provider got %v", got)
	}
}
