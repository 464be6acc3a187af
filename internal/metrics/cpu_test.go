package metrics

import (
	"math"
	"testing"
	"time"
)

func TestCPUPercent(t *testing.T) {
	cases := []struct {
		name      string
		prev, cur float64
		dt        time.Duration
		want      float64
	}{
		{"idle", 3, 3, 10 * time.Second, 0},
		{"15% of a core", 3, 4.5, 10 * time.Second, 15},
		{"two cores busy", 10, 30, 10 * time.Second, 200},
		{"restart: what it used since", 50, 2, 10 * time.Second, 20},
		{"no time passed", 1, 2, 0, 0},
		{"negative reading", 1, -2, time.Second, 0},
	}
	for _, tc := range cases {
		if got := cpuPercent(tc.prev, tc.cur, tc.dt); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: cpuPercent(%v, %v, %v) = %v; want %v", tc.name, tc.prev, tc.cur, tc.dt, got, tc.want)
		}
	}
}

func TestCPUTracker(t *testing.T) {
	var c cpuTracker
	inst := func(id string, cpu float64) InstanceSnapshot {
		return InstanceSnapshot{ID: id, HasUsage: true, CPUSeconds: cpu}
	}
	steps := []struct {
		name      string
		instances []InstanceSnapshot
		want      float64
	}{
		{"first reading is a baseline", []InstanceSnapshot{inst("a", 100)}, 0},
		{"one instance at 50%", []InstanceSnapshot{inst("a", 105)}, 50},
		// b is new: baseline only; a adds 10%.
		{"a new instance starts at its baseline", []InstanceSnapshot{inst("a", 106), inst("b", 40)}, 10},
		{"both count", []InstanceSnapshot{inst("a", 107), inst("b", 42)}, 30},
		// a left; when it comes back it is new again.
		{"an instance leaves", []InstanceSnapshot{inst("b", 43)}, 10},
		{"and is forgotten", []InstanceSnapshot{inst("a", 500), inst("b", 43)}, 0},
		{"without usage it does not count", []InstanceSnapshot{{ID: "a"}, inst("b", 44)}, 10},
	}
	for _, st := range steps {
		if got := c.percent(st.instances, 10*time.Second); math.Abs(got-st.want) > 1e-9 {
			t.Errorf("%s: %v%%; want %v%%", st.name, got, st.want)
		}
	}
}
