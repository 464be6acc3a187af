// Command gen writes the synthetic concurrency traces in ../traces:
// go run ./internal/autoscale/testdata/gen internal/autoscale/testdata/traces
// The noise is seeded, so the files are reproducible.
package main

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
)

type gen struct {
	name, about string
	secs        int
	f           func(t int, r *rand.Rand) float64
}

func noise(r *rand.Rand, v, frac float64) float64 {
	return math.Max(0, v*(1+frac*(2*r.Float64()-1)))
}

func main() {
	out := os.Args[1]
	gens := []gen{
		{"steady", "10 minutes of steady load around 250 concurrent requests (±10%)", 600,
			func(t int, r *rand.Rand) float64 { return noise(r, 250, 0.1) }},
		{"burst", "50 concurrent, then a 10× MaxConcurrency burst (1000) at 120s for 2 minutes, then 50 again", 600,
			func(t int, r *rand.Rand) float64 {
				if t >= 120 && t < 240 {
					return noise(r, 1000, 0.05)
				}
				return noise(r, 50, 0.1)
			}},
		{"ramp", "slow ramp from 0 to 700 concurrent over 10 minutes (±5%)", 600,
			func(t int, r *rand.Rand) float64 { return noise(r, 700*float64(t)/600, 0.05) }},
		{"drop", "520 concurrent (8 instances) for 3 minutes, then no traffic at all for 7 minutes", 600,
			func(t int, r *rand.Rand) float64 {
				if t < 180 {
					return noise(r, 520, 0.05)
				}
				return 0
			}},
		{"flapping", "load flapping between 150 and 350 every 5 seconds for 10 minutes", 600,
			func(t int, r *rand.Rand) float64 {
				if (t/5)%2 == 0 {
					return noise(r, 350, 0.05)
				}
				return noise(r, 150, 0.05)
			}},
		{"flapping-slow", "load flapping between 100 and 300 every 30 seconds for 10 minutes", 600,
			func(t int, r *rand.Rand) float64 {
				if (t/30)%2 == 0 {
					return noise(r, 300, 0.05)
				}
				return noise(r, 100, 0.05)
			}},
		{"overload", "100 concurrent, then 3000 (43 instances' worth) from 60s to the end", 400,
			func(t int, r *rand.Rand) float64 {
				if t < 60 {
					return noise(r, 100, 0.05)
				}
				return noise(r, 3000, 0.05)
			}},
	}
	for i, g := range gens {
		r := rand.New(rand.NewSource(int64(i + 1)))
		f, _ := os.Create(filepath.Join(out, g.name+".trace"))
		fmt.Fprintf(f, "# %s\n# one sample a second: seconds since start, concurrent requests (in flight + queued)\n", g.about)
		for t := 0; t < g.secs; t++ {
			fmt.Fprintf(f, "%d,%.1f\n", t, g.f(t, r))
		}
		f.Close()
	}
}
