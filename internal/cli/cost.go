package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/berth-dev/berth/internal/cost"
)

func init() {
	register(&command{
		name:    "cost",
		summary: "estimate the monthly AWS App Runner cost of a template for a stated traffic profile",
		example: "berth cost aws/app-template.yaml --requests-per-second 5 --latency-ms 200 --active-hours-per-day 10\n" +
			"berth cost aws/app-template.yaml --output json --parameter-overrides RepoUrl=https://github.com/me/app",
		run: runCost,
	})
}

// costHint is the usage error hint of berth cost.
const costHint = "berth cost aws/app-template.yaml --requests-per-second 5"

func runCost(e *env, args []string) error {
	c := commands["cost"]
	fs := newFlagSet(e, c)
	p := cost.DefaultProfile()
	region := fs.String("region", envOr("BERTH_REGION", "us-east-1"), "AWS region whose prices apply (BERTH_REGION)")
	output := fs.String("output", "table", "output format: table or json")
	quiet := fs.Bool("q", false, "print only the monthly total in US dollars")
	fs.Float64Var(&p.RequestsPerSecond, "requests-per-second", p.RequestsPerSecond, "average requests per second during the hours with traffic")
	fs.Float64Var(&p.ActiveHoursPerDay, "active-hours-per-day", p.ActiveHoursPerDay, "hours a day with traffic; idle the rest of the day")
	fs.Float64Var(&p.LatencyMS, "latency-ms", p.LatencyMS, "average request duration in milliseconds (gives the concurrency)")
	fs.Float64Var(&p.DeploysPerMonth, "deploys-per-month", p.DeploysPerMonth, "deployments a month (a build each for services built from source)")
	fs.Float64Var(&p.BuildMinutesPerDeploy, "build-minutes", p.BuildMinutesPerDeploy, "build-minutes per deploy from source")
	fs.Var(new(overridesHelp), "parameter-overrides", "template parameters as `KEY=VALUE` ... (like aws cloudformation deploy)")
	rest, pairs := splitOverrides(args)
	files, err := parseInterspersed(fs, rest)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef(costHint, "want one TEMPLATE file, got %d arguments", len(files))
	}
	params, err := parseOverrides(pairs)
	if err != nil {
		return err
	}
	if *output != "table" && *output != "json" {
		return usagef(costHint+" --output json", "--output %q: want table or json", *output)
	}
	if err := p.Validate(); err != nil {
		return usagef(costHint, "%v", err)
	}
	body, err := os.ReadFile(files[0])
	if err != nil {
		return fmt.Errorf("read template: %w", err)
	}
	t, err := cost.ReadTemplate(body, cost.Options{Parameters: params, Region: *region})
	if err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	r, err := cost.Estimate(t, p, cost.Published, *region)
	if err != nil {
		return err
	}
	switch {
	case *quiet:
		fmt.Fprintf(e.stdout, "%.2f\n", r.Monthly)
	case *output == "json":
		b, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return fmt.Errorf("encode report: %w", err)
		}
		fmt.Fprintf(e.stdout, "%s\n", b)
	default:
		fmt.Fprintf(e.stdout, "Monthly cost of %s on AWS App Runner (%s)\n\n", files[0], *region)
		return r.WriteTable(e.stdout)
	}
	return nil
}

// overridesHelp only documents --parameter-overrides in the flag list:
// splitOverrides takes its values out of the arguments before parsing, since
// one flag is followed by several KEY=VALUE words.
type overridesHelp struct{}

func (*overridesHelp) String() string   { return "" }
func (*overridesHelp) Set(string) error { return nil }

// splitOverrides takes the KEY=VALUE words following --parameter-overrides
// out of args, as aws cloudformation deploy reads them.
func splitOverrides(args []string) (rest, pairs []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "parameter-overrides" {
			rest = append(rest, a)
			continue
		}
		if hasValue {
			pairs = append(pairs, value)
		}
		for i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") && strings.Contains(args[i+1], "=") {
			i++
			pairs = append(pairs, args[i])
		}
	}
	return rest, pairs
}

// parseInterspersed parses flags placed before or after the positional
// arguments and returns the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// parseOverrides reads KEY=VALUE pairs; a later pair wins over an earlier
// one with the same key.
func parseOverrides(pairs []string) (map[string]string, error) {
	params := map[string]string{}
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return nil, usagef(costHint+" --parameter-overrides RepoUrl=https://github.com/me/app", "--parameter-overrides %q: want KEY=VALUE", p)
		}
		params[k] = v
	}
	return params, nil
}
