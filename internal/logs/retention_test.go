package logs

import (
	"context"
	"testing"
	"time"
)

func TestSweep(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	l := newTestLogs(t, &now)
	day := 24 * time.Hour
	for _, g := range []struct {
		name string
		days int
	}{{"kept-forever", 0}, {"one-day", 1}, {"week", 7}} {
		if err := l.EnsureGroup(bg, g.name, g.days); err != nil {
			t.Fatal(err)
		}
		evs := []Event{{Time: now.Add(-10 * day), Message: "ten days"}, {Time: now.Add(-3 * day), Message: "three days"},
			{Time: now.Add(-time.Hour), Message: "an hour"}}
		if err := l.Append(bg, g.name, "s", evs); err != nil {
			t.Fatal(err)
		}
	}
	n, err := l.Sweep(bg)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 { // one-day loses 2, week loses 1
		t.Fatalf("deleted %d, want 3", n)
	}
	for _, c := range []struct {
		group string
		left  int
		bytes int64
	}{{"kept-forever", 3, 25}, {"one-day", 1, 7}, {"week", 2, 17}} {
		g, _ := l.db.getGroup(bg, c.group)
		evs, _ := l.db.queryEvents(bg, g.ID, nil, eventRange{Limit: 10})
		s, _ := l.db.getStream(bg, g.ID, "s")
		if len(evs) != c.left || g.StoredBytes != c.bytes || s.StoredBytes != c.bytes {
			t.Errorf("%s: %d events, group %d bytes, stream %d bytes; want %d events, %d bytes", c.group, len(evs), g.StoredBytes, s.StoredBytes, c.left, c.bytes)
		}
	}
	if n, _ := l.Sweep(bg); n != 0 {
		t.Fatalf("second sweep deleted %d", n)
	}
}

func TestSweepBatches(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	l := newTestLogs(t, &now)
	l.EnsureGroup(bg, "g", 1)
	evs := make([]Event, sweepBatch*2+5)
	for i := range evs {
		evs[i] = Event{Time: now.Add(-48 * time.Hour).Add(time.Duration(i) * time.Millisecond), Message: "old"}
	}
	if err := l.Append(bg, "g", "s", evs); err != nil {
		t.Fatal(err)
	}
	if n, err := l.Sweep(bg); err != nil || n != int64(len(evs)) {
		t.Fatalf("sweep = %d, %v; want %d", n, err, len(evs))
	}
}

// TestSweeperLifecycle checks Start runs the sweeper on its interval and
// Stop ends it.
func TestSweeperLifecycle(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	l := newTestLogs(t, &now)
	l.opts.SweepInterval = 5 * time.Millisecond
	l.EnsureGroup(bg, "g", 1)
	l.Append(bg, "g", "s", []Event{{Time: now.Add(-48 * time.Hour), Message: "old"}, {Time: now, Message: "new"}})
	if err := l.Start(bg); err != nil {
		t.Fatal(err)
	}
	if err := l.Start(bg); err != nil { // idempotent
		t.Fatal(err)
	}
	g, _ := l.db.getGroup(bg, "g")
	deadline := time.Now().Add(10 * time.Second)
	for {
		evs, _ := l.db.queryEvents(bg, g.ID, nil, eventRange{Limit: 10})
		if len(evs) == 1 && evs[0].Message == "new" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("sweeper did not delete the old event: %d events", len(evs))
		}
		time.Sleep(5 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(bg, 5*time.Second)
	defer cancel()
	if err := l.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if err := l.Stop(ctx); err != nil {
		t.Fatal(err)
	}
}
