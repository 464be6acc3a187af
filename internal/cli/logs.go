package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apprunner"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
)

func init() {
	register(&command{
		name:    "logs",
		summary: "print a service's application logs (or its build and deployment logs with --build)",
		example: "berth logs my-app-service -f\nberth logs my-app-service --build --since 1h",
		run:     runLogs,
	})
}

func runLogs(e *env, args []string) error {
	fs := newFlagSet(e, commands["logs"])
	var cf clientFlags
	cf.register(fs)
	follow := fs.Bool("f", false, "keep printing new lines")
	build := fs.Bool("build", false, "the service log group (builds, deployments) instead of the application's")
	since := fs.Duration("since", time.Hour, "how far back to start")
	output := fs.String("output", "text", "text or json")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("berth logs SERVICE", "want one service name or ARN")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := cf.sdkConfig(ctx)
	if err != nil {
		return err
	}
	svcs, err := apprunner.NewFromConfig(cfg).ListServices(ctx, &apprunner.ListServicesInput{})
	if err != nil {
		return fmt.Errorf("cannot reach berth at %s: %w", cf.endpoint, err)
	}
	group := ""
	for _, s := range svcs.ServiceSummaryList {
		if deref(s.ServiceName) == pos[0] || deref(s.ServiceArn) == pos[0] {
			kind := "application"
			if *build {
				kind = "service"
			}
			group = "/aws/apprunner/" + deref(s.ServiceName) + "/" + deref(s.ServiceId) + "/" + kind
		}
	}
	if group == "" {
		return usagef("berth status", "no service named %s", pos[0])
	}
	cl := cloudwatchlogs.NewFromConfig(cfg)
	start := time.Now().Add(-*since).UnixMilli()
	seen := map[string]bool{}
	for {
		var token *string
		for {
			out, err := cl.FilterLogEvents(ctx, &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String(group), StartTime: aws.Int64(start), NextToken: token})
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return err
			}
			for _, ev := range out.Events {
				if seen[deref(ev.EventId)] {
					continue
				}
				seen[deref(ev.EventId)] = true
				ts := time.UnixMilli(aws.ToInt64(ev.Timestamp))
				if *output == "json" {
					e.printf("{\"time\":%q,\"stream\":%q,\"message\":%q}\n", ts.UTC().Format(time.RFC3339Nano), deref(ev.LogStreamName), strings.TrimRight(deref(ev.Message), "\n"))
				} else {
					e.printf("%s %s %s\n", ts.Local().Format("15:04:05.000"), deref(ev.LogStreamName), strings.TrimRight(deref(ev.Message), "\n"))
				}
				if ms := aws.ToInt64(ev.Timestamp); ms > start {
					start = ms
				}
			}
			if out.NextToken == nil || *out.NextToken == "" {
				break
			}
			token = out.NextToken
		}
		if !*follow {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
}
