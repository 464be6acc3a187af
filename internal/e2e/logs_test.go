package e2e

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/berth-dev/berth/internal/logs"
	"github.com/berth-dev/berth/internal/logs/logstest"
	"github.com/berth-dev/berth/internal/servertest"
)

// logsTarget points the CloudWatch Logs conformance suite at a full
// server. The Go API cases run when the server exposes the component.
func logsTarget(t *testing.T, b *servertest.Berth) logstest.Target {
	t.Helper()
	tg := logstest.Target{Client: cloudwatchlogs.NewFromConfig(b.RootConfig())}
	if lp, ok := any(b.Server).(interface{ Logs() *logs.Logs }); ok {
		tg.Logs = lp.Logs()
	}
	if _, err := tg.Client.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{}); err != nil {
		t.Fatalf("CloudWatch Logs is not served (is logs.New registered in internal/server?): %v", err)
	}
	return tg
}

// TestLogsAPI runs every Logs operation and its errors through
// aws-sdk-go-v2 against a real server.
func TestLogsAPI(t *testing.T) {
	b := servertest.Start(t)
	logstest.Run(t, logsTarget(t, b))
}

// TestLogsCLI runs the AWS CLI against a real server: `logs tail` with
// and without --follow (CLI v2), filter-log-events --filter-pattern and a
// refused put-retention-policy.
func TestLogsCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the AWS CLI")
	}
	b := servertest.Start(t)
	logstest.RunCLI(t, logsTarget(t, b), logstest.CLI{Endpoint: b.Endpoint, Env: b.CLIEnv()})
}
