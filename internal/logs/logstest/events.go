package logstest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

const hour = int64(3600_000)

func testPutLogEventsRules(t *testing.T, tg Target) {
	c := tg.Client
	g := GroupName(t)
	mkStream(t, c, g, "s")
	now := nowMs()
	putRaw := func(evs []types.InputLogEvent, stream string) error {
		_, err := c.PutLogEvents(ctx(t), &cwl.PutLogEventsInput{LogGroupName: aws.String(g), LogStreamName: aws.String(stream), LogEvents: evs})
		return err
	}
	ev := func(ts int64, m string) types.InputLogEvent {
		return types.InputLogEvent{Timestamp: aws.Int64(ts), Message: aws.String(m)}
	}
	WantCode(t, putRaw([]types.InputLogEvent{ev(now, "b"), ev(now-1, "a")}, "s"), "InvalidParameterException")
	WantCode(t, putRaw([]types.InputLogEvent{ev(now-25*hour, "a"), ev(now, "b")}, "s"), "InvalidParameterException")
	WantCode(t, putRaw([]types.InputLogEvent{ev(now, "a")}, "missing"), "ResourceNotFoundException")
	big := strings.Repeat("x", 200_000)
	var tooBig []types.InputLogEvent
	for range 6 {
		tooBig = append(tooBig, ev(now, big))
	}
	WantCode(t, putRaw(tooBig, "s"), "InvalidParameterException")
	var tooMany []types.InputLogEvent
	for range 10_001 {
		tooMany = append(tooMany, ev(now, "m"))
	}
	WantCode(t, putRaw(tooMany, "s"), "InvalidParameterException")
	_, err := c.PutLogEvents(ctx(t), &cwl.PutLogEventsInput{LogGroupName: aws.String(g + "-missing"), LogStreamName: aws.String("s"),
		LogEvents: []types.InputLogEvent{ev(now, "a")}})
	WantCode(t, err, "ResourceNotFoundException")

	// A full batch of exactly 10,000 events is fine, and the sequence
	// token is accepted and ignored, as AWS does today.
	var full []types.InputLogEvent
	for i := range 10_000 {
		full = append(full, ev(now-10_000+int64(i), fmt.Sprintf("event %05d", i)))
	}
	out, err := c.PutLogEvents(ctx(t), &cwl.PutLogEventsInput{LogGroupName: aws.String(g), LogStreamName: aws.String("s"), LogEvents: full,
		SequenceToken: aws.String("49000000000000000000000000000000000000000000000000000000")})
	must(t, err)
	if aws.ToString(out.NextSequenceToken) == "" || out.RejectedLogEventsInfo != nil {
		t.Fatalf("put = token %q rejected %+v", aws.ToString(out.NextSequenceToken), out.RejectedLogEventsInfo)
	}
	out2 := put(t, c, g, "s", []int64{now}, "after")
	if aws.ToString(out2.NextSequenceToken) == aws.ToString(out.NextSequenceToken) {
		t.Fatal("the sequence token did not advance")
	}
}

func testPutLogEventsRejected(t *testing.T, tg Target) {
	c := tg.Client
	g := GroupName(t)
	mkStream(t, c, g, "s")
	now := nowMs()
	// Chronological and within 24h of each other, but the first two are
	// older than 14 days and the last is more than 2 hours ahead... which
	// cannot all hold in one batch, so check each edge in its own batch.
	out := put(t, c, g, "s", []int64{now - 15*24*hour, now - 15*24*hour + 1, now - 15*24*hour + 2}, "old1", "old2", "old3")
	ri := out.RejectedLogEventsInfo
	if ri == nil || aws.ToInt32(ri.TooOldLogEventEndIndex) != 2 || ri.TooNewLogEventStartIndex != nil {
		t.Fatalf("too old: rejected = %+v", ri)
	}
	out = put(t, c, g, "s", []int64{now, now + 3*hour}, "ok", "future")
	ri = out.RejectedLogEventsInfo
	if ri == nil || ri.TooNewLogEventStartIndex == nil || *ri.TooNewLogEventStartIndex != 1 || ri.TooOldLogEventEndIndex != nil {
		t.Fatalf("too new: rejected = %+v", ri)
	}
	// Older than the group's retention: expired.
	_, err := c.PutRetentionPolicy(ctx(t), &cwl.PutRetentionPolicyInput{LogGroupName: aws.String(g), RetentionInDays: aws.Int32(1)})
	must(t, err)
	out = put(t, c, g, "s", []int64{now - 30*hour, now - 30*hour + 1, now - 20*hour}, "exp1", "exp2", "kept")
	ri = out.RejectedLogEventsInfo
	if ri == nil || ri.ExpiredLogEventEndIndex == nil || *ri.ExpiredLogEventEndIndex != 1 {
		t.Fatalf("expired: rejected = %+v", ri)
	}
	ev, err := c.GetLogEvents(ctx(t), &cwl.GetLogEventsInput{LogGroupName: aws.String(g), LogStreamName: aws.String("s"), StartFromHead: aws.Bool(true)})
	must(t, err)
	wantStrings(t, "stored events", messagesOf(ev.Events), []string{"kept", "ok"})
}

func testGetLogEvents(t *testing.T, tg Target) {
	c := tg.Client
	g := GroupName(t)
	mkStream(t, c, g, "s")
	base := nowMs() - 60_000
	var msgs []string
	for i := range 10 {
		msgs = append(msgs, fmt.Sprintf("m%d", i))
	}
	put(t, c, g, "s", times(base, 10), msgs...)
	get := func(in cwl.GetLogEventsInput) *cwl.GetLogEventsOutput {
		t.Helper()
		in.LogGroupName, in.LogStreamName = aws.String(g), aws.String("s")
		out, err := c.GetLogEvents(ctx(t), &in)
		must(t, err)
		return out
	}
	// Without a token: the newest events, listed oldest first.
	tail := get(cwl.GetLogEventsInput{Limit: aws.Int32(3)})
	wantStrings(t, "tail", messagesOf(tail.Events), []string{"m7", "m8", "m9"})
	// Backward from there.
	back := get(cwl.GetLogEventsInput{Limit: aws.Int32(3), NextToken: tail.NextBackwardToken})
	wantStrings(t, "backward", messagesOf(back.Events), []string{"m4", "m5", "m6"})
	// Forward from the tail: nothing new, and the same token comes back.
	fwd := get(cwl.GetLogEventsInput{NextToken: tail.NextForwardToken})
	if len(fwd.Events) != 0 || aws.ToString(fwd.NextForwardToken) != aws.ToString(tail.NextForwardToken) {
		t.Fatalf("forward at end = %q, token %q vs %q", messagesOf(fwd.Events), aws.ToString(fwd.NextForwardToken), aws.ToString(tail.NextForwardToken))
	}
	put(t, c, g, "s", []int64{base + 100}, "m10")
	fwd = get(cwl.GetLogEventsInput{NextToken: tail.NextForwardToken})
	wantStrings(t, "forward after put", messagesOf(fwd.Events), []string{"m10"})

	head := get(cwl.GetLogEventsInput{StartFromHead: aws.Bool(true), Limit: aws.Int32(4)})
	wantStrings(t, "head", messagesOf(head.Events), []string{"m0", "m1", "m2", "m3"})
	next := get(cwl.GetLogEventsInput{Limit: aws.Int32(4), NextToken: head.NextForwardToken})
	wantStrings(t, "head next", messagesOf(next.Events), []string{"m4", "m5", "m6", "m7"})

	// startTime inclusive, endTime exclusive.
	rng := get(cwl.GetLogEventsInput{StartTime: aws.Int64(base + 2), EndTime: aws.Int64(base + 5), StartFromHead: aws.Bool(true)})
	wantStrings(t, "range", messagesOf(rng.Events), []string{"m2", "m3", "m4"})
	if e := rng.Events[0]; aws.ToInt64(e.Timestamp) != base+2 || aws.ToInt64(e.IngestionTime) == 0 {
		t.Fatalf("event = %+v", e)
	}

	_, err := c.GetLogEvents(ctx(t), &cwl.GetLogEventsInput{LogGroupName: aws.String(g), LogStreamName: aws.String("nope")})
	WantCode(t, err, "ResourceNotFoundException")
	_, err = c.GetLogEvents(ctx(t), &cwl.GetLogEventsInput{LogGroupName: aws.String(g), LogStreamName: aws.String("s"), NextToken: aws.String("f/bogus")})
	WantCode(t, err, "InvalidParameterException")
	_, err = c.GetLogEvents(ctx(t), &cwl.GetLogEventsInput{LogStreamName: aws.String("s")})
	WantCode(t, err, "InvalidParameterException")

	// An empty stream still hands out a forward token that sees later events.
	mkStream(t, c, g, "empty")
	empty, err := c.GetLogEvents(ctx(t), &cwl.GetLogEventsInput{LogGroupName: aws.String(g), LogStreamName: aws.String("empty")})
	must(t, err)
	put(t, c, g, "empty", []int64{base}, "first")
	later, err := c.GetLogEvents(ctx(t), &cwl.GetLogEventsInput{LogGroupName: aws.String(g), LogStreamName: aws.String("empty"), NextToken: empty.NextForwardToken})
	must(t, err)
	wantStrings(t, "after empty", messagesOf(later.Events), []string{"first"})
}

// testGetLogEventsPaginator checks the SDK's paginator ends when asked
// to stop on a repeated token: the forward token comes back unchanged at
// the end of the stream.
func testGetLogEventsPaginator(t *testing.T, tg Target) {
	c := tg.Client
	g := GroupName(t)
	mkStream(t, c, g, "s")
	base := nowMs() - 60_000
	var msgs []string
	for i := range 25 {
		msgs = append(msgs, fmt.Sprintf("p%02d", i))
	}
	put(t, c, g, "s", times(base, 25), msgs...)
	var got []string
	p := cwl.NewGetLogEventsPaginator(c, &cwl.GetLogEventsInput{LogGroupName: aws.String(g), LogStreamName: aws.String("s"),
		StartFromHead: aws.Bool(true), Limit: aws.Int32(10)}, func(o *cwl.GetLogEventsPaginatorOptions) { o.StopOnDuplicateToken = true })
	for i := 0; p.HasMorePages(); i++ {
		if i > 10 {
			t.Fatal("paginator does not stop")
		}
		out, err := p.NextPage(ctx(t))
		must(t, err)
		got = append(got, messagesOf(out.Events)...)
	}
	wantStrings(t, "paged", got, msgs)
}
