package process

import (
	"errors"
	"syscall"
	"testing"
)

func TestParseProcStat(t *testing.T) {
	tail := " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"
	cases := []struct {
		in      string
		want    procStat
		wantErr bool
	}{
		{"42 (bash) S 1 42 42 0 -1 4194560 1 2 3 4 10 5 7 3 20 0 1 0 100 1000 250" + tail,
			procStat{pid: 42, state: 'S', pgrp: 42, cpuTicks: 25, rssPages: 250}, false},
		{"7 (a (weird) name) R 1 9 9 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 1 1 3",
			procStat{pid: 7, state: 'R', pgrp: 9, cpuTicks: 2, rssPages: 3}, false},
		{"8 (x) Z 1 8 8 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0",
			procStat{pid: 8, state: 'Z', pgrp: 8}, false},
		{"", procStat{}, true},
		{"9 (short) S 1 2 3", procStat{}, true},
		{"x (bash) S 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0", procStat{}, true},
		{"1 (bash) S 1 zz 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0", procStat{}, true},
		{"1 bash) S", procStat{}, true},
	}
	for _, c := range cases {
		got, err := parseProcStat([]byte(c.in))
		if c.wantErr {
			if !errors.Is(err, errBadStat) {
				t.Errorf("parseProcStat(%q) = %+v, %v; want errBadStat", c.in, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("parseProcStat(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
}

func FuzzParseProcStat(f *testing.F) {
	f.Add([]byte("42 (bash) S 1 42 42 0 -1 4194560 1 2 3 4 10 5 7 3 20 0 1 0 100 1000 250"))
	f.Add([]byte("7 (a) b) R 1 9 9 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 1 1 3"))
	f.Add([]byte("()"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ps, err := parseProcStat(b)
		if err == nil && ps.state == 0 {
			t.Fatalf("parsed %q without a state", b)
		}
	})
}

func TestGroupStatsSelf(t *testing.T) {
	st, err := groupStats("/proc", syscall.Getpgrp())
	if err != nil {
		t.Fatal(err)
	}
	if st.Processes < 1 || st.RSSBytes <= 0 {
		t.Errorf("stats of the test's own group = %+v; want at least this process", st)
	}
	if _, err := groupStats(t.TempDir()+"/missing", 1); err == nil {
		t.Error("groupStats on a missing /proc: want an error")
	}
}

func BenchmarkGroupStats(b *testing.B) {
	pgid := syscall.Getpgrp()
	for b.Loop() {
		if _, err := groupStats("/proc", pgid); err != nil {
			b.Fatal(err)
		}
	}
}
