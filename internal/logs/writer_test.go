package logs

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

func streamMessages(t *testing.T, l *Logs, group, stream string) []string {
	t.Helper()
	g, err := l.db.getGroup(bg, group)
	if err != nil {
		t.Fatal(err)
	}
	s, err := l.db.getStream(bg, g.ID, stream)
	if errors.Is(err, ErrStreamNotFound) {
		return nil
	}
	evs, err := l.db.queryEvents(bg, g.ID, []int64{s.ID}, eventRange{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range evs {
		out = append(out, e.Message)
	}
	return out
}

func TestWriterFlushesOnInterval(t *testing.T) {
	l := newTestLogs(t, nil)
	l.EnsureGroup(bg, "g", 0)
	w := l.Writer("g", "s")
	defer w.Close()
	fmt.Fprint(w, "one\ntwo\npartial")
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := streamMessages(t, l, "g", "s")
		if strings.Join(got, ",") == "one,two" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("lines not flushed by the ticker: %q", got)
		}
		time.Sleep(5 * time.Millisecond)
	}
	w.Close()
	if got := streamMessages(t, l, "g", "s"); strings.Join(got, ",") != "one,two,partial" {
		t.Fatalf("after Close: %q", got)
	}
}

func TestWriterSplitsLongLines(t *testing.T) {
	l := newTestLogs(t, nil)
	l.EnsureGroup(bg, "g", 0)
	w := l.Writer("g", "s")
	long := strings.Repeat("x", maxMessageBytes+10)
	fmt.Fprint(w, long+"\n")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := streamMessages(t, l, "g", "s")
	if len(got) != 2 || len(got[0]) != maxMessageBytes || len(got[1]) != 10 {
		t.Fatalf("pieces = %d", len(got))
	}
}

func TestWriterConcurrentWrites(t *testing.T) {
	l := newTestLogs(t, nil)
	l.EnsureGroup(bg, "g", 0)
	w := l.Writer("g", "s")
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				fmt.Fprintf(w, "g%d line %d\n", g, i)
			}
		}()
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := streamMessages(t, l, "g", "s")
	if len(got) != 2000 {
		t.Fatalf("stored %d lines, want 2000", len(got))
	}
	// Lines of one goroutine keep their order.
	last := map[string]int{}
	for _, m := range got {
		var g, i int
		fmt.Sscanf(m, "g%d line %d", &g, &i)
		k := fmt.Sprint(g)
		if prev, ok := last[k]; ok && i < prev {
			t.Fatalf("out of order: %q after line %d", m, prev)
		}
		last[k] = i
	}
}

func TestWriterBackPressure(t *testing.T) {
	l := newTestLogs(t, nil)
	l.opts.FlushInterval = time.Hour // only the pending limit can flush
	l.EnsureGroup(bg, "g", 0)
	w := l.Writer("g", "s")
	defer w.Close()
	for i := range writerMaxPending {
		fmt.Fprintf(w, "%d\n", i)
	}
	if got := streamMessages(t, l, "g", "s"); len(got) != writerMaxPending {
		t.Fatalf("stored %d lines before Close, want %d", len(got), writerMaxPending)
	}
}

func TestWriterMissingGroup(t *testing.T) {
	l := newTestLogs(t, nil)
	w := l.Writer("nope", "s")
	if _, err := fmt.Fprint(w, "lost\n"); err != nil {
		t.Fatalf("Write = %v; storage errors must not reach the writer", err)
	}
	if err := w.Close(); !errors.Is(err, ErrGroupNotFound) {
		t.Fatalf("Close = %v, want ErrGroupNotFound", err)
	}
}
