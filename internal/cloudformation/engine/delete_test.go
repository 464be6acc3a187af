package engine

import (
	"strings"
	"testing"
)

func TestDeleteFailedThenRetain(t *testing.T) {
	h := newHarness(t)
	body := tmpl(`  Base:
    Type: Test::Fail::Resource
  Stuck:
    Type: Test::Fail::Resource
    DependsOn: Base
    Properties:
      FailDelete: true
  Free:
    Type: Test::Fail::Resource
`)
	s := h.mustCreate("df", body)
	stuck := h.resources(s.ID)["Stuck"].Live.ID
	s = h.mustDelete("df")
	wantStatus(t, s, StackDeleteFailed)
	if s.StatusReason != "The following resource(s) failed to delete: [Stuck]. " {
		t.Errorf("reason = %q", s.StatusReason)
	}
	res := h.resources(s.ID)
	if res["Stuck"].Status != ResourceDeleteFailed || res["Free"].Status != ResourceDeleteComplete {
		t.Errorf("statuses: Stuck %s, Free %s", res["Stuck"].Status, res["Free"].Status)
	}
	// Base waits for Stuck, which failed: it is not attempted.
	if res["Base"].Status != ResourceCreateComplete {
		t.Errorf("Base status = %s", res["Base"].Status)
	}
	_, err := h.update("df", body)
	wantErr(t, err, CodeValidation, "is in DELETE_FAILED state and can not be updated.")

	s = h.mustDelete("df", "Stuck")
	wantStatus(t, s, StackDeleteComplete)
	if live := h.prov.Live(); len(live) != 1 || live[0] != stuck {
		t.Errorf("live = %v, want only %s", live, stuck)
	}
	index(t, h.events(s.ID), "Stuck DELETE_SKIPPED")
}

func TestRetainResourcesOnlyWhenDeleteFailed(t *testing.T) {
	h := newHarness(t)
	h.mustCreate("rr", tmpl("  A:\n    Type: Test::Fail::Resource\n"))
	err := h.e.DeleteStack(ctx, DeleteInput{StackName: "rr", RetainResources: []string{"A"}, Principal: root})
	wantErr(t, err, CodeValidation, "RetainResources can only be specified when a stack is in the DELETE_FAILED state.")
}

func TestDeletionPolicyRetain(t *testing.T) {
	h := newHarness(t)
	body := tmpl("  Keep:\n    Type: Test::Fail::Resource\n    DeletionPolicy: Retain\n  Drop:\n    Type: Test::Fail::Resource\n")
	s := h.mustCreate("keep", body)
	keep := h.resources(s.ID)["Keep"].Live.ID
	s = h.mustDelete("keep")
	wantStatus(t, s, StackDeleteComplete)
	if live := h.prov.Live(); len(live) != 1 || live[0] != keep {
		t.Errorf("live = %v", live)
	}
	index(t, h.events(s.ID), "Keep DELETE_SKIPPED")

	// A removed resource with Retain is kept too.
	s = h.mustCreate("keep2", body)
	keep2 := h.resources(s.ID)["Keep"].Live.ID
	s = h.mustUpdate("keep2", tmpl("  Drop:\n    Type: Test::Fail::Resource\n"))
	wantStatus(t, s, StackUpdateComplete)
	if !h.prov.Exists(keep2) {
		t.Error("retained resource deleted by update")
	}
}

func TestExports(t *testing.T) {
	h := newHarness(t)
	producer := tmpl("  P:\n    Type: Test::Fail::Resource\n    Properties:\n      Value: shared\n") +
		"Outputs:\n  Out:\n    Value: !GetAtt P.Value\n    Export:\n      Name: shared-value\n"
	h.mustCreate("producer", producer)
	consumer := tmpl("  C:\n    Type: Test::Fail::Resource\n    Properties:\n      Value: !ImportValue shared-value\n")
	s := h.mustCreate("consumer", consumer)
	wantStatus(t, s, StackCreateComplete)
	if got := h.prov.Properties(h.resources(s.ID)["C"].Live.ID)["Value"]; got != "shared" {
		t.Errorf("imported value = %v", got)
	}
	if users, _ := h.e.Importers(ctx, "shared-value"); len(users) != 1 || users[0] != "consumer" {
		t.Errorf("importers = %v", users)
	}
	// Another stack cannot export the same name.
	dup := h.mustCreate("dup", strings.Replace(producer, "Value: shared\n", "Value: other\n", 1))
	wantStatus(t, dup, StackRollbackComplete)
	if !strings.Contains(h.lastReason(dup.ID, StackRollbackInProgress), "Export with name shared-value is already exported by stack producer") {
		t.Errorf("dup reason = %q", h.lastReason(dup.ID, StackRollbackInProgress))
	}
	// An export in use cannot change or go.
	up := h.mustUpdate("producer", strings.Replace(producer, "Value: shared\n", "Value: changed\n", 1))
	wantStatus(t, up, StackUpdateRollbackComplete)
	if r := h.lastReason(up.ID, StackUpdateRollbackInProgress); r != "Export shared-value cannot be updated as it is in use by consumer" {
		t.Errorf("update reason = %q", r)
	}
	del := h.mustDelete("producer")
	wantStatus(t, del, StackDeleteFailed)
	if del.StatusReason != "Export shared-value cannot be deleted as it is in use by consumer" {
		t.Errorf("delete reason = %q", del.StatusReason)
	}
	// A missing export fails the import.
	o, err := h.create("orphan", strings.Replace(consumer, "shared-value", "nothing-here", 1))
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, h.wait(o.ID), StackRollbackComplete)
	if r := h.eventReason(o.ID, "C", ResourceCreateFailed); r != "No export named nothing-here found" {
		t.Errorf("import failure reason = %q", r)
	}
	wantStatus(t, h.mustDelete("consumer"), StackDeleteComplete)
	wantStatus(t, h.mustDelete("producer"), StackDeleteComplete)
}

// eventReason returns the reason of the newest event of a resource with status.
func (h *harness) eventReason(id, logical, status string) string {
	page, _, _ := h.e.Events(ctx, id, EventQuery{})
	for _, e := range page {
		if e.Status == status && e.LogicalID == logical {
			return e.Reason
		}
	}
	return ""
}

// lastReason returns the reason of the newest stack event with status.
func (h *harness) lastReason(id, status string) string {
	page, _, _ := h.e.Events(ctx, id, EventQuery{})
	for _, e := range page {
		if e.Status == status && e.LogicalID == e.StackName {
			return e.Reason
		}
	}
	return ""
}
