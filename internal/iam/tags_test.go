package iam

import (
	"testing"
)

func TestMergeAndRemoveTags(t *testing.T) {
	got, err := mergeTags([]Tag{{"Team", "a"}, {"env", "dev"}}, []Tag{{"team", "b"}, {"new", "1"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []Tag{{"team", "b"}, {"env", "dev"}, {"new", "1"}}
	if len(got) != len(want) {
		t.Fatalf("merge = %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("merge = %v, want %v", got, want)
		}
	}
	if left := removeTags(got, []string{"TEAM", "absent"}); len(left) != 2 || left[0].Key != "env" {
		t.Fatalf("remove = %v", left)
	}
	full := make([]Tag, maxTags)
	for i := range full {
		full[i] = Tag{Key: string(rune('A' + i))}
	}
	if _, err := mergeTags(full, []Tag{{"zz", ""}}); code(err) != "LimitExceeded" {
		t.Fatalf("51st tag: %v", err)
	}
}

func TestCheckTags(t *testing.T) {
	cases := []struct {
		tags []Tag
		code string
	}{
		{[]Tag{{"k", "v"}, {"Name", ""}, {"a.b:c/d=e+f-g@h", "x y"}}, ""},
		{[]Tag{{"", "v"}}, "ValidationError"},
		{[]Tag{{"k|", "v"}}, "ValidationError"},
		{[]Tag{{"k", "v"}, {"K", "w"}}, "InvalidInput"},
		{[]Tag{{"aws:reserved", "v"}}, "InvalidInput"},
		{make([]Tag, 51), "ValidationError"},
	}
	for i, c := range cases {
		if got := code(checkTags("tags", c.tags)); got != c.code {
			t.Errorf("case %d: code %q, want %q", i, got, c.code)
		}
	}
	ctx := tagContext([]Tag{{"team", "a"}, {"env", "b"}})
	if len(ctx["aws:TagKeys"]) != 2 || ctx["aws:RequestTag/env"][0] != "b" {
		t.Fatalf("tagContext = %v", ctx)
	}
}
