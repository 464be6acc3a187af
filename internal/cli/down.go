package cli

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apprunner"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
)

// PlatformStack is the name `berth up` gives the platform team's stack.
const PlatformStack = "berth-platform"

func init() {
	register(&command{
		name:    "down",
		summary: "clean up as the article does: app stacks, then the platform stack, the log groups, the connections (--purge: the data dir)",
		example: "berth down\nberth down --purge   # with the server stopped first",
		run:     runDown,
	})
}

func runDown(e *env, args []string) error {
	fs := newFlagSet(e, commands["down"])
	var cf clientFlags
	cf.register(fs)
	purge := fs.Bool("purge", false, "also delete the data dir (the server must be stopped)")
	quiet := fs.Bool("q", false, "print nothing but errors")
	if err := fs.Parse(args); err != nil {
		return err
	}
	say := func(format string, a ...any) {
		if !*quiet {
			e.printf(format, a...)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if serverUp(ctx, cf.endpoint) {
		cfg, err := cf.sdkConfig(ctx)
		if err != nil {
			return err
		}
		cfn := cloudformation.NewFromConfig(cfg)
		stacks, err := cfn.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{})
		if err != nil {
			return err
		}
		var app []string
		platform := false
		for _, s := range stacks.Stacks {
			if s.StackStatus == cfntypes.StackStatusDeleteComplete {
				continue
			}
			if deref(s.StackName) == PlatformStack {
				platform = true
				continue
			}
			app = append(app, deref(s.StackName))
		}
		if platform {
			app = append(app, PlatformStack) // the platform goes last, as in the article
		}
		for _, name := range app {
			say("deleting stack %s ... ", name)
			if err := deleteStack(ctx, cfn, name); err != nil {
				return err
			}
			say("done\n")
		}
		lg := cloudwatchlogs.NewFromConfig(cfg)
		groups, err := lg.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/aws/apprunner/")})
		if err == nil {
			for _, g := range groups.LogGroups {
				if _, err := lg.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: g.LogGroupName}); err == nil {
					say("deleted log group %s\n", deref(g.LogGroupName))
				}
			}
		}
		ar := apprunner.NewFromConfig(cfg)
		conns, err := ar.ListConnections(ctx, &apprunner.ListConnectionsInput{})
		if err == nil {
			for _, c := range conns.ConnectionSummaryList {
				if _, err := ar.DeleteConnection(ctx, &apprunner.DeleteConnectionInput{ConnectionArn: c.ConnectionArn}); err == nil {
					say("deleted connection %s\n", deref(c.ConnectionName))
				}
			}
		}
	} else if !*purge {
		return fmt.Errorf("no berth answers at %s: start it (berth server) to clean up, or use --purge to delete the data dir", cf.endpoint)
	}
	if *purge {
		if serverUp(ctx, cf.endpoint) {
			return usagef("stop the server, then: berth down --purge", "berth is still running at %s; stop it before deleting its data dir", cf.endpoint)
		}
		if _, err := os.Stat(cf.data); err == nil {
			if err := os.RemoveAll(cf.data); err != nil {
				return err
			}
			say("deleted data dir %s\n", cf.data)
		}
	}
	return nil
}

func serverUp(ctx context.Context, endpoint string) bool {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(endpoint, "/")+"/_berth/health", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func deleteStack(ctx context.Context, cfn *cloudformation.Client, name string) error {
	if _, err := cfn.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String(name)}); err != nil {
		return err
	}
	for {
		out, err := cfn.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
		if err != nil {
			return nil // gone
		}
		st := out.Stacks[0].StackStatus
		switch st {
		case cfntypes.StackStatusDeleteComplete:
			return nil
		case cfntypes.StackStatusDeleteFailed:
			return fmt.Errorf("stack %s: %s: %s", name, st, deref(out.Stacks[0].StackStatusReason))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(300 * time.Millisecond):
		}
	}
}
