package cost

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteTable writes the report for people: the prices and where they come
// from, the assumptions, each service's lines and the monthly total.
func (r *Report) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	p := r.Prices
	fmt.Fprintf(tw, "App Runner prices for %s (USD, as published by AWS at %s, checked on %s):\n", p.Region, r.PriceSource, r.PricesCheckedOn)
	fmt.Fprintf(tw, "  active instance\t$%s per vCPU-hour + $%s per GB-hour\n", num(p.ActiveVCPUHour), num(p.ActiveGBHour))
	fmt.Fprintf(tw, "  provisioned instance\t$%s per GB-hour (memory only, while idle)\n", num(p.ProvisionedGBHour))
	fmt.Fprintf(tw, "  automatic deployments\t%s per service per month\n", money(p.AutomaticDeploymentsMonth))
	fmt.Fprintf(tw, "  build from source\t$%s per build-minute\n", num(p.BuildMinute))
	pf := r.Profile
	fmt.Fprintf(tw, "\nAssumptions:\n")
	fmt.Fprintf(tw, "  traffic\t%s per second on average, %s ms each, %s h a day → %s in flight (Little's law)\n",
		plural(pf.RequestsPerSecond, "request"), num(pf.LatencyMS), num(pf.ActiveHoursPerDay), num(pf.Concurrency()))
	fmt.Fprintf(tw, "  month\t%s h: %s h with traffic, %s h idle\n", num(r.HoursPerMonth), num(r.ActiveHours), num(r.IdleHours))
	fmt.Fprintf(tw, "  deploys\t%s a month, %s build-minutes each when built from source\n", num(pf.DeploysPerMonth), num(pf.BuildMinutesPerDeploy))
	for _, n := range r.Notes {
		fmt.Fprintf(tw, "  note\t%s\n", n)
	}
	for _, s := range r.Services {
		fmt.Fprintf(tw, "\nService %s: %s vCPU, %s GB; %s; automatic deployments %s; %s\n",
			s.LogicalID, num(s.VCPU), num(s.MemoryGB), scalingText(s), onOff(s.AutomaticDeployments), sourceText(s.FromSource))
		for _, l := range s.Lines {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%10s\n", l.Item, usageText(l), l.Detail, money(l.Cost))
		}
		fmt.Fprintf(tw, "  subtotal\t\t\t%10s\n", money(s.Monthly))
		for _, n := range s.Notes {
			fmt.Fprintf(tw, "  note: %s\n", n)
		}
	}
	fmt.Fprintf(tw, "\nTotal per month: %s\n", money(r.Monthly))
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("cost: write table: %w", err)
	}
	return nil
}

func scalingText(s ServiceEstimate) string {
	sc := s.Scaling
	return fmt.Sprintf("%d to %d instances of %d concurrent requests (%s), %d active with traffic",
		sc.MinSize, sc.MaxSize, sc.MaxConcurrency, sc.From, s.ActiveInstances)
}

func usageText(l Line) string {
	return plural(l.Usage, strings.TrimSuffix(l.Unit, "s"))
}

// plural prints a count with its noun, in the plural unless it is 1.
func plural(n float64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return num(n) + " " + noun + "s"
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func sourceText(fromSource bool) string {
	if fromSource {
		return "built from source"
	}
	return "deployed from an image"
}

// money prints dollars with cents.
func money(d float64) string { return fmt.Sprintf("$%.2f", d) }
