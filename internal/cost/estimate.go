package cost

import (
	"fmt"
	"math"
)

// Line items of a service's estimate, as AWS bills them.
const (
	ItemActiveCompute        = "active compute"
	ItemProvisionedMemory    = "provisioned memory"
	ItemBuilds               = "builds"
	ItemAutomaticDeployments = "automatic deployments"
)

// Line is one billed item of a service for a month.
type Line struct {
	// Item is one of the Item* constants.
	Item string `json:"item"`
	// Usage is how much of Unit the month uses.
	Usage float64 `json:"usage"`
	// Unit is what Usage counts: instance-hours, GB-hours, build-minutes,
	// services.
	Unit string `json:"unit"`
	// Detail shows how Usage was reached.
	Detail string `json:"detail"`
	// Cost is in US dollars, rounded to the cent.
	Cost float64 `json:"cost"`
}

// ServiceEstimate is the monthly cost of one service.
type ServiceEstimate struct {
	LogicalID            string  `json:"logicalId"`
	VCPU                 float64 `json:"vcpu"`
	MemoryGB             float64 `json:"memoryGb"`
	Scaling              Scaling `json:"scaling"`
	AutomaticDeployments bool    `json:"automaticDeployments"`
	FromSource           bool    `json:"fromSource"`
	// Concurrency is the requests in flight while there is traffic.
	Concurrency float64 `json:"concurrency"`
	// NeededInstances is ceil(Concurrency / MaxConcurrency), before the
	// MinSize..MaxSize bounds.
	NeededInstances int `json:"neededInstances"`
	// ActiveInstances serve the traffic during the hours with traffic.
	ActiveInstances int `json:"activeInstances"`
	// IdleInstances stay provisioned when there is no traffic (MinSize).
	IdleInstances int `json:"idleInstances"`
	// Lines are, in order: active compute, provisioned memory, builds,
	// automatic deployments.
	Lines []Line `json:"lines"`
	// Monthly is the sum of the lines.
	Monthly float64 `json:"monthly"`
	// Notes are the defaults and caps the figures rest on.
	Notes []string `json:"notes,omitempty"`
}

// Report is a monthly estimate with everything it rests on: prices, their
// source and date, the traffic profile and the notes.
type Report struct {
	Prices Prices `json:"prices"`
	// PricesKnown is false when the region's prices are not in the table
	// and the default region's stand in.
	PricesKnown     bool    `json:"pricesKnown"`
	PriceSource     string  `json:"priceSource"`
	PricesCheckedOn string  `json:"pricesCheckedOn"`
	Profile         Profile `json:"profile"`
	HoursPerMonth   float64 `json:"hoursPerMonth"`
	// ActiveHours and IdleHours split the month by traffic.
	ActiveHours float64           `json:"activeHours"`
	IdleHours   float64           `json:"idleHours"`
	Services    []ServiceEstimate `json:"services"`
	Notes       []string          `json:"notes,omitempty"`
	// Monthly is the total of every service, in US dollars.
	Monthly float64 `json:"monthly"`
}

// Estimate prices the services of t for a month of traffic p at the prices
// list gives region. During the hours with traffic a service runs
// ceil(concurrency / MaxConcurrency) active instances, bounded by MinSize and
// MaxSize (App Runner spreads requests over every provisioned instance, so
// MinSize instances are all active); outside them MinSize instances stay
// provisioned, paying for memory only. Builds and the automatic deployments
// fee come on top.
func Estimate(t *Template, p Profile, list PriceList, region string) (*Report, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if t == nil || len(t.Services) == 0 {
		return nil, fmt.Errorf("cost: estimate: %w", ErrNoServices)
	}
	prices, known := list.For(region)
	r := &Report{
		Prices: prices, PricesKnown: known,
		PriceSource: list.Source, PricesCheckedOn: list.CheckedOn,
		Profile: p, HoursPerMonth: HoursPerMonth,
		ActiveHours: p.ActiveHoursPerMonth(),
	}
	if p.Concurrency() == 0 {
		// Without requests in flight no instance ever turns active.
		r.ActiveHours = 0
		r.Notes = append(r.Notes, "no requests in flight: instances stay provisioned (idle) all month")
	}
	r.IdleHours = HoursPerMonth - r.ActiveHours
	if !known {
		r.Notes = append(r.Notes, fmt.Sprintf("prices for %s not known; using %s", region, prices.Region))
	}
	r.Notes = append(r.Notes, t.Notes...)
	for _, s := range t.Services {
		se := estimateService(s, p, prices, r.ActiveHours, r.IdleHours)
		r.Services = append(r.Services, se)
		r.Monthly += se.Monthly
	}
	r.Monthly = cents(r.Monthly)
	return r, nil
}

func estimateService(s Service, p Profile, pr Prices, activeHours, idleHours float64) ServiceEstimate {
	sc := s.Scaling
	e := ServiceEstimate{
		LogicalID: s.LogicalID, VCPU: s.CPU.VCPU(), MemoryGB: s.Memory.GB(),
		Scaling: sc, AutomaticDeployments: s.AutomaticDeployments, FromSource: s.FromSource,
		Concurrency: p.Concurrency(), IdleInstances: sc.MinSize,
		Notes: append([]string(nil), s.Notes...),
	}
	if activeHours > 0 {
		// The epsilon keeps 0.30000000000000004 requests per 0.3 from
		// asking for an extra instance.
		e.NeededInstances = int(math.Ceil(e.Concurrency/float64(sc.MaxConcurrency) - 1e-9))
		e.ActiveInstances = min(max(e.NeededInstances, sc.MinSize), sc.MaxSize)
		if e.NeededInstances > sc.MaxSize {
			e.Notes = append(e.Notes, fmt.Sprintf(
				"traffic needs %d instances but MaxSize is %d: the estimate counts %d; beyond %d requests in flight, requests would wait or be refused",
				e.NeededInstances, sc.MaxSize, sc.MaxSize, sc.MaxSize*sc.MaxConcurrency))
		}
	}
	instanceHours := float64(e.ActiveInstances) * activeHours
	hourly := e.VCPU*pr.ActiveVCPUHour + e.MemoryGB*pr.ActiveGBHour
	gbHours := float64(e.IdleInstances) * idleHours * e.MemoryGB
	buildMinutes := 0.0
	if s.FromSource {
		buildMinutes = p.DeploysPerMonth * p.BuildMinutesPerDeploy
	}
	apps := 0.0
	if s.AutomaticDeployments {
		apps = 1
	}
	e.Lines = []Line{
		{ItemActiveCompute, instanceHours, "instance-hours",
			fmt.Sprintf("%d × %s h × (%s vCPU × $%s + %s GB × $%s)", e.ActiveInstances, num(activeHours),
				num(e.VCPU), num(pr.ActiveVCPUHour), num(e.MemoryGB), num(pr.ActiveGBHour)),
			cents(instanceHours * hourly)},
		{ItemProvisionedMemory, gbHours, "GB-hours",
			fmt.Sprintf("%d × %s h × %s GB × $%s", e.IdleInstances, num(idleHours), num(e.MemoryGB), num(pr.ProvisionedGBHour)),
			cents(gbHours * pr.ProvisionedGBHour)},
		{ItemBuilds, buildMinutes, "build-minutes", buildDetail(s.FromSource, p, pr), cents(buildMinutes * pr.BuildMinute)},
		{ItemAutomaticDeployments, apps, "services", autoDetail(s.AutomaticDeployments, pr), cents(apps * pr.AutomaticDeploymentsMonth)},
	}
	for _, l := range e.Lines {
		e.Monthly += l.Cost
	}
	e.Monthly = cents(e.Monthly)
	return e
}

func buildDetail(fromSource bool, p Profile, pr Prices) string {
	if !fromSource {
		return "none: deployed from an image"
	}
	return fmt.Sprintf("%s deploys × %s min × $%s", num(p.DeploysPerMonth), num(p.BuildMinutesPerDeploy), num(pr.BuildMinute))
}

func autoDetail(on bool, pr Prices) string {
	if !on {
		return "off"
	}
	return fmt.Sprintf("on: $%s a month", num(pr.AutomaticDeploymentsMonth))
}

// cents rounds dollars to the cent, as a bill does.
func cents(d float64) float64 { return math.Round(d*100) / 100 }

// num prints a figure without trailing zeros: two decimals from 1 up,
// four below (prices such as $0.064 and $0.005 need three).
func num(f float64) string {
	s := fmt.Sprintf("%.4f", f)
	if math.Abs(f) >= 1 {
		s = fmt.Sprintf("%.2f", f)
	}
	for s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	return trimDot(s)
}

func trimDot(s string) string {
	if s[len(s)-1] == '.' {
		return s[:len(s)-1]
	}
	return s
}
