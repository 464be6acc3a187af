package secretsmanager_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/secretsmanager"
)

// names lists a ListSecrets page's names.
func names(l secretsmanager.ListSecretsOutput) []string {
	var out []string
	for _, e := range l.SecretList {
		out = append(out, e.Name)
	}
	return out
}

func TestListSecretsPagingAndFilters(t *testing.T) {
	h := newHarness(t)
	for i, n := range []string{"prod/db", "prod/api", "dev/db", "Prod/cache", "other"} {
		h.Clock.add(time.Minute)
		tags := []obj{{"Key": "env", "Value": strings.ToLower(strings.Split(n, "/")[0])}}
		h.must("CreateSecret", obj{"Name": n, "SecretString": fmt.Sprint(i), "Description": "secret " + n, "Tags": tags}, nil)
	}
	var all []string
	token := ""
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("ListSecrets paging does not end")
		}
		var l secretsmanager.ListSecretsOutput
		in := obj{"MaxResults": 2}
		if token != "" {
			in["NextToken"] = token
		}
		h.must("ListSecrets", in, &l)
		if len(l.SecretList) > 2 {
			t.Fatalf("page of %d", len(l.SecretList))
		}
		all = append(all, names(l)...)
		if token = l.NextToken; token == "" {
			break
		}
	}
	if want := []string{"prod/db", "prod/api", "dev/db", "Prod/cache", "other"}; !slices.Equal(all, want) {
		t.Fatalf("paged listing = %v, want %v (creation order)", all, want)
	}
	cases := []struct {
		filters []obj
		want    []string
	}{
		{[]obj{{"Key": "name", "Values": []string{"prod/"}}}, []string{"prod/db", "prod/api", "Prod/cache"}},
		{[]obj{{"Key": "name", "Values": []string{"prod/", "dev"}}}, []string{"prod/db", "prod/api", "dev/db", "Prod/cache"}},
		{[]obj{{"Key": "name", "Values": []string{"prod/"}}, {"Key": "name", "Values": []string{"!prod/d"}}}, []string{"prod/api", "Prod/cache"}},
		{[]obj{{"Key": "tag-value", "Values": []string{"dev"}}}, []string{"dev/db"}},
		{[]obj{{"Key": "tag-key", "Values": []string{"Env"}}}, nil},
		{[]obj{{"Key": "description", "Values": []string{"SECRET OTHER"}}}, []string{"other"}},
		{[]obj{{"Key": "all", "Values": []string{"other"}}}, []string{"other"}},
	}
	for _, c := range cases {
		var l secretsmanager.ListSecretsOutput
		h.must("ListSecrets", obj{"Filters": c.filters}, &l)
		if !slices.Equal(names(l), c.want) {
			t.Errorf("filters %v = %v, want %v", c.filters, names(l), c.want)
		}
	}
	var l secretsmanager.ListSecretsOutput
	h.must("ListSecrets", obj{"SortBy": "name", "SortOrder": "desc", "MaxResults": 2}, &l)
	if !slices.Equal(names(l), []string{"prod/db", "prod/api"}) {
		t.Fatalf("sorted by name desc = %v", names(l))
	}
	if e := l.SecretList[0]; len(e.SecretVersionsToStages) != 1 || e.ARN == "" || e.CreatedDate == 0 {
		t.Fatalf("list entry = %+v", e)
	}
	h.wantErr("ListSecrets", obj{"Filters": []obj{{"Key": "colour", "Values": []string{"x"}}}}, "ValidationException", "")
	h.wantErr("ListSecrets", obj{"NextToken": "garbage"}, "InvalidNextTokenException", "The specified token isn't valid.")
	h.wantErr("ListSecrets", obj{"MaxResults": 101}, "ValidationException", "")
}

func TestTagAndUntag(t *testing.T) {
	h := newHarness(t)
	h.must("CreateSecret", obj{"Name": "t", "SecretString": "v", "Tags": []obj{{"Key": "a", "Value": "1"}}}, nil)
	h.must("TagResource", obj{"SecretId": "t", "Tags": []obj{{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "9"}}}, nil)
	var d secretsmanager.DescribeSecretOutput
	h.must("DescribeSecret", obj{"SecretId": "t"}, &d)
	if want := []secretsmanager.Tag{{Key: "a", Value: "9"}, {Key: "b", Value: "2"}}; !slices.Equal(d.Tags, want) {
		t.Fatalf("tags = %v, want %v", d.Tags, want)
	}
	h.must("UntagResource", obj{"SecretId": "t", "TagKeys": []string{"a", "zzz"}}, nil)
	var d2 secretsmanager.DescribeSecretOutput
	h.must("DescribeSecret", obj{"SecretId": "t"}, &d2)
	if want := []secretsmanager.Tag{{Key: "b", Value: "2"}}; !slices.Equal(d2.Tags, want) {
		t.Fatalf("tags after untag = %v", d2.Tags)
	}
	h.wantErr("TagResource", obj{"SecretId": "t"}, "ValidationException", "")
	h.wantErr("TagResource", obj{"SecretId": "t", "Tags": []obj{{"Key": "", "Value": "x"}}}, "InvalidParameterException", "")
	h.wantErr("UntagResource", obj{"SecretId": "nope", "TagKeys": []string{"a"}}, "ResourceNotFoundException", "")
	many := make([]obj, 51)
	for i := range many {
		many[i] = obj{"Key": fmt.Sprint("k", i), "Value": "v"}
	}
	h.wantErr("TagResource", obj{"SecretId": "t", "Tags": many}, "LimitExceededException", "")
}
