package autoscale

import (
	"errors"
	"testing"
	"time"
)

func TestConfigDefaults(t *testing.T) {
	got := Config{}.WithDefaults()
	want := Config{
		MaxConcurrency: 100, MinSize: 1, MaxSize: 25, TargetUtilization: 0.7,
		StableWindow: 60 * time.Second, PanicWindow: 6 * time.Second, PanicThreshold: 2,
		ScaleDownDelay: 30 * time.Second, MaxScaleUpRate: 1000, MaxScaleDownRate: 2,
	}
	if got != want {
		t.Errorf("defaults = %+v\nwant %+v", got, want)
	}
	if got.Target() != 70 {
		t.Errorf("Target() = %v; want 70", got.Target())
	}
	// The panic window follows the stable window (10%, at least 1s), and a
	// MinSize above the default MaxSize raises it.
	if c := (Config{StableWindow: 120 * time.Second}).WithDefaults(); c.PanicWindow != 12*time.Second {
		t.Errorf("PanicWindow for 120s = %v; want 12s", c.PanicWindow)
	}
	if c := (Config{StableWindow: 5 * time.Second}).WithDefaults(); c.PanicWindow != time.Second {
		t.Errorf("PanicWindow for 5s = %v; want 1s", c.PanicWindow)
	}
	if c := (Config{MinSize: 30}).WithDefaults(); c.MaxSize != 30 {
		t.Errorf("MaxSize for MinSize 30 = %d; want 30", c.MaxSize)
	}
}

func TestConfigValidate(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"defaults", Config{}, true},
		{"app runner limits", Config{MaxConcurrency: 200, MinSize: 25, MaxSize: 25}, true},
		{"no delay", Config{ScaleDownDelay: -1}, true},
		{"negative concurrency", Config{MaxConcurrency: -1}, false},
		{"negative min", Config{MinSize: -1}, false},
		{"min above max", Config{MinSize: 5, MaxSize: 2}, false},
		{"utilization above 1", Config{TargetUtilization: 1.5}, false},
		{"negative utilization", Config{TargetUtilization: -0.1}, false},
		{"fractional window", Config{StableWindow: 1500 * time.Millisecond}, false},
		{"window too long", Config{StableWindow: 2 * time.Hour}, false},
		{"panic window longer than stable", Config{StableWindow: 10 * time.Second, PanicWindow: 20 * time.Second}, false},
		{"negative threshold", Config{PanicThreshold: -1}, false},
		{"scale up rate 1", Config{MaxScaleUpRate: 1}, false},
		{"scale down rate 0.5", Config{MaxScaleDownRate: 0.5}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.cfg)
			if tc.ok && err != nil {
				t.Errorf("New: %v", err)
			}
			if !tc.ok && !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("New: %v; want ErrInvalidConfig", err)
			}
		})
	}
}
