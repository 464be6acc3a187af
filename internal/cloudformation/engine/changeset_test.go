package engine

import (
	"strings"
	"testing"
)

func (h *harness) changeSet(stack, name, typ, body string, params ...ParameterInput) *ChangeSet {
	h.t.Helper()
	cs, err := h.e.CreateChangeSet(ctx, ChangeSetInput{StackName: stack, ChangeSetName: name, ChangeSetType: typ, TemplateBody: body, Parameters: params, Principal: root})
	if err != nil {
		h.t.Fatalf("create change set %s: %v", name, err)
	}
	return cs
}

func TestChangeSetCreateExecute(t *testing.T) {
	h := newHarness(t)
	cs := h.changeSet("cs", "first", ChangeSetTypeCreate, v1)
	if cs.Status != ChangeSetCreateComplete || cs.ExecutionStatus != ExecAvailable || len(cs.Changes) != 3 {
		t.Fatalf("change set = %+v", cs)
	}
	for _, c := range cs.Changes {
		if c.Action != "Add" {
			t.Errorf("change %+v", c)
		}
	}
	s, err := h.e.Stack(ctx, "cs")
	if err != nil || s.Status != StackReviewInProgress {
		t.Fatalf("stack = %+v %v", s, err)
	}
	// CREATE again while in review is allowed; UPDATE is not.
	h.changeSet("cs", "second", ChangeSetTypeCreate, v1)
	_, err = h.e.CreateChangeSet(ctx, ChangeSetInput{StackName: "cs", ChangeSetName: "upd", TemplateBody: v1, Principal: root})
	wantErr(t, err, CodeValidation, "is in REVIEW_IN_PROGRESS state and can not be updated.")
	_, err = h.e.CreateChangeSet(ctx, ChangeSetInput{StackName: "cs", ChangeSetName: "first", ChangeSetType: ChangeSetTypeCreate, TemplateBody: v1, Principal: root})
	wantErr(t, err, CodeAlreadyExists, "ChangeSet [first] already exists")

	if _, err := h.e.ExecuteChangeSet(ctx, ExecuteInput{StackName: "cs", ChangeSetName: "first", Principal: root}); err != nil {
		t.Fatal(err)
	}
	s = h.wait(s.ID)
	wantStatus(t, s, StackCreateComplete)
	if s.ChangeSetID != cs.ID {
		t.Errorf("stack change set id = %q", s.ChangeSetID)
	}
	got, err := h.e.ChangeSet(ctx, "cs", "first")
	if err != nil || got.ExecutionStatus != ExecComplete {
		t.Errorf("executed change set = %+v %v", got, err)
	}
	if _, err := h.e.ChangeSet(ctx, "cs", "second"); err == nil {
		t.Error("other change sets survive an execution")
	}
	if list, _ := h.e.ChangeSets(ctx, "cs"); len(list) != 0 {
		t.Errorf("list after execution = %d", len(list))
	}
	_, err = h.e.ExecuteChangeSet(ctx, ExecuteInput{StackName: "cs", ChangeSetName: cs.ID, Principal: root})
	wantErr(t, err, CodeInvalidChangeSetStatus, "cannot be executed in its current status of [EXECUTE_COMPLETE]")
}

func TestChangeSetUpdatePlan(t *testing.T) {
	h := newHarness(t)
	s := h.mustCreate("plan", v1)
	before := h.resources(s.ID)
	v2 := strings.Replace(strings.Replace(v1, "b-1", "b-2", 1), "  Old:\n    Type: Test::Fail::Resource\n",
		"  New:\n    Type: Test::Fail::Resource\n    Properties:\n      Value: !Ref B\n", 1)
	cs := h.changeSet("plan", "p1", "", v2, ParameterInput{Key: "V", Value: "two"})
	if cs.Status != ChangeSetCreateComplete {
		t.Fatalf("status %s %s", cs.Status, cs.StatusReason)
	}
	byID := map[string]Change{}
	for _, c := range cs.Changes {
		byID[c.LogicalID] = c
	}
	a, b, n, o := byID["A"], byID["B"], byID["New"], byID["Old"]
	if a.Action != "Modify" || a.Replacement != "False" || a.PhysicalID != before["A"].Live.ID || len(a.Details) != 1 ||
		a.Details[0].ChangeSource != "ParameterReference" || a.Details[0].CausingEntity != "V" || a.Details[0].BeforeValue != "one" || a.Details[0].AfterValue != "two" {
		t.Errorf("A = %+v", a)
	}
	if b.Action != "Modify" || b.Replacement != "True" || b.PolicyAction != "ReplaceAndDelete" || strings.Join(b.Scope, ",") != "Properties" {
		t.Errorf("B = %+v", b)
	}
	var name, value ChangeDetail
	for _, d := range b.Details {
		switch d.Name {
		case "Name":
			name = d
		case "Value":
			value = d
		}
	}
	if name.RequiresRecreation != "Always" || name.ChangeSource != "DirectModification" || name.Evaluation != "Static" {
		t.Errorf("B.Name detail = %+v", name)
	}
	if value.Evaluation != "Dynamic" || value.ChangeSource != "ResourceReference" || value.CausingEntity != "A.Value" || value.AfterValue != Placeholder {
		t.Errorf("B.Value detail = %+v", value)
	}
	if n.Action != "Add" || !strings.Contains(n.AfterContext, Placeholder) {
		t.Errorf("New = %+v", n)
	}
	if o.Action != "Remove" || o.PolicyAction != "Delete" {
		t.Errorf("Old = %+v", o)
	}
	// Nothing ran.
	if s2, _ := h.e.Stack(ctx, "plan"); s2.Status != StackCreateComplete {
		t.Errorf("stack status %s", s2.Status)
	}
	if _, err := h.e.ExecuteChangeSet(ctx, ExecuteInput{StackName: "plan", ChangeSetName: "p1", Principal: root}); err != nil {
		t.Fatal(err)
	}
	s = h.wait(s.ID)
	wantStatus(t, s, StackUpdateComplete)
	if h.resources(s.ID)["B"].Live.ID != "b-2" {
		t.Error("change set not applied")
	}
}

func TestChangeSetEmpty(t *testing.T) {
	h := newHarness(t)
	h.mustCreate("same", v1)
	cs := h.changeSet("same", "noop", "", v1, ParameterInput{Key: "V", UsePreviousValue: true})
	if cs.Status != ChangeSetFailed || cs.ExecutionStatus != ExecUnavailable || cs.StatusReason != msgNoChanges || len(cs.Changes) != 0 {
		t.Fatalf("empty change set = %+v", cs)
	}
	_, err := h.e.ExecuteChangeSet(ctx, ExecuteInput{StackName: "same", ChangeSetName: "noop", Principal: root})
	wantErr(t, err, CodeInvalidChangeSetStatus, "UNAVAILABLE")
	if err := h.e.DeleteChangeSet(ctx, "same", "noop"); err != nil {
		t.Fatal(err)
	}
	_, err = h.e.ChangeSet(ctx, "same", "noop")
	wantErr(t, err, CodeChangeSetNotFound, "ChangeSet [noop] does not exist")
	// Only an output changes: not empty.
	cs = h.changeSet("same", "outs", "", v1+"  Extra:\n    Value: x\n")
	if cs.Status != ChangeSetCreateComplete || len(cs.Changes) != 0 {
		t.Errorf("output-only change set = %+v", cs)
	}
	_, err = h.e.CreateChangeSet(ctx, ChangeSetInput{StackName: "absent", ChangeSetName: "x", TemplateBody: v1, Principal: root})
	wantErr(t, err, CodeValidation, "Stack [absent] does not exist")
}
