package logstest

import (
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/berth-dev/berth/internal/logs"
)

// testGoAPI checks what other components write through the Go API is
// what API clients read.
func testGoAPI(t *testing.T, tg Target) {
	if tg.Logs == nil {
		t.Skip("target has no Go API")
	}
	c, l := tg.Client, tg.Logs
	g := GroupName(t)
	if err := l.Append(ctx(t), g, "s", []logs.Event{{Message: "x"}}); !errors.Is(err, logs.ErrGroupNotFound) {
		t.Fatalf("Append to a missing group = %v", err)
	}
	must(t, l.EnsureGroup(ctx(t), g, l.DefaultRetentionDays()))
	must(t, l.EnsureGroup(ctx(t), g, 7)) // exists: retention unchanged
	if err := l.EnsureGroup(ctx(t), g+"-x", 2); !errors.Is(err, logs.ErrInvalidRetention) {
		t.Fatalf("EnsureGroup(2 days) = %v", err)
	}
	out, err := c.DescribeLogGroups(ctx(t), &cwl.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(g)})
	must(t, err)
	if r := out.LogGroups[0].RetentionInDays; r == nil || int(*r) != l.DefaultRetentionDays() {
		t.Fatalf("retention = %v, want %d", r, l.DefaultRetentionDays())
	}
	must(t, l.EnsureStream(ctx(t), g, "build"))
	must(t, l.EnsureStream(ctx(t), g, "build"))

	t0 := time.Now().Add(-time.Minute)
	must(t, l.Append(ctx(t), g, "build", []logs.Event{{Time: t0, Message: "step 1"}, {Time: t0.Add(time.Millisecond), Message: ""}, {Time: t0.Add(2 * time.Millisecond), Message: "step 2"}}))
	// Append creates the stream on demand.
	must(t, l.Append(ctx(t), g, "app/1", []logs.Event{{Time: t0.Add(time.Millisecond), Message: "hello"}}))

	w := l.Writer(g, "app/1")
	fmt.Fprintf(w, "line one\r\nline ")
	fmt.Fprintf(w, "two\n\nline three (no newline)")
	must(t, w.Close())
	if _, err := w.Write([]byte("late\n")); !errors.Is(err, io.ErrClosedPipe) {
		t.Fatalf("Write after Close = %v", err)
	}
	fe, err := c.FilterLogEvents(ctx(t), &cwl.FilterLogEventsInput{LogGroupName: aws.String(g)})
	must(t, err)
	wantStrings(t, "events", filteredMessages(fe.Events), []string{"step 1", "hello", "step 2", "line one", "line two", "line three (no newline)"})
}
