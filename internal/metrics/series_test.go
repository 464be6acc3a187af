package metrics

import (
	"testing"
	"time"
)

func TestSeriesWraparound(t *testing.T) {
	s := newSeries(3)
	if got := s.list(); len(got) != 0 {
		t.Fatalf("empty list = %v", got)
	}
	if _, ok := s.last(); ok {
		t.Fatal("last of an empty series: want none")
	}
	for i := 1; i <= 7; i++ {
		s.push(Point{Requests: uint64(i)})
		want := []uint64{}
		for j := max(1, i-2); j <= i; j++ {
			want = append(want, uint64(j))
		}
		got := s.list()
		if len(got) != len(want) {
			t.Fatalf("after %d pushes: %d points; want %d", i, len(got), len(want))
		}
		for k := range want {
			if got[k].Requests != want[k] {
				t.Fatalf("after %d pushes: point %d = %d; want %d (oldest first)", i, k, got[k].Requests, want[k])
			}
		}
		if p, ok := s.last(); !ok || p.Requests != uint64(i) {
			t.Fatalf("after %d pushes: last = %v, %v", i, p.Requests, ok)
		}
	}
	// list is a copy.
	got := s.list()
	got[0].Time = time.Unix(1, 0)
	if s.list()[0].Time.Equal(got[0].Time) {
		t.Error("list shares the ring's memory")
	}
}
