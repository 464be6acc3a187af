package autoscale

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Decision is the outcome of one Decide call, with the numbers behind it.
type Decision struct {
	// Desired is the instance count the service should run, within
	// [MinSize, MaxSize].
	Desired int
	// Current is the instance count Decide was given.
	Current int
	// Panic reports panic mode: bursts are followed on the panic window
	// and the scaler does not scale down.
	Panic bool
	// StableConcurrency and PanicConcurrency are the average observed
	// concurrency over the stable and panic windows.
	StableConcurrency, PanicConcurrency float64
	// Target is the concurrency per instance the scaler aims for.
	Target float64
	// Reason is one human line for the service log, e.g.
	// "scale 1 → 4: panic, concurrency 380.0 over 6s, target 70 per instance".
	Reason string
}

// Changed reports whether the decision asks for a different instance count.
func (d Decision) Changed() bool { return d.Desired != d.Current }

// String is Reason.
func (d Decision) String() string { return d.Reason }

// reason builds Decision.Reason: the verb and counts, the mode, the window
// average that drove the decision, the target, then any adjustments.
func reason(d Decision, window time.Duration, notes []string) string {
	var b strings.Builder
	if d.Changed() {
		fmt.Fprintf(&b, "scale %d → %d: ", d.Current, d.Desired)
	} else {
		fmt.Fprintf(&b, "hold %d: ", d.Desired)
	}
	conc := d.StableConcurrency
	if d.Panic {
		b.WriteString("panic, ")
		conc = d.PanicConcurrency
	}
	fmt.Fprintf(&b, "concurrency %.1f over %s, target %s per instance", conc, seconds(window), number(d.Target))
	for _, n := range notes {
		b.WriteString("; ")
		b.WriteString(n)
	}
	return b.String()
}

// seconds renders a window as "6s" or "60s" rather than Duration's "1m0s".
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "s"
}

// number renders a target with at most one decimal: "70", "4.9".
func number(v float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(v, 'f', 1, 64), ".0")
}
