package logs_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/berth-dev/berth/internal/logs"
)

// BenchmarkPutLogEvents measures a 1,000-event PutLogEvents batch end to
// end: SDK, HTTP, SigV4, decoding and the batched insert.
func BenchmarkPutLogEvents(b *testing.B) {
	h := newHarness(b, logs.Options{})
	ctx := context.Background()
	if err := h.Logs.EnsureGroup(ctx, "bench", 0); err != nil {
		b.Fatal(err)
	}
	if err := h.Logs.EnsureStream(ctx, "bench", "s"); err != nil {
		b.Fatal(err)
	}
	events := make([]types.InputLogEvent, 1000)
	for i := range events {
		events[i] = types.InputLogEvent{Timestamp: aws.Int64(0),
			Message: aws.String(fmt.Sprintf("2025-06-01T12:00:00Z INFO request %d served path=/api/users status=200 bytes=1534", i))}
	}
	in := &cwl.PutLogEventsInput{LogGroupName: aws.String("bench"), LogStreamName: aws.String("s"), LogEvents: events}
	// Time moves forward from batch to batch, as it does for a real
	// producer (one millisecond per event, starting an hour ago).
	next := time.Now().Add(-time.Hour).UnixMilli()
	for b.Loop() {
		for i := range events {
			*events[i].Timestamp = next
			next++
		}
		out, err := h.Client.PutLogEvents(ctx, in)
		if err != nil {
			b.Fatal(err)
		}
		if out.RejectedLogEventsInfo != nil {
			b.Fatal("events rejected: the benchmark ran past the 2-hour window")
		}
	}
	b.ReportMetric(float64(b.N*len(events))/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkAppend measures the Go API with the same 1,000-event batch.
func BenchmarkAppend(b *testing.B) {
	h := newHarness(b, logs.Options{})
	ctx := context.Background()
	if err := h.Logs.EnsureGroup(ctx, "bench", 0); err != nil {
		b.Fatal(err)
	}
	events := make([]logs.Event, 1000)
	now := time.Now()
	for i := range events {
		events[i] = logs.Event{Time: now, Message: fmt.Sprintf("2025-06-01T12:00:00Z INFO request %d served path=/api/users status=200 bytes=1534", i)}
	}
	for b.Loop() {
		if err := h.Logs.Append(ctx, "bench", "s", events); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(events))/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkWriter measures line ingestion through Writer, as process
// output capture uses it; Close is included so every line is stored.
func BenchmarkWriter(b *testing.B) {
	h := newHarness(b, logs.Options{})
	ctx := context.Background()
	if err := h.Logs.EnsureGroup(ctx, "bench", 0); err != nil {
		b.Fatal(err)
	}
	line := []byte("2025-06-01T12:00:00Z INFO request served path=/api/users status=200 bytes=1534\n")
	w := h.Logs.Writer("bench", "s")
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		if _, err := w.Write(line); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}
