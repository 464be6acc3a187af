package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/apprunner"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"github.com/berth-dev/berth/internal/berthapi"
	"github.com/berth-dev/berth/internal/metrics"
)

func init() {
	register(&command{
		name:    "status",
		summary: "show stacks, services (URL and status) and the last pipeline run",
		example: "berth status\nberth status --output json",
		run:     runStatus,
	})
}

// Status is what `berth status` reports.
type Status struct {
	Stacks   []StackStatus   `json:"stacks"`
	Services []ServiceStatus `json:"services"`
	LastRun  *RunStatus      `json:"lastRun,omitempty"`
}

// StackStatus is one stack's line.
type StackStatus struct {
	Name   string `json:"name"`
	Status string `json:"status"`
}

// ServiceStatus is one App Runner service's line.
type ServiceStatus struct {
	Name     string       `json:"name"`
	Status   string       `json:"status"`
	URL      string       `json:"url"`
	ARN      string       `json:"arn"`
	LastHour *HourMetrics `json:"lastHour,omitempty"`
}

// HourMetrics sums up a service's last hour from berth's metrics.
type HourMetrics struct {
	Requests        uint64  `json:"requests"`
	Errors5xx       uint64  `json:"errors5xx"`
	P99Millis       float64 `json:"p99Ms"`
	ActiveInstances int     `json:"activeInstances"`
	CPUPercent      float64 `json:"cpuPercent"`
	MemoryMB        float64 `json:"memoryMB"`
}

// summarize folds a series into the last hour's figures: totals, the
// worst interval p99, and the latest gauges.
func summarize(ps []metrics.Point) *HourMetrics {
	if len(ps) == 0 {
		return nil
	}
	h := &HourMetrics{}
	for _, p := range ps {
		h.Requests += p.Requests
		h.Errors5xx += p.Errors5xx
		if ms := float64(p.P99) / float64(time.Millisecond); ms > h.P99Millis {
			h.P99Millis = ms
		}
	}
	last := ps[len(ps)-1]
	h.ActiveInstances, h.CPUPercent, h.MemoryMB = last.ActiveInstances, last.CPU, float64(last.MemoryBytes)/(1<<20)
	return h
}

// RunStatus is the last pipeline run.
type RunStatus struct {
	ID         int64  `json:"id"`
	Pipeline   string `json:"pipeline"`
	Workflow   string `json:"workflow"`
	SHA        string `json:"sha"`
	Status     string `json:"status"`
	Conclusion string `json:"conclusion,omitempty"`
}

func collectStatus(ctx context.Context, cf *clientFlags) (*Status, error) {
	cfg, err := cf.sdkConfig(ctx)
	if err != nil {
		return nil, err
	}
	st := &Status{Stacks: []StackStatus{}, Services: []ServiceStatus{}}
	stacks, err := cloudformation.NewFromConfig(cfg).DescribeStacks(ctx, &cloudformation.DescribeStacksInput{})
	if err != nil {
		return nil, fmt.Errorf("cannot reach berth at %s: %w", cf.endpoint, err)
	}
	for _, s := range stacks.Stacks {
		if s.StackStatus == cfntypes.StackStatusDeleteComplete {
			continue
		}
		st.Stacks = append(st.Stacks, StackStatus{Name: deref(s.StackName), Status: string(s.StackStatus)})
	}
	ar := apprunner.NewFromConfig(cfg)
	svcs, err := ar.ListServices(ctx, &apprunner.ListServicesInput{})
	if err == nil {
		for _, s := range svcs.ServiceSummaryList {
			ss := ServiceStatus{Name: deref(s.ServiceName), Status: string(s.Status), URL: "https://" + deref(s.ServiceUrl), ARN: deref(s.ServiceArn)}
			var m berthapi.GetServiceMetricsOutput
			if err := cf.callBerth(ctx, "GetServiceMetrics", &berthapi.GetServiceMetricsInput{ServiceID: deref(s.ServiceId)}, &m); err == nil {
				ss.LastHour = summarize(m.Points)
			}
			st.Services = append(st.Services, ss)
		}
	}
	var runs berthapi.RunsOutput
	if err := cf.callBerth(ctx, "ListPipelineRuns", &berthapi.ListRunsInput{Limit: 1}, &runs); err == nil && len(runs.Runs) > 0 {
		r := runs.Runs[0]
		st.LastRun = &RunStatus{ID: r.ID, Pipeline: r.Pipeline, Workflow: r.WorkflowName, SHA: r.SHA, Status: r.Status, Conclusion: r.Conclusion}
	}
	return st, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func runStatus(e *env, args []string) error {
	fs := newFlagSet(e, commands["status"])
	var cf clientFlags
	cf.register(fs)
	output := fs.String("output", "table", "table or json")
	quiet := fs.Bool("q", false, "print only the services' URLs")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := collectStatus(ctx, &cf)
	if err != nil {
		return err
	}
	switch {
	case *quiet:
		for _, s := range st.Services {
			e.printf("%s\n", s.URL)
		}
	case *output == "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	case *output == "table":
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "STACK\tSTATUS")
		for _, s := range st.Stacks {
			fmt.Fprintf(tw, "%s\t%s\n", s.Name, s.Status)
		}
		fmt.Fprintln(tw, "\nSERVICE\tSTATUS\tURL\tREQUESTS (1h)\t5XX\tP99\tINSTANCES\tCPU\tMEMORY")
		for _, s := range st.Services {
			m := s.LastHour
			if m == nil {
				m = &HourMetrics{}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%.1fms\t%d\t%.0f%%\t%.0fMB\n", s.Name, s.Status, s.URL,
				m.Requests, m.Errors5xx, m.P99Millis, m.ActiveInstances, m.CPUPercent, m.MemoryMB)
		}
		if r := st.LastRun; r != nil {
			fmt.Fprintf(tw, "\nLAST RUN\t%d %s/%s at %.8s: %s %s\n", r.ID, r.Pipeline, r.Workflow, r.SHA, r.Status, r.Conclusion)
		}
		return tw.Flush()
	default:
		return usagef("berth status --output json", "unknown --output %q", *output)
	}
	return nil
}
