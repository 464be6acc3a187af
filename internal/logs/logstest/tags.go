//lint:file-ignore SA1019 the suite exercises the deprecated tagging operations too: clients still call them.

package logstest

import (
	"maps"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
)

func testTags(t *testing.T, tg Target) {
	c := tg.Client
	g := GroupName(t)
	arn := "arn:aws:logs:us-east-1:000000000000:log-group:" + g
	_, err := c.CreateLogGroup(ctx(t), &cwl.CreateLogGroupInput{LogGroupName: aws.String(g), Tags: map[string]string{"a": "1"}})
	must(t, err)
	wantTags := func(want map[string]string) {
		t.Helper()
		old, err := c.ListTagsLogGroup(ctx(t), &cwl.ListTagsLogGroupInput{LogGroupName: aws.String(g)})
		must(t, err)
		neu, err := c.ListTagsForResource(ctx(t), &cwl.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
		must(t, err)
		if !maps.Equal(old.Tags, want) || !maps.Equal(neu.Tags, want) {
			t.Fatalf("tags = %v / %v, want %v", old.Tags, neu.Tags, want)
		}
	}
	wantTags(map[string]string{"a": "1"})
	_, err = c.TagLogGroup(ctx(t), &cwl.TagLogGroupInput{LogGroupName: aws.String(g), Tags: map[string]string{"b": "2", "a": "one"}})
	must(t, err)
	wantTags(map[string]string{"a": "one", "b": "2"})
	_, err = c.TagResource(ctx(t), &cwl.TagResourceInput{ResourceArn: aws.String(arn + ":*"), Tags: map[string]string{"c": "3"}})
	must(t, err)
	wantTags(map[string]string{"a": "one", "b": "2", "c": "3"})
	_, err = c.UntagLogGroup(ctx(t), &cwl.UntagLogGroupInput{LogGroupName: aws.String(g), Tags: []string{"a", "zz"}})
	must(t, err)
	_, err = c.UntagResource(ctx(t), &cwl.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"b"}})
	must(t, err)
	wantTags(map[string]string{"c": "3"})

	many := map[string]string{}
	for i := range 50 {
		many[string(rune('A'+i%26))+string(rune('a'+i/26))] = "v"
	}
	_, err = c.TagResource(ctx(t), &cwl.TagResourceInput{ResourceArn: aws.String(arn), Tags: many})
	WantCode(t, err, "TooManyTagsException")
	_, err = c.TagLogGroup(ctx(t), &cwl.TagLogGroupInput{LogGroupName: aws.String(g), Tags: map[string]string{"bad key!": "v"}})
	WantCode(t, err, "InvalidParameterException")

	missing := arn + "-missing"
	_, err = c.TagResource(ctx(t), &cwl.TagResourceInput{ResourceArn: aws.String(missing), Tags: map[string]string{"a": "b"}})
	WantCode(t, err, "ResourceNotFoundException")
	_, err = c.ListTagsForResource(ctx(t), &cwl.ListTagsForResourceInput{ResourceArn: aws.String(missing)})
	WantCode(t, err, "ResourceNotFoundException")
	_, err = c.ListTagsLogGroup(ctx(t), &cwl.ListTagsLogGroupInput{LogGroupName: aws.String(g + "-missing")})
	WantCode(t, err, "ResourceNotFoundException")
	_, err = c.ListTagsForResource(ctx(t), &cwl.ListTagsForResourceInput{ResourceArn: aws.String("arn:aws:iam::000000000000:role/x")})
	WantCode(t, err, "InvalidParameterException")
}
