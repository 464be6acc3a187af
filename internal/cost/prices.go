package cost

// Prices are App Runner's on-demand prices in one region, in US dollars.
type Prices struct {
	// Region is the AWS region the prices apply to.
	Region string `json:"region"`
	// ActiveVCPUHour is charged per vCPU-hour while an instance processes
	// requests.
	ActiveVCPUHour float64 `json:"activeVcpuHour"`
	// ActiveGBHour is charged per GB-hour of memory while an instance
	// processes requests.
	ActiveGBHour float64 `json:"activeGbHour"`
	// ProvisionedGBHour is charged per GB-hour of memory of an idle
	// (provisioned) instance; an idle instance's vCPU is free.
	ProvisionedGBHour float64 `json:"provisionedGbHour"`
	// AutomaticDeploymentsMonth is the flat monthly fee of a service with
	// automatic deployments enabled.
	AutomaticDeploymentsMonth float64 `json:"automaticDeploymentsMonth"`
	// BuildMinute is charged per minute App Runner spends building a
	// service from source code.
	BuildMinute float64 `json:"buildMinute"`
}

// PriceList is a dated price table: the figures are data, copied by hand
// from AWS's pricing page, so every estimate can say where they come from.
type PriceList struct {
	// Source is the page the prices were read from.
	Source string `json:"source"`
	// CheckedOn is the date (YYYY-MM-DD) the prices were last compared with
	// Source.
	CheckedOn string `json:"checkedOn"`
	// Default is the region whose prices stand in for regions not listed.
	Default string `json:"default"`
	// Regions lists the regions whose prices are known.
	Regions []Prices `json:"regions"`
}

// usEast1Like are the prices AWS publishes for us-east-1, which its pricing
// page states apply equally to us-east-2, us-west-2 and eu-west-1.
func usEast1Like(region string) Prices {
	return Prices{
		Region:                    region,
		ActiveVCPUHour:            0.064,
		ActiveGBHour:              0.007,
		ProvisionedGBHour:         0.007,
		AutomaticDeploymentsMonth: 1,
		BuildMinute:               0.005,
	}
}

// Published is App Runner's price table as published by AWS. Only regions
// whose every price is known are listed; Tokyo (ap-northeast-1), for one,
// has a different memory price ($0.009 per GB-hour) and is left out until
// its vCPU price is checked.
var Published = PriceList{
	Source:    "https://aws.amazon.com/apprunner/pricing/",
	CheckedOn: "2026-11-26",
	Default:   "us-east-1",
	Regions: []Prices{
		usEast1Like("us-east-1"),
		usEast1Like("us-east-2"),
		usEast1Like("us-west-2"),
		usEast1Like("eu-west-1"),
	},
}

// For returns the prices of region. When the region is not in the list it
// returns the Default region's prices and known is false, so callers can say
// which prices they used.
func (l PriceList) For(region string) (p Prices, known bool) {
	var fallback Prices
	for _, r := range l.Regions {
		if r.Region == region {
			return r, true
		}
		if r.Region == l.Default {
			fallback = r
		}
	}
	return fallback, false
}
