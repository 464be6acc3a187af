package iam

import (
	"strings"
	"testing"
)

func TestPaths(t *testing.T) {
	cases := []struct {
		path         string
		role, policy bool
	}{
		{"/", true, true},
		{"/app/", true, true},
		{"/a/b/c/", true, true},
		{"/a b/", false, false},                              // space is outside both patterns
		{"/a:b/", true, false},                               // role paths take any printable ASCII
		{"//", false, false},                                 // nothing between the slashes
		{"///", true, false},                                 // role paths may hold "/" anywhere
		{"app/", false, false},                               // must start with /
		{"/app", false, false},                               // must end with /
		{"", false, false},                                   // empty
		{"/é/", false, false},                                // non-ASCII
		{"/" + strings.Repeat("a", 511) + "/", false, false}, // over 512
	}
	for _, c := range cases {
		if got := validRolePath(c.path); got != c.role {
			t.Errorf("validRolePath(%q) = %v", c.path, got)
		}
		if got := validPolicyPath(c.path); got != c.policy {
			t.Errorf("validPolicyPath(%q) = %v", c.path, got)
		}
	}
}

func TestChecksWording(t *testing.T) {
	var c checks
	c.name("roleName", "bad name", 64)
	c.num("maxSessionDuration", 10, 3600, 43200)
	err := c.err()
	want := "ValidationError: 2 validation errors detected: Value 'bad name' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; " +
		"Value '10' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600"
	if err == nil || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
	var ok checks
	ok.name("roleName", "a+b=c,d.e@f-g_h", 64)
	if ok.err() != nil {
		t.Fatal(ok.err())
	}
}

func TestPolicySize(t *testing.T) {
	if n := policySize("{ \"a\" :\n\t1 }\r\n"); n != 7 {
		t.Fatalf("policySize = %d", n)
	}
}
