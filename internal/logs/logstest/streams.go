//lint:file-ignore SA1019 AWS reports zero storedBytes for streams; berth reports the real figure, which the suite checks.

package logstest

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

func testLogStreams(t *testing.T, tg Target) {
	c := tg.Client
	g := GroupName(t)
	_, err := c.CreateLogStream(ctx(t), &cwl.CreateLogStreamInput{LogGroupName: aws.String(g), LogStreamName: aws.String("s")})
	WantCode(t, err, "ResourceNotFoundException")
	mkStream(t, c, g, "app/instance-1")
	_, err = c.CreateLogStream(ctx(t), &cwl.CreateLogStreamInput{LogGroupName: aws.String(g), LogStreamName: aws.String("app/instance-1")})
	WantCode(t, err, "ResourceAlreadyExistsException")
	_, err = c.CreateLogStream(ctx(t), &cwl.CreateLogStreamInput{LogGroupName: aws.String(g), LogStreamName: aws.String("a:b")})
	WantCode(t, err, "InvalidParameterException")
	mkStream(t, c, g, "build/1")

	out, err := c.DescribeLogStreams(ctx(t), &cwl.DescribeLogStreamsInput{LogGroupName: aws.String(g)})
	must(t, err)
	if len(out.LogStreams) != 2 || aws.ToString(out.LogStreams[0].LogStreamName) != "app/instance-1" {
		t.Fatalf("streams = %+v", out.LogStreams)
	}
	s := out.LogStreams[0]
	if aws.ToString(s.Arn) != "arn:aws:logs:us-east-1:000000000000:log-group:"+g+":log-stream:app/instance-1" {
		t.Fatalf("stream arn = %s", aws.ToString(s.Arn))
	}
	if s.FirstEventTimestamp != nil || s.LastEventTimestamp != nil || aws.ToInt64(s.CreationTime) == 0 {
		t.Fatalf("empty stream = %+v", s)
	}
	out, err = c.DescribeLogStreams(ctx(t), &cwl.DescribeLogStreamsInput{LogGroupIdentifier: aws.String("arn:aws:logs:us-east-1:000000000000:log-group:" + g), LogStreamNamePrefix: aws.String("build/")})
	must(t, err)
	if len(out.LogStreams) != 1 || aws.ToString(out.LogStreams[0].LogStreamName) != "build/1" {
		t.Fatalf("by prefix = %+v", out.LogStreams)
	}
	_, err = c.DescribeLogStreams(ctx(t), &cwl.DescribeLogStreamsInput{LogGroupName: aws.String(g + "-missing")})
	WantCode(t, err, "ResourceNotFoundException")
	_, err = c.DescribeLogStreams(ctx(t), &cwl.DescribeLogStreamsInput{})
	WantCode(t, err, "InvalidParameterException")
	_, err = c.DescribeLogStreams(ctx(t), &cwl.DescribeLogStreamsInput{LogGroupName: aws.String(g), LogStreamNamePrefix: aws.String("a"), OrderBy: types.OrderByLastEventTime})
	WantCode(t, err, "InvalidParameterException")

	_, err = c.DeleteLogStream(ctx(t), &cwl.DeleteLogStreamInput{LogGroupName: aws.String(g), LogStreamName: aws.String("build/1")})
	must(t, err)
	_, err = c.DeleteLogStream(ctx(t), &cwl.DeleteLogStreamInput{LogGroupName: aws.String(g), LogStreamName: aws.String("build/1")})
	WantCode(t, err, "ResourceNotFoundException")
	_, err = c.DeleteLogStream(ctx(t), &cwl.DeleteLogStreamInput{LogGroupName: aws.String(g + "-missing"), LogStreamName: aws.String("x")})
	WantCode(t, err, "ResourceNotFoundException")
}

func testDescribeLogStreamsOrder(t *testing.T, tg Target) {
	c := tg.Client
	g := GroupName(t)
	base := nowMs() - 60_000
	// Names in one order, last event times in another.
	for i, name := range []string{"a", "b", "c", "d", "e"} {
		mkStream(t, c, g, name)
		ts := base + int64((i*3)%5)*1000
		put(t, c, g, name, []int64{ts}, "event in "+name)
	}
	mkStream(t, c, g, "z-empty")
	var byTime []string
	p := cwl.NewDescribeLogStreamsPaginator(c, &cwl.DescribeLogStreamsInput{LogGroupName: aws.String(g),
		OrderBy: types.OrderByLastEventTime, Descending: aws.Bool(true), Limit: aws.Int32(2)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx(t))
		must(t, err)
		for _, s := range out.LogStreams {
			byTime = append(byTime, aws.ToString(s.LogStreamName))
		}
	}
	// (i*3)%5 for a..e = 0,3,1,4,2 → newest first: d, b, e, c, a; the
	// stream without events sorts as oldest.
	wantStrings(t, "streams by last event desc", byTime, []string{"d", "b", "e", "c", "a", "z-empty"})

	var byName []string
	p = cwl.NewDescribeLogStreamsPaginator(c, &cwl.DescribeLogStreamsInput{LogGroupName: aws.String(g), Descending: aws.Bool(true), Limit: aws.Int32(4)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx(t))
		must(t, err)
		for _, s := range out.LogStreams {
			byName = append(byName, aws.ToString(s.LogStreamName))
		}
	}
	wantStrings(t, "streams by name desc", byName, []string{"z-empty", "e", "d", "c", "b", "a"})

	out, err := c.DescribeLogStreams(ctx(t), &cwl.DescribeLogStreamsInput{LogGroupName: aws.String(g), LogStreamNamePrefix: aws.String("c")})
	must(t, err)
	s := out.LogStreams[0]
	want := base + 1000
	if aws.ToInt64(s.FirstEventTimestamp) != want || aws.ToInt64(s.LastEventTimestamp) != want || aws.ToInt64(s.LastIngestionTime) == 0 ||
		aws.ToInt64(s.StoredBytes) != int64(len("event in c")) || aws.ToString(s.UploadSequenceToken) == "" {
		t.Fatalf("stream c = first %d last %d ingested %d bytes %d token %q", aws.ToInt64(s.FirstEventTimestamp),
			aws.ToInt64(s.LastEventTimestamp), aws.ToInt64(s.LastIngestionTime), aws.ToInt64(s.StoredBytes), aws.ToString(s.UploadSequenceToken))
	}
}
