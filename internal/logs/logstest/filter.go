//lint:file-ignore SA1019 the interleaved flag is deprecated but clients (aws logs tail) still send it.

package logstest

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
)

func testFilterLogEvents(t *testing.T, tg Target) {
	c := tg.Client
	g := GroupName(t)
	mkStream(t, c, g, "web/1")
	mkStream(t, c, g, "web/2")
	mkStream(t, c, g, "worker")
	base := nowMs() - 60_000
	put(t, c, g, "web/1", []int64{base, base + 3}, "ERROR boom", `{"level":"info","latency":12}`)
	put(t, c, g, "web/2", []int64{base + 1, base + 4}, "INFO ok", `{"level":"error","latency":250}`)
	put(t, c, g, "worker", []int64{base + 2}, "ERROR Exiting")
	filter := func(in cwl.FilterLogEventsInput) *cwl.FilterLogEventsOutput {
		t.Helper()
		in.LogGroupName = aws.String(g)
		out, err := c.FilterLogEvents(ctx(t), &in)
		must(t, err)
		return out
	}
	all := filter(cwl.FilterLogEventsInput{})
	wantStrings(t, "interleaved", filteredMessages(all.Events), []string{"ERROR boom", "INFO ok", "ERROR Exiting", `{"level":"info","latency":12}`, `{"level":"error","latency":250}`})
	if all.NextToken != nil {
		t.Fatalf("nextToken on the last page: %q", *all.NextToken)
	}
	e := all.Events[1]
	if aws.ToString(e.LogStreamName) != "web/2" || aws.ToInt64(e.Timestamp) != base+1 || aws.ToString(e.EventId) == "" || aws.ToInt64(e.IngestionTime) == 0 {
		t.Fatalf("event = %+v", e)
	}
	ids := map[string]bool{}
	for _, e := range all.Events {
		ids[aws.ToString(e.EventId)] = true
	}
	if len(ids) != len(all.Events) {
		t.Fatal("eventIds are not unique")
	}
	again := filter(cwl.FilterLogEventsInput{})
	if aws.ToString(again.Events[2].EventId) != aws.ToString(all.Events[2].EventId) {
		t.Fatal("eventIds are not stable across calls")
	}

	cases := []struct {
		name string
		in   cwl.FilterLogEventsInput
		want []string
	}{
		{"terms", cwl.FilterLogEventsInput{FilterPattern: aws.String("ERROR -Exiting")}, []string{"ERROR boom"}},
		{"or terms", cwl.FilterLogEventsInput{FilterPattern: aws.String("?boom ?ok")}, []string{"ERROR boom", "INFO ok"}},
		{"json", cwl.FilterLogEventsInput{FilterPattern: aws.String(`{ $.level = "error" && $.latency > 100 }`)}, []string{`{"level":"error","latency":250}`}},
		{"stream names", cwl.FilterLogEventsInput{LogStreamNames: []string{"worker", "web/1"}}, []string{"ERROR boom", "ERROR Exiting", `{"level":"info","latency":12}`}},
		{"stream prefix", cwl.FilterLogEventsInput{LogStreamNamePrefix: aws.String("web/")}, []string{"ERROR boom", "INFO ok", `{"level":"info","latency":12}`, `{"level":"error","latency":250}`}},
		{"unknown stream", cwl.FilterLogEventsInput{LogStreamNames: []string{"nope"}}, []string{}},
		{"time range inclusive", cwl.FilterLogEventsInput{StartTime: aws.Int64(base + 1), EndTime: aws.Int64(base + 2)}, []string{"INFO ok", "ERROR Exiting"}},
		{"interleaved flag", cwl.FilterLogEventsInput{Interleaved: aws.Bool(true), FilterPattern: aws.String("ERROR")}, []string{"ERROR boom", "ERROR Exiting"}},
	}
	for _, tc := range cases {
		out := filter(tc.in)
		wantStrings(t, tc.name, filteredMessages(out.Events), tc.want)
	}
}

func testFilterLogEventsPaging(t *testing.T, tg Target) {
	c := tg.Client
	g := GroupName(t)
	mkStream(t, c, g, "a")
	mkStream(t, c, g, "b")
	base := nowMs() - 60_000
	var want []string
	var ta, tb []int64
	var ma, mb []string
	for i := range 30 {
		m := fmt.Sprintf("line %02d", i)
		want = append(want, m)
		if i%2 == 0 {
			ta, ma = append(ta, base+int64(i)), append(ma, m)
		} else {
			tb, mb = append(tb, base+int64(i)), append(mb, m)
		}
	}
	put(t, c, g, "a", ta, ma...)
	put(t, c, g, "b", tb, mb...)
	var got []string
	pages := 0
	p := cwl.NewFilterLogEventsPaginator(c, &cwl.FilterLogEventsInput{LogGroupName: aws.String(g), Limit: aws.Int32(7)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx(t))
		must(t, err)
		pages++
		got = append(got, filteredMessages(out.Events)...)
	}
	wantStrings(t, "paged", got, want)
	if pages < 5 {
		t.Fatalf("pages = %d, want at least 5", pages)
	}
}

func testFilterLogEventsErrors(t *testing.T, tg Target) {
	c := tg.Client
	g := GroupName(t)
	mkStream(t, c, g, "s")
	_, err := c.FilterLogEvents(ctx(t), &cwl.FilterLogEventsInput{LogGroupName: aws.String(g), FilterPattern: aws.String(`{ $.a = `)})
	WantCode(t, err, "InvalidParameterException")
	_, err = c.FilterLogEvents(ctx(t), &cwl.FilterLogEventsInput{LogGroupName: aws.String(g), LogStreamNames: []string{"s"}, LogStreamNamePrefix: aws.String("s")})
	WantCode(t, err, "InvalidParameterException")
	_, err = c.FilterLogEvents(ctx(t), &cwl.FilterLogEventsInput{LogGroupName: aws.String(g + "-missing")})
	WantCode(t, err, "ResourceNotFoundException")
	_, err = c.FilterLogEvents(ctx(t), &cwl.FilterLogEventsInput{LogGroupName: aws.String(g), NextToken: aws.String("!!")})
	WantCode(t, err, "InvalidParameterException")
	_, err = c.FilterLogEvents(ctx(t), &cwl.FilterLogEventsInput{LogGroupName: aws.String(g), LogGroupIdentifier: aws.String(g)})
	WantCode(t, err, "InvalidParameterException")
	out, err := c.FilterLogEvents(ctx(t), &cwl.FilterLogEventsInput{LogGroupIdentifier: aws.String("arn:aws:logs:us-east-1:000000000000:log-group:" + g + ":*")})
	must(t, err)
	if out.Events == nil || len(out.Events) != 0 {
		t.Fatalf("events = %v", out.Events)
	}
}
