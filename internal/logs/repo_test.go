package logs

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/store"
)

var bg = context.Background()

// newTestLogs opens a fresh store and returns the component on a clock
// the test controls.
func newTestLogs(t testing.TB, now *time.Time) *Logs {
	t.Helper()
	st, err := store.Open(bg, filepath.Join(t.TempDir(), "berth.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	opts := Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), FlushInterval: 10 * time.Millisecond}
	if now != nil {
		opts.Now = func() time.Time { return *now }
	}
	return New(st, opts)
}

func TestRepoGroups(t *testing.T) {
	l := newTestLogs(t, nil)
	r := l.db
	for _, n := range []string{"/b/one", "/a/two", "/a/three", "/a_x"} {
		if err := r.createGroup(bg, n, 1000, 0, map[string]string{"k": n}); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.createGroup(bg, "/a/two", 1, 0, nil); !errors.Is(err, ErrGroupExists) {
		t.Fatalf("duplicate = %v", err)
	}
	if _, err := r.getGroup(bg, "/nope"); !errors.Is(err, ErrGroupNotFound) {
		t.Fatalf("get missing = %v", err)
	}
	cases := []struct {
		q    groupQuery
		want []string
	}{
		{groupQuery{Limit: 10}, []string{"/a/three", "/a/two", "/a_x", "/b/one"}},
		{groupQuery{Prefix: "/a/", Limit: 10}, []string{"/a/three", "/a/two"}},
		{groupQuery{Prefix: "/a", Limit: 10}, []string{"/a/three", "/a/two", "/a_x"}},
		{groupQuery{Pattern: "TW", Limit: 10}, []string{"/a/two"}},
		{groupQuery{After: "/a/two", Limit: 10}, []string{"/a_x", "/b/one"}},
		{groupQuery{Limit: 2}, []string{"/a/three", "/a/two"}},
	}
	for _, c := range cases {
		gs, err := r.listGroups(bg, c.q)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, g := range gs {
			got = append(got, g.Name)
		}
		if len(got) != len(c.want) || (len(got) > 0 && got[0] != c.want[0]) || got[len(got)-1] != c.want[len(c.want)-1] {
			t.Errorf("listGroups(%+v) = %v, want %v", c.q, got, c.want)
		}
	}
	if err := r.setRetention(bg, "/a/two", 7); err != nil {
		t.Fatal(err)
	}
	if g, _ := r.getGroup(bg, "/a/two"); g.RetentionDays != 7 {
		t.Fatalf("retention = %d", g.RetentionDays)
	}
	if err := r.setRetention(bg, "/nope", 7); !errors.Is(err, ErrGroupNotFound) {
		t.Fatalf("set retention missing = %v", err)
	}
	if err := r.deleteGroup(bg, "/a/two"); err != nil {
		t.Fatal(err)
	}
	if err := r.deleteGroup(bg, "/a/two"); !errors.Is(err, ErrGroupNotFound) {
		t.Fatalf("delete twice = %v", err)
	}
}

func TestRepoStreamsAndEvents(t *testing.T) {
	l := newTestLogs(t, nil)
	r := l.db
	if err := r.createGroup(bg, "g", 1, 0, nil); err != nil {
		t.Fatal(err)
	}
	g, _ := r.getGroup(bg, "g")
	for _, s := range []string{"s1", "s2"} {
		if err := r.createStream(bg, g.ID, s, 5, false); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.createStream(bg, g.ID, "s1", 5, false); !errors.Is(err, ErrStreamExists) {
		t.Fatalf("duplicate stream = %v", err)
	}
	if err := r.createStream(bg, g.ID, "s1", 5, true); err != nil {
		t.Fatalf("ifMissing = %v", err)
	}
	s1, _ := r.getStream(bg, g.ID, "s1")
	s2, _ := r.getStream(bg, g.ID, "s2")
	if _, err := r.insertEvents(bg, g.ID, s1.ID, []newEvent{{30, "c"}, {10, "aa"}, {20, "b"}}, 100); err != nil {
		t.Fatal(err)
	}
	seq, err := r.insertEvents(bg, g.ID, s2.ID, []newEvent{{15, "x"}, {20, "yyyy"}}, 200)
	if err != nil || seq != 1 {
		t.Fatalf("insert = %d, %v", seq, err)
	}
	s1, _ = r.getStream(bg, g.ID, "s1")
	if *s1.FirstEvent != 10 || *s1.LastEvent != 30 || *s1.LastIngestion != 100 || s1.StoredBytes != 4 || s1.UploadSequence != 1 {
		t.Fatalf("stream stats = %+v", s1)
	}
	if g, _ = r.getGroup(bg, "g"); g.StoredBytes != 9 {
		t.Fatalf("group bytes = %d", g.StoredBytes)
	}
	msgs := func(evs []*storedEvent) string {
		s := ""
		for _, e := range evs {
			s += e.Message + ","
		}
		return s
	}
	cases := []struct {
		name    string
		streams []int64
		q       eventRange
		want    string
	}{
		{"group interleaved", nil, eventRange{Limit: 10}, "aa,x,b,yyyy,c,"},
		{"one stream", []int64{s1.ID}, eventRange{Limit: 10}, "aa,b,c,"},
		{"both streams by id", []int64{s1.ID, s2.ID}, eventRange{Limit: 2}, "aa,x,"},
		{"range", nil, eventRange{Start: 15, End: 30, Limit: 10}, "x,b,yyyy,"},
		{"descending", nil, eventRange{Descending: true, Limit: 2}, "c,yyyy,"},
		{"after tie", nil, eventRange{After: &pos{20, 0}, Limit: 10}, "b,yyyy,c,"},
		{"before", nil, eventRange{Before: &pos{20, 0}, Descending: true, Limit: 10}, "x,aa,"},
	}
	for _, c := range cases {
		evs, err := r.queryEvents(bg, g.ID, c.streams, c.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := msgs(evs); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
	if err := r.deleteStream(bg, g.ID, "s1"); err != nil {
		t.Fatal(err)
	}
	if g, _ = r.getGroup(bg, "g"); g.StoredBytes != 5 {
		t.Fatalf("group bytes after stream delete = %d", g.StoredBytes)
	}
	if evs, _ := r.queryEvents(bg, g.ID, nil, eventRange{Limit: 10}); msgs(evs) != "x,yyyy," {
		t.Fatalf("events after stream delete = %s", msgs(evs))
	}
	if err := r.deleteGroup(bg, "g"); err != nil {
		t.Fatal(err)
	}
	var n int
	r.db.QueryRow(`SELECT COUNT(*) FROM log_events`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d events left after group delete", n)
	}
}

func TestRepoStreamOrder(t *testing.T) {
	l := newTestLogs(t, nil)
	r := l.db
	r.createGroup(bg, "g", 1, 0, nil)
	g, _ := r.getGroup(bg, "g")
	for i, n := range []string{"a", "b", "c"} {
		r.createStream(bg, g.ID, n, 1, false)
		s, _ := r.getStream(bg, g.ID, n)
		r.insertEvents(bg, g.ID, s.ID, []newEvent{{int64(100 - i*10), "m"}}, 1)
	}
	r.createStream(bg, g.ID, "ünïcode", 1, false)
	names := func(q streamQuery) string {
		q.Limit = 10
		ss, err := r.listStreams(bg, g.ID, q)
		if err != nil {
			t.Fatal(err)
		}
		out := ""
		for _, s := range ss {
			out += s.Name + ","
		}
		return out
	}
	cases := []struct {
		q    streamQuery
		want string
	}{
		{streamQuery{}, "a,b,c,ünïcode,"},
		{streamQuery{Descending: true}, "ünïcode,c,b,a,"},
		{streamQuery{ByLastEvent: true}, "ünïcode,c,b,a,"},
		{streamQuery{ByLastEvent: true, Descending: true}, "a,b,c,ünïcode,"},
		{streamQuery{ByLastEvent: true, Descending: true, HasAfter: true, AfterTime: 90, AfterName: "b"}, "c,ünïcode,"},
		{streamQuery{HasAfter: true, AfterName: "a"}, "b,c,ünïcode,"},
		{streamQuery{Prefix: "ün"}, "ünïcode,"},
	}
	for _, c := range cases {
		if got := names(c.q); got != c.want {
			t.Errorf("listStreams(%+v) = %s, want %s", c.q, got, c.want)
		}
	}
	ids, err := r.streamIDs(bg, g.ID, []string{"a", "c", "zz"}, "")
	if err != nil || len(ids) != 2 {
		t.Fatalf("streamIDs = %v, %v", ids, err)
	}
}
