package engine

import (
	"testing"

	"github.com/berth-dev/berth/internal/cloudformation/provider/providertest"
)

// The restart tests stop the engine while a provider call is in flight
// (the call hangs until its context is cancelled, as a killed server's
// would never return), then start a new engine on the same store.

func TestRestartMidCreateRollsBack(t *testing.T) {
	h := newHarness(t)
	started := h.prov.Started()
	h.prov.BlockNext("Create", "Hang", 1)
	s, err := h.create("rc", tmpl("  A:\n    Type: Test::Fail::Resource\n  Hang:\n    Type: Test::Fail::Resource\n    DependsOn: A\n"))
	if err != nil {
		t.Fatal(err)
	}
	waitCall(t, started, "Create", "Hang")
	h.restart()
	s = h.wait(s.ID)
	wantStatus(t, s, StackRollbackComplete)
	if live := h.prov.Live(); len(live) != 0 {
		t.Errorf("left behind: %v", live)
	}
	if r := h.eventReason(s.ID, "Hang", ResourceCreateFailed); r != msgCreateCancelled {
		t.Errorf("Hang reason = %q", r)
	}
	if r := h.lastReason(s.ID, StackRollbackInProgress); r != "The following resource(s) failed to create: [Hang]. "+msgInterrupted+". Rollback requested by user." {
		t.Errorf("stack reason = %q", r)
	}
}

func TestRestartMidUpdateRollsBack(t *testing.T) {
	h := newHarness(t)
	body := tmpl("  A:\n    Type: Test::Fail::Resource\n    Properties:\n      Value: one\n  R:\n    Type: Test::Fail::Resource\n    Properties:\n      Name: r-1\n")
	s := h.mustCreate("ru", body)
	a := h.resources(s.ID)["A"].Live.ID
	started := h.prov.Started()
	h.prov.BlockNext("Update", "A", 1)
	up := tmpl("  A:\n    Type: Test::Fail::Resource\n    DependsOn: R\n    Properties:\n      Value: two\n  R:\n    Type: Test::Fail::Resource\n    Properties:\n      Name: r-2\n")
	if _, err := h.update("ru", up); err != nil {
		t.Fatal(err)
	}
	waitCall(t, started, "Update", "A")
	h.restart()
	s = h.wait(s.ID)
	wantStatus(t, s, StackUpdateRollbackComplete)
	if h.prov.Properties(a)["Value"] != "one" || !h.prov.Exists("r-1") || h.prov.Exists("r-2") {
		t.Errorf("not rolled back: A=%v live=%v", h.prov.Properties(a), h.prov.Live())
	}
	if s.Config.Template != body {
		t.Error("configuration not restored")
	}
}

func TestRestartMidReplacementRollsBack(t *testing.T) {
	h := newHarness(t)
	body := tmpl("  R:\n    Type: Test::Fail::Resource\n    Properties:\n      Name: r-1\n")
	s := h.mustCreate("rr", body)
	started := h.prov.Started()
	h.prov.BlockNext("Create", "R", 1)
	if _, err := h.update("rr", tmpl("  R:\n    Type: Test::Fail::Resource\n    Properties:\n      Name: r-2\n")); err != nil {
		t.Fatal(err)
	}
	waitCall(t, started, "Create", "R")
	h.restart()
	wantStatus(t, h.wait(s.ID), StackUpdateRollbackComplete)
	if live := h.prov.Live(); len(live) != 1 || live[0] != "r-1" {
		t.Errorf("live = %v", live)
	}
	// The interrupted creation's leftover was deleted by its name.
	callIndex(t, h.prov.Calls(), "Delete", "R", "")
}

func TestRestartMidDeleteFinishes(t *testing.T) {
	h := newHarness(t)
	s := h.mustCreate("rd", tmpl("  A:\n    Type: Test::Fail::Resource\n  B:\n    Type: Test::Fail::Resource\n    DependsOn: A\n"))
	started := h.prov.Started()
	h.prov.BlockNext("Delete", "B", 1)
	if err := h.e.DeleteStack(ctx, DeleteInput{StackName: "rd", Principal: root}); err != nil {
		t.Fatal(err)
	}
	waitCall(t, started, "Delete", "B")
	h.restart()
	wantStatus(t, h.wait(s.ID), StackDeleteComplete)
	if live := h.prov.Live(); len(live) != 0 {
		t.Errorf("left behind: %v", live)
	}
}

func TestRestartMidCleanupFinishes(t *testing.T) {
	h := newHarness(t)
	s := h.mustCreate("rcl", tmpl("  A:\n    Type: Test::Fail::Resource\n  Gone:\n    Type: Test::Fail::Resource\n"))
	gone := h.resources(s.ID)["Gone"].Live.ID
	started := h.prov.Started()
	h.prov.BlockNext("Delete", "Gone", 1)
	if _, err := h.update("rcl", tmpl("  A:\n    Type: Test::Fail::Resource\n")); err != nil {
		t.Fatal(err)
	}
	waitCall(t, started, "Delete", "Gone")
	h.restart()
	wantStatus(t, h.wait(s.ID), StackUpdateComplete)
	if h.prov.Exists(gone) {
		t.Error("removed resource not deleted after restart")
	}
}

// waitCall waits until the provider starts op on logicalID.
func waitCall(t *testing.T, started <-chan providertest.Call, op, logicalID string) {
	t.Helper()
	for c := range started {
		if c.Op == op && c.LogicalID == logicalID {
			return
		}
	}
}

func TestRestartBeforeOperationRecorded(t *testing.T) {
	h := newHarness(t)
	// A stack recorded CREATE_IN_PROGRESS whose operation never was, as
	// when the server stops between the two writes.
	s := &Stack{ID: h.e.stackARN("early"), Name: "early", Status: StackCreateInProgress, Created: h.e.now(),
		Config: Config{Template: tmpl("  A:\n    Type: Test::Fail::Resource\n")}}
	if ok, err := h.e.db.insertStack(ctx, s); !ok || err != nil {
		t.Fatal(ok, err)
	}
	h.restart()
	wantStatus(t, h.wait(s.ID), StackRollbackComplete)
}
