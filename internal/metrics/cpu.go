package metrics

import "time"

// cpuPercent is the CPU used between two readings of an instance's
// cumulative CPU seconds, dt apart, in percent of one core. A reading that
// went down means the instance restarted under the same ID: all it used
// since counts.
func cpuPercent(prev, cur float64, dt time.Duration) float64 {
	if dt <= 0 || cur < 0 {
		return 0
	}
	delta := cur - prev
	if delta < 0 {
		delta = cur
	}
	return 100 * delta / dt.Seconds()
}

// cpuTracker turns the cumulative CPU seconds of a service's instances into
// the service's CPU% over each interval.
type cpuTracker struct {
	last map[string]float64 // instance ID → CPU seconds at the last reading
}

// percent returns the CPU% summed over instances since the last call, dt
// ago, and remembers this reading. An instance seen for the first time
// only sets its baseline: how much of its past CPU fell in this interval
// is unknown.
func (c *cpuTracker) percent(instances []InstanceSnapshot, dt time.Duration) float64 {
	next := make(map[string]float64, len(instances))
	total := 0.0
	for _, in := range instances {
		if !in.HasUsage {
			continue
		}
		if prev, ok := c.last[in.ID]; ok {
			total += cpuPercent(prev, in.CPUSeconds, dt)
		}
		next[in.ID] = in.CPUSeconds
	}
	c.last = next
	return total
}
