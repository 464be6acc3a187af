package cost

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"
)

// seedTemplate reads the article's template, which every estimate test can
// start from.
func seedTemplate(t *testing.T) *Template {
	t.Helper()
	body, err := os.ReadFile("../../testdata/seed/aws/app-template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tp, err := ReadTemplate(body, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return tp
}

func oneService(s Service) *Template { return &Template{Services: []Service{s}} }

// TestEstimate checks figures computed by hand (730-hour month, us-east-1
// prices); the comment of each case shows the arithmetic.
func TestEstimate(t *testing.T) {
	profile := func(rps, hours, latency, deploys, minutes float64) Profile {
		return Profile{RequestsPerSecond: rps, ActiveHoursPerDay: hours, LatencyMS: latency, DeploysPerMonth: deploys, BuildMinutesPerDeploy: minutes}
	}
	cases := []struct {
		name           string
		tmpl           *Template
		profile        Profile
		needed, active int
		lines          [4]float64 // active compute, provisioned memory, builds, automatic deployments
		total          float64
		noteContains   string
	}{
		{
			// 8 h/day = 243.33 h × (1 × 0.064 + 2 × 0.007) = 18.98;
			// 486.67 h × 2 GB × 0.007 = 6.81; 20 × 2 min × 0.005 = 0.20.
			name: "seed, default profile", tmpl: seedTemplate(t), profile: DefaultProfile(),
			needed: 1, active: 1, lines: [4]float64{18.98, 6.81, 0.20, 0}, total: 25.99,
		},
		{
			// No traffic: 730 h × 2 GB × 0.007 = 10.22 provisioned.
			name: "seed, no traffic", tmpl: seedTemplate(t), profile: profile(0, 8, 100, 20, 2),
			needed: 0, active: 0, lines: [4]float64{0, 10.22, 0.20, 0}, total: 10.42,
		},
		{
			// Concurrency 400 × 0.25 s = 100, 50 per instance → 2 instances
			// all month: 2 × 730 × (2 × 0.064 + 4 × 0.007) = 227.76.
			name: "image, 24 h, two instances",
			tmpl: oneService(Service{LogicalID: "Api", CPU: 2048, Memory: 4096,
				Scaling: Scaling{MinSize: 1, MaxSize: 10, MaxConcurrency: 50}, AutomaticDeployments: true}),
			profile: profile(400, 24, 250, 30, 2),
			needed:  2, active: 2, lines: [4]float64{227.76, 0, 0, 1}, total: 228.76,
		},
		{
			// Concurrency 100 × 10 s = 1000 → 10 instances, capped at 3:
			// 3 × 304.17 h × (0.25 × 0.064 + 0.5 × 0.007) = 17.79;
			// 1 × 425.83 h × 0.5 GB × 0.007 = 1.49; 4 × 5 min × 0.005 = 0.10.
			name: "capped by MaxSize",
			tmpl: oneService(Service{LogicalID: "Small", CPU: 256, Memory: 512, FromSource: true,
				Scaling: Scaling{MinSize: 1, MaxSize: 3, MaxConcurrency: 100}}),
			profile: profile(100, 10, 10000, 4, 5),
			needed:  10, active: 3, lines: [4]float64{17.79, 1.49, 0.10, 0}, total: 19.38,
			noteContains: "MaxSize is 3",
		},
		{
			// Concurrency 30 × 2 s = 60 → 1 instance, raised to MinSize 2:
			// 2 × 334.58 h × (2 × 0.064 + 4 × 0.007) = 104.39;
			// 2 × 395.42 h × 4 GB × 0.007 = 22.14.
			name: "raised to MinSize",
			tmpl: oneService(Service{LogicalID: "Web", CPU: 2048, Memory: 4096, AutomaticDeployments: true,
				Scaling: Scaling{MinSize: 2, MaxSize: 5, MaxConcurrency: 80}}),
			profile: profile(30, 11, 2000, 10, 2),
			needed:  1, active: 2, lines: [4]float64{104.39, 22.14, 0, 1}, total: 127.53,
		},
		{
			// 3 × 730 × (4 × 0.064 + 12 × 0.007) = 744.60, never idle.
			name: "largest size, 24 h",
			tmpl: oneService(Service{LogicalID: "Big", CPU: 4096, Memory: 12288,
				Scaling: Scaling{MinSize: 3, MaxSize: 25, MaxConcurrency: 200}}),
			profile: profile(0.5, 24, 100, 0, 2),
			needed:  1, active: 3, lines: [4]float64{744.60, 0, 0, 0}, total: 744.60,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Estimate(c.tmpl, c.profile, Published, "us-east-1")
			if err != nil {
				t.Fatal(err)
			}
			s := r.Services[0]
			if s.NeededInstances != c.needed || s.ActiveInstances != c.active {
				t.Errorf("instances needed/active = %d/%d, want %d/%d", s.NeededInstances, s.ActiveInstances, c.needed, c.active)
			}
			items := []string{ItemActiveCompute, ItemProvisionedMemory, ItemBuilds, ItemAutomaticDeployments}
			for i, l := range s.Lines {
				if l.Item != items[i] || !same(l.Cost, c.lines[i]) {
					t.Errorf("line %d = %s $%v, want %s $%v (%s)", i, l.Item, l.Cost, items[i], c.lines[i], l.Detail)
				}
			}
			if !same(s.Monthly, c.total) || !same(r.Monthly, c.total) {
				t.Errorf("monthly = %v (service %v), want %v", r.Monthly, s.Monthly, c.total)
			}
			if c.noteContains != "" && !strings.Contains(strings.Join(s.Notes, "\n"), c.noteContains) {
				t.Errorf("notes %q lack %q", s.Notes, c.noteContains)
			}
			if !r.PricesKnown || len(r.Notes) > 0 && strings.Contains(r.Notes[0], "not known") {
				t.Errorf("us-east-1 prices not used: %v", r.Notes)
			}
		})
	}
}

func same(a, b float64) bool { return math.Abs(a-b) < 0.001 }

func TestEstimateSumsServices(t *testing.T) {
	tp := seedTemplate(t)
	tp.Services = append(tp.Services, tp.Services[0])
	tp.Services[1].LogicalID = "Second"
	r, err := Estimate(tp, DefaultProfile(), Published, "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Services) != 2 || !same(r.Monthly, 51.98) {
		t.Fatalf("services %d, monthly %v, want 2 and 51.98", len(r.Services), r.Monthly)
	}
}

func TestEstimateUnknownRegion(t *testing.T) {
	r, err := Estimate(seedTemplate(t), DefaultProfile(), Published, "ap-northeast-1")
	if err != nil {
		t.Fatal(err)
	}
	if r.PricesKnown || r.Prices.Region != "us-east-1" || r.Notes[0] != "prices for ap-northeast-1 not known; using us-east-1" {
		t.Fatalf("known %v, region %s, notes %q", r.PricesKnown, r.Prices.Region, r.Notes)
	}
	if !same(r.Monthly, 25.99) {
		t.Fatalf("monthly %v, want the us-east-1 figure 25.99", r.Monthly)
	}
}

func TestEstimateRejects(t *testing.T) {
	cases := []struct {
		name string
		tmpl *Template
		p    Profile
		want error
	}{
		{"negative rate", seedTemplate(t), Profile{RequestsPerSecond: -1, ActiveHoursPerDay: 8}, ErrProfile},
		{"NaN latency", seedTemplate(t), Profile{LatencyMS: math.NaN()}, ErrProfile},
		{"infinite deploys", seedTemplate(t), Profile{DeploysPerMonth: math.Inf(1)}, ErrProfile},
		{"25 hours a day", seedTemplate(t), Profile{ActiveHoursPerDay: 25}, ErrProfile},
		{"no services", &Template{}, DefaultProfile(), ErrNoServices},
		{"nil template", nil, DefaultProfile(), ErrNoServices},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Estimate(c.tmpl, c.p, Published, "us-east-1"); !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
		})
	}
}

func TestPublishedPrices(t *testing.T) {
	if _, ok := Published.For(Published.Default); !ok {
		t.Fatalf("default region %s has no prices", Published.Default)
	}
	if len(Published.CheckedOn) != len("2006-01-02") || Published.Source == "" {
		t.Fatalf("price table lacks its source or date: %+v", Published)
	}
	for _, p := range Published.Regions {
		if p.ActiveVCPUHour <= 0 || p.ActiveGBHour <= 0 || p.ProvisionedGBHour <= 0 || p.AutomaticDeploymentsMonth <= 0 || p.BuildMinute <= 0 {
			t.Errorf("%s: a price is missing: %+v", p.Region, p)
		}
	}
	p, ok := Published.For("us-east-1")
	if !ok || p.ActiveVCPUHour != 0.064 || p.ActiveGBHour != 0.007 || p.ProvisionedGBHour != 0.007 || p.AutomaticDeploymentsMonth != 1 || p.BuildMinute != 0.005 {
		t.Fatalf("us-east-1 = %+v", p)
	}
}
