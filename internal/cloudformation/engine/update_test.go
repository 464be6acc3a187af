package engine

import (
	"strings"
	"testing"
)

const v1 = `
Parameters:
  V:
    Type: String
    Default: one
Resources:
  A:
    Type: Test::Fail::Resource
    Properties:
      Value: !Ref V
  B:
    Type: Test::Fail::Resource
    Properties:
      Name: b-1
      Value: !GetAtt A.Value
  Old:
    Type: Test::Fail::Resource
Outputs:
  BName:
    Value: !Ref B
`

func TestUpdateInPlaceReplaceRemoveAdd(t *testing.T) {
	h := newHarness(t)
	s := h.mustCreate("up", v1)
	before := h.resources(s.ID)
	v2 := strings.Replace(strings.Replace(v1, "b-1", "b-2", 1), "  Old:\n    Type: Test::Fail::Resource\n", "  New:\n    Type: Test::Fail::Resource\n    DependsOn: B\n", 1)
	s = h.mustUpdate("up", v2, ParameterInput{Key: "V", Value: "two"})
	wantStatus(t, s, StackUpdateComplete)
	after := h.resources(s.ID)
	if after["A"].Live.ID != before["A"].Live.ID || h.prov.Properties(after["A"].Live.ID)["Value"] != "two" {
		t.Errorf("A not updated in place: %+v", after["A"].Live)
	}
	if after["B"].Live.ID != "b-2" || h.prov.Exists("b-1") || h.prov.Properties("b-2")["Value"] != "two" {
		t.Errorf("B not replaced: %+v live=%v", after["B"].Live, h.prov.Live())
	}
	if _, ok := after["Old"]; ok || h.prov.Exists(before["Old"].Live.ID) {
		t.Errorf("Old not removed")
	}
	if after["New"] == nil || !h.prov.Exists(after["New"].Live.ID) {
		t.Errorf("New not added")
	}
	if s.Outputs[0].Value != "b-2" {
		t.Errorf("outputs = %+v", s.Outputs)
	}
	for _, rec := range after {
		if rec.Action != "" || rec.Prior != nil || rec.Pending != nil || len(rec.Obsolete) > 0 {
			t.Errorf("leftover operation state on %s: %+v", rec.LogicalID, rec)
		}
	}
	calls := h.prov.Calls()
	if callIndex(t, calls, "Create", "B", "") > callIndex(t, calls, "Delete", "B", "b-1") {
		t.Errorf("old B deleted before its replacement was created: %v", calls)
	}
	ev := h.events(s.ID)
	cleanup := index(t, ev, "up UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")
	if index(t, ev, "Old DELETE_COMPLETE") < cleanup || index(t, ev, "New CREATE_COMPLETE") > cleanup {
		t.Errorf("cleanup ordering wrong: %v", ev)
	}
	if ev[len(ev)-1] != "up UPDATE_COMPLETE" {
		t.Errorf("last event %q", ev[len(ev)-1])
	}

	_, err := h.update("up", v2, ParameterInput{Key: "V", UsePreviousValue: true})
	wantErr(t, err, CodeValidation, "No updates are to be performed.")
}

func TestUpdateRollback(t *testing.T) {
	h := newHarness(t)
	s := h.mustCreate("urb", v1)
	before := h.resources(s.ID)
	v2 := strings.Replace(v1, "b-1", "b-2", 1) + `  Broken:
    Type: Test::Fail::Resource
    DependsOn: [A, B]
    Properties:
      FailCreate: true
`
	v2 = strings.Replace(v2, "Outputs:\n  BName:\n    Value: !Ref B\n", "", 1) + "Outputs:\n  BName:\n    Value: !Ref B\n"
	s = h.mustUpdate("urb", v2, ParameterInput{Key: "V", Value: "two"})
	wantStatus(t, s, StackUpdateRollbackComplete)
	after := h.resources(s.ID)
	if after["A"].Live.ID != before["A"].Live.ID || h.prov.Properties(after["A"].Live.ID)["Value"] != "one" {
		t.Errorf("A not rolled back: %+v %v", after["A"].Live, h.prov.Properties(after["A"].Live.ID))
	}
	if after["B"].Live.ID != "b-1" || !h.prov.Exists("b-1") || h.prov.Exists("b-2") {
		t.Errorf("B replacement not rolled back: %+v live=%v", after["B"].Live, h.prov.Live())
	}
	if _, ok := after["Broken"]; ok {
		t.Errorf("failed new resource kept: %+v", after["Broken"])
	}
	if s.Config.Template != v1 || s.Config.Resolved[0].Value != "one" || s.Outputs[0].Value != "b-1" {
		t.Errorf("configuration not restored: %+v %+v", s.Config.Resolved, s.Outputs)
	}
	ev := h.events(s.ID)
	for _, want := range []string{"Broken CREATE_FAILED", "urb UPDATE_ROLLBACK_IN_PROGRESS", "urb UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "B DELETE_COMPLETE", "urb UPDATE_ROLLBACK_COMPLETE"} {
		index(t, ev, want)
	}
	page, _, _ := h.e.Events(ctx, s.ID, EventQuery{})
	for _, e := range page {
		if e.Status == StackUpdateRollbackInProgress && e.Reason != "The following resource(s) failed to create: [Broken]. " {
			t.Errorf("reason = %q", e.Reason)
		}
	}
	// The stack can be updated again after a rollback.
	wantStatus(t, h.mustUpdate("urb", v1, ParameterInput{Key: "V", Value: "three"}), StackUpdateComplete)
}

func TestUpdateInPlaceFailureRollsBack(t *testing.T) {
	h := newHarness(t)
	h.mustCreate("ipf", v1)
	v2 := strings.Replace(v1, "      Value: !Ref V\n", "      Value: !Ref V\n      FailUpdate: true\n", 1)
	s := h.mustUpdate("ipf", v2, ParameterInput{Key: "V", Value: "two"})
	wantStatus(t, s, StackUpdateRollbackComplete)
	res := h.resources(s.ID)
	if got := h.prov.Properties(res["A"].Live.ID); got["Value"] != "one" || got["FailUpdate"] != nil {
		t.Errorf("A = %v", got)
	}
	if res["A"].Status != ResourceUpdateComplete {
		t.Errorf("A status = %s", res["A"].Status)
	}
}

func TestUpdateDisableRollback(t *testing.T) {
	h := newHarness(t)
	h.mustCreate("dr", v1)
	v2 := strings.Replace(v1, "      Value: !Ref V\n", "      Value: !Ref V\n      FailUpdate: true\n", 1)
	yes := true
	s, err := h.e.UpdateStack(ctx, UpdateInput{StackName: "dr", TemplateBody: v2, DisableRollback: &yes, Principal: root})
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, h.wait(s.ID), StackUpdateFailed)
	// UPDATE_FAILED can be updated again.
	wantStatus(t, h.mustUpdate("dr", v1, ParameterInput{Key: "V", Value: "fixed"}), StackUpdateComplete)
}

func TestUpdateReplacePolicyRetain(t *testing.T) {
	h := newHarness(t)
	body := tmpl("  K:\n    Type: Test::Fail::Resource\n    UpdateReplacePolicy: Retain\n    Properties:\n      Name: k-1\n")
	h.mustCreate("urp", body)
	s := h.mustUpdate("urp", strings.Replace(body, "k-1", "k-2", 1))
	wantStatus(t, s, StackUpdateComplete)
	if !h.prov.Exists("k-1") || !h.prov.Exists("k-2") {
		t.Errorf("live = %v", h.prov.Live())
	}
	index(t, h.events(s.ID), "K DELETE_SKIPPED")
}

func TestOneOperationAtATime(t *testing.T) {
	h := newHarness(t)
	started := h.prov.Started()
	body := tmpl("  Slow:\n    Type: Test::Fail::Resource\n    Properties:\n      SleepMillis: 3000\n")
	s, err := h.create("busy", body)
	if err != nil {
		t.Fatal(err)
	}
	<-started
	_, err = h.update("busy", body)
	wantErr(t, err, CodeValidation, "Stack:"+s.ID+" is in CREATE_IN_PROGRESS state and can not be updated.")
	err = h.e.DeleteStack(ctx, DeleteInput{StackName: "busy", Principal: root})
	wantErr(t, err, CodeValidation, "Stack [busy] cannot be deleted while in status CREATE_IN_PROGRESS")
	wantStatus(t, h.wait(s.ID), StackCreateComplete)

	s, err = h.update("busy", strings.Replace(body, "3000", "2000", 1))
	if err != nil {
		t.Fatal(err)
	}
	<-started
	_, err = h.update("busy", body)
	wantErr(t, err, CodeValidation, "Stack:"+s.ID+" is in UPDATE_IN_PROGRESS state and can not be updated.")
	wantStatus(t, h.wait(s.ID), StackUpdateComplete)
}

func TestContinueUpdateRollback(t *testing.T) {
	h := newHarness(t)
	body := tmpl("  A:\n    Type: Test::Fail::Resource\n    Properties:\n      Value: one\n")
	h.mustCreate("cur", body)
	// The update fails, and so does its rollback.
	h.prov.FailNext("Update", "A", 2)
	s := h.mustUpdate("cur", strings.Replace(body, "one", "two", 1))
	wantStatus(t, s, StackUpdateRollbackFailed)
	_, err := h.update("cur", body)
	wantErr(t, err, CodeValidation, "is in UPDATE_ROLLBACK_FAILED state and can not be updated.")
	err = h.e.ContinueUpdateRollback(ctx, ContinueInput{StackName: "cur", ResourcesToSkip: []string{"Ghost"}, Principal: root})
	wantErr(t, err, CodeValidation, "Resource [Ghost] cannot be skipped")
	if err := h.e.ContinueUpdateRollback(ctx, ContinueInput{StackName: "cur", Principal: root}); err != nil {
		t.Fatal(err)
	}
	s = h.wait(s.ID)
	wantStatus(t, s, StackUpdateRollbackComplete)
	if s.Config.Template != body || s.LastOps[0].Type != OpContinueRollback {
		t.Errorf("config %q ops %+v", s.Config.Template, s.LastOps)
	}
	// Skipping instead of retrying.
	h.prov.FailNext("Update", "A", 2)
	s = h.mustUpdate("cur", strings.Replace(body, "one", "three", 1))
	wantStatus(t, s, StackUpdateRollbackFailed)
	if err := h.e.ContinueUpdateRollback(ctx, ContinueInput{StackName: "cur", ResourcesToSkip: []string{"A"}, Principal: root}); err != nil {
		t.Fatal(err)
	}
	s = h.wait(s.ID)
	wantStatus(t, s, StackUpdateRollbackComplete)
	if r := h.resources(s.ID)["A"]; r.StatusReason != msgSkipped || r.Live.Properties["Value"] != "one" {
		t.Errorf("A = %+v", r)
	}
	wantStatus(t, h.mustUpdate("cur", strings.Replace(body, "one", "four", 1)), StackUpdateComplete)
}
