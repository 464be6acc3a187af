package logstest

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
)

func testLogGroups(t *testing.T, tg Target) {
	c := tg.Client
	g := GroupName(t)
	before := nowMs()
	_, err := c.CreateLogGroup(ctx(t), &cwl.CreateLogGroupInput{LogGroupName: aws.String(g), Tags: map[string]string{"team": "web"}})
	must(t, err)
	_, err = c.CreateLogGroup(ctx(t), &cwl.CreateLogGroupInput{LogGroupName: aws.String(g)})
	WantCode(t, err, "ResourceAlreadyExistsException")
	_, err = c.CreateLogGroup(ctx(t), &cwl.CreateLogGroupInput{LogGroupName: aws.String("bad name!")})
	WantCode(t, err, "InvalidParameterException")

	out, err := c.DescribeLogGroups(ctx(t), &cwl.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(g)})
	must(t, err)
	if len(out.LogGroups) != 1 {
		t.Fatalf("describe by prefix = %d groups", len(out.LogGroups))
	}
	lg := out.LogGroups[0]
	arn := "arn:aws:logs:us-east-1:000000000000:log-group:" + g
	if aws.ToString(lg.Arn) != arn+":*" || aws.ToString(lg.LogGroupArn) != arn || aws.ToString(lg.LogGroupName) != g {
		t.Fatalf("group = %s %s %s", aws.ToString(lg.LogGroupName), aws.ToString(lg.Arn), aws.ToString(lg.LogGroupArn))
	}
	if ct := aws.ToInt64(lg.CreationTime); ct < before-1000 || ct > nowMs()+1000 {
		t.Fatalf("creationTime = %d, now %d", ct, before)
	}
	if lg.RetentionInDays != nil {
		t.Fatalf("a new group has retention %d, want none", *lg.RetentionInDays)
	}
	if lg.LogGroupClass != "STANDARD" {
		t.Fatalf("class = %q", lg.LogGroupClass)
	}

	// logGroupNamePattern is a case-insensitive substring search.
	pat := strings.ToUpper(g[strings.LastIndexByte(g, '/')+1:])
	out, err = c.DescribeLogGroups(ctx(t), &cwl.DescribeLogGroupsInput{LogGroupNamePattern: aws.String(pat)})
	must(t, err)
	if len(out.LogGroups) != 1 || aws.ToString(out.LogGroups[0].LogGroupName) != g {
		t.Fatalf("describe by pattern %q = %d groups", pat, len(out.LogGroups))
	}
	_, err = c.DescribeLogGroups(ctx(t), &cwl.DescribeLogGroupsInput{LogGroupNamePattern: aws.String("x"), LogGroupNamePrefix: aws.String("x")})
	WantCode(t, err, "InvalidParameterException")
	_, err = c.DescribeLogGroups(ctx(t), &cwl.DescribeLogGroupsInput{Limit: aws.Int32(51)})
	WantCode(t, err, "InvalidParameterException")

	_, err = c.DeleteLogGroup(ctx(t), &cwl.DeleteLogGroupInput{LogGroupName: aws.String(g)})
	must(t, err)
	_, err = c.DeleteLogGroup(ctx(t), &cwl.DeleteLogGroupInput{LogGroupName: aws.String(g)})
	WantCode(t, err, "ResourceNotFoundException")
	out, err = c.DescribeLogGroups(ctx(t), &cwl.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(g)})
	must(t, err)
	if len(out.LogGroups) != 0 {
		t.Fatalf("deleted group still listed")
	}
}

func testDescribeLogGroupsPaging(t *testing.T, tg Target) {
	c := tg.Client
	prefix := GroupName(t) + "/"
	var want []string
	for i := range 7 {
		n := prefix + string(rune('a'+i))
		want = append(want, n)
		_, err := c.CreateLogGroup(ctx(t), &cwl.CreateLogGroupInput{LogGroupName: aws.String(n)})
		must(t, err)
	}
	var got []string
	pages := 0
	p := cwl.NewDescribeLogGroupsPaginator(c, &cwl.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(prefix), Limit: aws.Int32(3)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx(t))
		must(t, err)
		pages++
		for _, g := range out.LogGroups {
			got = append(got, aws.ToString(g.LogGroupName))
		}
	}
	wantStrings(t, "paged groups", got, want)
	if pages != 3 {
		t.Fatalf("pages = %d, want 3", pages)
	}
	_, err := c.DescribeLogGroups(ctx(t), &cwl.DescribeLogGroupsInput{NextToken: aws.String("garbage")})
	WantCode(t, err, "InvalidParameterException")
}

func testRetention(t *testing.T, tg Target) {
	c := tg.Client
	g := GroupName(t)
	_, err := c.CreateLogGroup(ctx(t), &cwl.CreateLogGroupInput{LogGroupName: aws.String(g)})
	must(t, err)
	_, err = c.PutRetentionPolicy(ctx(t), &cwl.PutRetentionPolicyInput{LogGroupName: aws.String(g), RetentionInDays: aws.Int32(14)})
	must(t, err)
	out, err := c.DescribeLogGroups(ctx(t), &cwl.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(g)})
	must(t, err)
	if r := out.LogGroups[0].RetentionInDays; r == nil || *r != 14 {
		t.Fatalf("retention = %v, want 14", r)
	}
	for _, bad := range []int32{0, 2, 4000, -1} {
		_, err = c.PutRetentionPolicy(ctx(t), &cwl.PutRetentionPolicyInput{LogGroupName: aws.String(g), RetentionInDays: aws.Int32(bad)})
		if bad == 0 {
			// The SDK sends 0; AWS answers that it is not an allowed value.
			if Code(err) != "InvalidParameterException" && Code(err) != "ValidationException" {
				t.Fatalf("retention 0: %v", err)
			}
			continue
		}
		WantCode(t, err, "InvalidParameterException")
	}
	_, err = c.PutRetentionPolicy(ctx(t), &cwl.PutRetentionPolicyInput{LogGroupName: aws.String(g + "-missing"), RetentionInDays: aws.Int32(1)})
	WantCode(t, err, "ResourceNotFoundException")
	_, err = c.DeleteRetentionPolicy(ctx(t), &cwl.DeleteRetentionPolicyInput{LogGroupName: aws.String(g)})
	must(t, err)
	out, err = c.DescribeLogGroups(ctx(t), &cwl.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(g)})
	must(t, err)
	if r := out.LogGroups[0].RetentionInDays; r != nil {
		t.Fatalf("retention after delete = %d", *r)
	}
	_, err = c.DeleteRetentionPolicy(ctx(t), &cwl.DeleteRetentionPolicyInput{LogGroupName: aws.String(g + "-missing")})
	WantCode(t, err, "ResourceNotFoundException")
}
