package engine

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// cancelV1 and cancelV2: the update changes A in place (the call the
// tests hold in flight), C in place alongside it, replaces B and adds
// New after A.
const (
	cancelV1 = `Resources:
  A:
    Type: Test::Fail::Resource
    Properties:
      Value: one
  B:
    Type: Test::Fail::Resource
    Properties:
      Name: b-1
  C:
    Type: Test::Fail::Resource
    Properties:
      Value: one
`
	cancelV2 = `Resources:
  A:
    Type: Test::Fail::Resource
    Properties:
      Value: two
  B:
    Type: Test::Fail::Resource
    DependsOn: A
    Properties:
      Name: b-2
  C:
    Type: Test::Fail::Resource
    Properties:
      Value: two
  New:
    Type: Test::Fail::Resource
    DependsOn: A
`
)

func (h *harness) cancel(name, token string) error {
	return h.e.CancelUpdateStack(ctx, CancelInput{StackName: name, ClientRequestToken: token})
}

// stackEvents returns the stack's own events with status, newest first.
func (h *harness) stackEvents(id, status string) []*Event {
	h.t.Helper()
	page, _, err := h.e.Events(ctx, id, EventQuery{})
	if err != nil {
		h.t.Fatal(err)
	}
	var out []*Event
	for _, e := range page {
		if e.Status == status && e.LogicalID == e.StackName {
			out = append(out, e)
		}
	}
	return out
}

// wantRolledBack checks that the cancelled update of cancelV1 left
// nothing of cancelV2 behind.
func wantRolledBack(t *testing.T, h *harness, s *Stack) {
	t.Helper()
	wantStatus(t, s, StackUpdateRollbackComplete)
	res := h.resources(s.ID)
	if v := h.prov.Properties(res["A"].Live.ID)["Value"]; v != "one" {
		t.Errorf("A Value = %v", v)
	}
	if v := h.prov.Properties(res["C"].Live.ID)["Value"]; v != "one" {
		t.Errorf("C Value = %v", v)
	}
	if !h.prov.Exists("b-1") || h.prov.Exists("b-2") || res["B"].Live.ID != "b-1" {
		t.Errorf("B = %+v, live %v", res["B"].Live, h.prov.Live())
	}
	if _, ok := res["New"]; ok {
		t.Errorf("New kept: %+v", res["New"])
	}
	for id, rec := range res {
		if rec.Status != ResourceUpdateComplete && rec.Status != ResourceCreateComplete {
			t.Errorf("%s left %s", id, rec.Status)
		}
		if rec.Action != "" || rec.Prior != nil || rec.Pending != nil || len(rec.Obsolete) > 0 {
			t.Errorf("leftover operation state on %s: %+v", id, rec)
		}
	}
	if s.Config.Template != cancelV1 {
		t.Error("configuration not restored")
	}
	if r := h.stackEvents(s.ID, StackUpdateRollbackInProgress); len(r) != 1 || r[0].Reason != msgUserInitiated {
		t.Errorf("UPDATE_ROLLBACK_IN_PROGRESS events = %+v", r)
	}
	if n := len(h.stackEvents(s.ID, StackUpdateComplete)) + len(h.stackEvents(s.ID, StackUpdateCompleteCleanupInProgress)); n != 0 {
		t.Errorf("the cancelled update completed: %v", h.events(s.ID))
	}
}

func TestCancelUpdateRollsBack(t *testing.T) {
	h := newHarness(t)
	g := withGate(h)
	s := h.mustCreate("cu", cancelV1)
	created := len(h.prov.Calls())
	a := g.Hold("Update", "A")
	if _, err := h.update("cu", cancelV2); err != nil {
		t.Fatal(err)
	}
	a.WaitEntered(t)
	if err := h.cancel("cu", "cancel-1"); err != nil {
		t.Fatal(err)
	}
	// Recorded before CancelUpdateStack returned, A still in flight.
	now, err := h.e.Stack(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if now.Status != StackUpdateRollbackInProgress || now.StatusReason != msgUserInitiated {
		t.Fatalf("after cancel: %s %q", now.Status, now.StatusReason)
	}
	wantErr(t, h.cancel("cu", ""), CodeValidation, msgCannotCancel)
	_, err = h.update("cu", cancelV1)
	wantErr(t, err, CodeValidation, "is in UPDATE_ROLLBACK_IN_PROGRESS state and can not be updated.")
	close(a.Release)

	s = h.wait(s.ID)
	wantRolledBack(t, h, s)
	calls := h.prov.Calls()[created:]
	for _, c := range calls {
		if c.Op == "Create" && (c.LogicalID == "B" || c.LogicalID == "New") {
			t.Errorf("%s started after the cancel: %v", c.LogicalID, calls)
		}
	}
	ev := h.events(s.ID)
	cancelled := index(t, ev, "cu UPDATE_ROLLBACK_IN_PROGRESS")
	if index(t, ev, "A UPDATE_IN_PROGRESS") > cancelled || index(t, ev, "A UPDATE_COMPLETE") < cancelled {
		t.Errorf("A's update did not finish after the cancel: %v", ev)
	}
	if ev[len(ev)-1] != "cu UPDATE_ROLLBACK_COMPLETE" {
		t.Errorf("last event %q", ev[len(ev)-1])
	}
	if e := h.stackEvents(s.ID, StackUpdateRollbackInProgress)[0]; e.ClientRequestToken != "cancel-1" || !e.Failed {
		t.Errorf("cancel event = %+v", e)
	}
	wantErr(t, h.cancel("cu", ""), CodeValidation, msgCannotCancel)
	wantStatus(t, h.mustUpdate("cu", cancelV2), StackUpdateComplete)
}

func TestCancelUpdateWrongStatus(t *testing.T) {
	h := newHarness(t)
	g := withGate(h)
	c := g.Hold("Create", "A")
	s, err := h.create("cw", cancelV1)
	if err != nil {
		t.Fatal(err)
	}
	c.WaitEntered(t)
	wantErr(t, h.cancel("cw", ""), CodeValidation, msgCannotCancel)
	close(c.Release)
	wantStatus(t, h.wait(s.ID), StackCreateComplete)

	unchanged := func(status string) {
		t.Helper()
		before := h.events(s.ID)
		wantErr(t, h.cancel("cw", ""), CodeValidation, msgCannotCancel)
		wantErr(t, h.cancel(s.ID, ""), CodeValidation, msgCannotCancel)
		after := h.wait(s.ID)
		wantStatus(t, after, status)
		if got := h.events(s.ID); strings.Join(got, "\n") != strings.Join(before, "\n") {
			t.Errorf("events changed:\n%v\n%v", before, got)
		}
	}
	unchanged(StackCreateComplete)
	h.mustUpdate("cw", cancelV2)
	unchanged(StackUpdateComplete)

	wantErr(t, h.cancel("nope", ""), CodeValidation, "Stack with id nope does not exist")
	wantErr(t, h.cancel("cw", "-bad"), CodeValidation, "at 'clientRequestToken' failed to satisfy constraint")
}

func TestCancelUpdateThenRestartRollsBack(t *testing.T) {
	h := newHarness(t)
	g := withGate(h)
	s := h.mustCreate("cr", cancelV1)
	a := g.Hold("Update", "A")
	if _, err := h.update("cr", cancelV2); err != nil {
		t.Fatal(err)
	}
	a.WaitEntered(t)
	if err := h.cancel("cr", ""); err != nil {
		t.Fatal(err)
	}
	// The server stops with A's update still in flight.
	h.restart()
	s = h.wait(s.ID)
	wantRolledBack(t, h, s)
	if r := h.eventReason(s.ID, "A", ResourceUpdateFailed); r != msgUpdateCancelled {
		t.Errorf("A reason = %q", r)
	}
}

// An update whose run is gone (the engine that ran it stopped, the new
// one is not started yet) is cancelled all the same.
func TestCancelUpdateNotRunning(t *testing.T) {
	h := newHarness(t)
	g := withGate(h)
	s := h.mustCreate("cn", cancelV1)
	a := g.Hold("Update", "A")
	if _, err := h.update("cn", cancelV2); err != nil {
		t.Fatal(err)
	}
	a.WaitEntered(t)
	if err := h.e.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if err := h.cancel("cn", ""); !errors.Is(err, ErrStopped) {
		t.Fatalf("cancel on a stopped engine: %v", err)
	}
	h.e = h.engine()
	if err := h.cancel("cn", ""); err != nil {
		t.Fatal(err)
	}
	// Start finds the stack in progress and leaves it to the rollback.
	if err := h.e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	wantRolledBack(t, h, h.wait(s.ID))
}

// A cancel racing the end of an update either wins (rollback) or is
// refused (the update completes); never both, never neither.
func TestCancelUpdateRace(t *testing.T) {
	h := newHarness(t)
	s := h.mustCreate("race", cancelV1)
	cur := cancelV1
	accepted := 0
	for i := range 40 {
		next := cancelV2
		if cur == cancelV2 {
			next = cancelV1
		}
		if _, err := h.update("race", next); err != nil {
			t.Fatal(err)
		}
		// Later and later, to land before, in and after the window.
		time.Sleep(time.Duration(i) * 250 * time.Microsecond)
		err := h.cancel("race", "")
		s = h.wait(s.ID)
		want, template := StackUpdateRollbackComplete, cur
		if err == nil {
			accepted++
		} else {
			wantErr(t, err, CodeValidation, msgCannotCancel)
			want, template = StackUpdateComplete, next
		}
		wantStatus(t, s, want)
		if s.Config.Template != template {
			t.Fatalf("round %d: %s with the other template", i, s.Status)
		}
		cur = template
	}
	t.Logf("%d of 40 cancels accepted", accepted)
}
