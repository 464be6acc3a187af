package cost

import (
	"fmt"
	"math"
)

// Profile is the traffic and delivery a service is assumed to have; every
// figure of an estimate follows from it, so it is printed with the estimate.
type Profile struct {
	// RequestsPerSecond is the average request rate during the hours with
	// traffic.
	RequestsPerSecond float64 `json:"requestsPerSecond"`
	// ActiveHoursPerDay is how many hours a day the service has traffic;
	// the rest of the day its instances sit idle (provisioned).
	ActiveHoursPerDay float64 `json:"activeHoursPerDay"`
	// LatencyMS is the average time to serve one request, in milliseconds;
	// with the rate it gives the concurrency (Little's law).
	LatencyMS float64 `json:"latencyMs"`
	// DeploysPerMonth counts deployments, each one a build for services
	// built from source.
	DeploysPerMonth float64 `json:"deploysPerMonth"`
	// BuildMinutesPerDeploy is how long one build from source takes.
	BuildMinutesPerDeploy float64 `json:"buildMinutesPerDeploy"`
}

// DefaultProfile is a small business application: traffic during a working
// day (8 hours) at 1 request per second of 100 ms on average, and a deploy
// per working day (20 a month) of 2 build-minutes.
func DefaultProfile() Profile {
	return Profile{
		RequestsPerSecond:     1,
		ActiveHoursPerDay:     8,
		LatencyMS:             100,
		DeploysPerMonth:       20,
		BuildMinutesPerDeploy: 2,
	}
}

// Validate rejects negative or non-finite figures and days longer than 24
// hours.
func (p Profile) Validate() error {
	fields := []struct {
		name string
		v    float64
	}{
		{"requests per second", p.RequestsPerSecond},
		{"active hours per day", p.ActiveHoursPerDay},
		{"latency", p.LatencyMS},
		{"deploys per month", p.DeploysPerMonth},
		{"build minutes per deploy", p.BuildMinutesPerDeploy},
	}
	for _, f := range fields {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) || f.v < 0 {
			return fmt.Errorf("cost: profile %s %v: %w: must be a number ≥ 0", f.name, f.v, ErrProfile)
		}
	}
	if p.ActiveHoursPerDay > 24 {
		return fmt.Errorf("cost: profile active hours per day %v: %w: a day has 24 hours", p.ActiveHoursPerDay, ErrProfile)
	}
	return nil
}

// Concurrency is the average number of requests in flight while there is
// traffic: rate × duration (Little's law).
func (p Profile) Concurrency() float64 {
	return p.RequestsPerSecond * p.LatencyMS / 1000
}

// ActiveHoursPerMonth is the part of the 730-hour month with traffic.
func (p Profile) ActiveHoursPerMonth() float64 {
	return p.ActiveHoursPerDay / 24 * HoursPerMonth
}
