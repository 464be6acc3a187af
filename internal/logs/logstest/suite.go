// Package logstest is the CloudWatch Logs conformance suite. It drives a
// Logs endpoint through aws-sdk-go-v2 (and, in cli.go, the AWS CLI)
// exactly as a user would, so the same cases run against the component on
// its own (internal/logs tests) and inside a full berth server
// (internal/e2e).
package logstest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/smithy-go"

	"github.com/berth-dev/berth/internal/logs"
)

// Target is an endpoint under test.
type Target struct {
	// Client talks to the endpoint with root credentials.
	Client *cwl.Client
	// Logs is the component behind it, for cases that use the Go API.
	Logs *logs.Logs
}

// Run runs every API case against tg. Cases use distinct log group
// names, so they may share one endpoint.
func Run(t *testing.T, tg Target) {
	t.Run("LogGroups", func(t *testing.T) { testLogGroups(t, tg) })
	t.Run("DescribeLogGroupsPaging", func(t *testing.T) { testDescribeLogGroupsPaging(t, tg) })
	t.Run("Retention", func(t *testing.T) { testRetention(t, tg) })
	t.Run("LogStreams", func(t *testing.T) { testLogStreams(t, tg) })
	t.Run("DescribeLogStreamsOrder", func(t *testing.T) { testDescribeLogStreamsOrder(t, tg) })
	t.Run("PutLogEventsRules", func(t *testing.T) { testPutLogEventsRules(t, tg) })
	t.Run("PutLogEventsRejected", func(t *testing.T) { testPutLogEventsRejected(t, tg) })
	t.Run("GetLogEvents", func(t *testing.T) { testGetLogEvents(t, tg) })
	t.Run("GetLogEventsPaginator", func(t *testing.T) { testGetLogEventsPaginator(t, tg) })
	t.Run("FilterLogEvents", func(t *testing.T) { testFilterLogEvents(t, tg) })
	t.Run("FilterLogEventsPaging", func(t *testing.T) { testFilterLogEventsPaging(t, tg) })
	t.Run("FilterLogEventsErrors", func(t *testing.T) { testFilterLogEventsErrors(t, tg) })
	t.Run("Tags", func(t *testing.T) { testTags(t, tg) })
	t.Run("GoAPI", func(t *testing.T) { testGoAPI(t, tg) })
}

var seq atomic.Int64

// GroupName returns a log group name no other case uses.
func GroupName(t testing.TB) string {
	n := strings.NewReplacer("/", "-", " ", "-").Replace(t.Name())
	return fmt.Sprintf("/berth/test/%s-%d", n, seq.Add(1))
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

// Code returns the AWS error code of an SDK error, or "".
func Code(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// WantCode fails unless err carries code.
func WantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := Code(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// mkStream creates a group (if needed) and a stream.
func mkStream(t testing.TB, c *cwl.Client, group, stream string) {
	t.Helper()
	_, err := c.CreateLogGroup(ctx(t), &cwl.CreateLogGroupInput{LogGroupName: aws.String(group)})
	if err != nil && Code(err) != "ResourceAlreadyExistsException" {
		t.Fatal(err)
	}
	_, err = c.CreateLogStream(ctx(t), &cwl.CreateLogStreamInput{LogGroupName: aws.String(group), LogStreamName: aws.String(stream)})
	must(t, err)
}

// put sends messages at the given millisecond timestamps.
func put(t testing.TB, c *cwl.Client, group, stream string, ts []int64, msgs ...string) *cwl.PutLogEventsOutput {
	t.Helper()
	var evs []types.InputLogEvent
	for i, m := range msgs {
		evs = append(evs, types.InputLogEvent{Timestamp: aws.Int64(ts[i]), Message: aws.String(m)})
	}
	out, err := c.PutLogEvents(ctx(t), &cwl.PutLogEventsInput{LogGroupName: aws.String(group), LogStreamName: aws.String(stream), LogEvents: evs})
	must(t, err)
	return out
}

// times returns n timestamps one millisecond apart starting at base.
func times(base int64, n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = base + int64(i)
	}
	return out
}

// nowMs is the wall clock in epoch milliseconds.
func nowMs() int64 { return time.Now().UnixMilli() }

func messagesOf(evs []types.OutputLogEvent) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = aws.ToString(e.Message)
	}
	return out
}

func filteredMessages(evs []types.FilteredLogEvent) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = aws.ToString(e.Message)
	}
	return out
}

func wantStrings(t testing.TB, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
		t.Fatalf("%s = %q, want %q", what, got, want)
	}
}
