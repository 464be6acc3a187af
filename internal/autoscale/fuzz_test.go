package autoscale

import (
	"math"
	"testing"
	"time"
)

// FuzzDecide replays a random trace: each 4 bytes are a time step (0–255
// ×100ms), a concurrency (0–65535, scaled), and an externally set current
// count, the way an operator or a crash could change it. The first byte
// picks a config. Invariants: every decision is within [MinSize, MaxSize],
// never scales down in panic, and carries finite numbers and a reason.
func FuzzDecide(f *testing.F) {
	f.Add([]byte{0, 10, 0, 50, 1, 10, 0, 255, 1, 10, 0, 0, 1})
	f.Add([]byte{1, 255, 255, 255, 25, 0, 0, 0, 0, 50, 10, 10, 3})
	f.Add([]byte{2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	configs := []Config{
		{},
		{MinSize: 3, MaxSize: 7, ScaleDownDelay: -1, MaxScaleUpRate: 1.5, MaxScaleDownRate: 1.1},
		{MaxConcurrency: 1, MaxSize: 200, StableWindow: 5 * time.Second, PanicThreshold: 0.5, TargetUtilization: 1},
		{MaxConcurrency: 200, MinSize: 25, MaxSize: 25, ScaleDownDelay: time.Hour},
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		cfg := configs[int(data[0])%len(configs)]
		s, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		cfg = s.Config()
		now := t0
		for b := data[1:]; len(b) >= 4; b = b[4:] {
			now = now.Add(time.Duration(b[0]) * 100 * time.Millisecond)
			s.Observe(now, float64(int(b[1])<<8|int(b[2]))/16)
			current := int(b[3]) % 64
			d := s.Decide(now, current)
			if d.Desired < cfg.MinSize || d.Desired > cfg.MaxSize {
				t.Fatalf("desired %d outside [%d, %d]: %s", d.Desired, cfg.MinSize, cfg.MaxSize, d.Reason)
			}
			if d.Panic && d.Desired < min(current, cfg.MaxSize) {
				t.Fatalf("scaled down in panic: %s", d.Reason)
			}
			for _, v := range []float64{d.StableConcurrency, d.PanicConcurrency, d.Target} {
				if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
					t.Fatalf("bad number %v in %+v", v, d)
				}
			}
			if d.Reason == "" || d.Current != current {
				t.Fatalf("decision %+v for current %d", d, current)
			}
		}
	})
}
