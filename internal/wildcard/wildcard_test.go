package wildcard

import (
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	for _, c := range []struct {
		p, s string
		want bool
	}{
		{"*", "", true}, {"*", "anything", true}, {"iam:*", "iam:CreateRole", true}, {"iam:*", "sts:x", false},
		{"iam:Create?ole", "iam:CreateRole", true}, {"iam:Create?ole", "iam:CreateRRole", false},
		{"a*b*c", "axxbyyc", true}, {"a*b*c", "axxbyy", false}, {"", "", true}, {"", "a", false},
		{"*:*", "cloudformation:CreateStack", true}, {"a?", "a", false}, {strings.Repeat("*a", 30) + "b", strings.Repeat("a", 60), false},
	} {
		if got := Match(c.p, c.s); got != c.want {
			t.Errorf("Match(%q, %q) = %v, want %v", c.p, c.s, got, c.want)
		}
	}
}

func FuzzMatch(f *testing.F) {
	f.Add("a*b?c", "axbyc")
	f.Fuzz(func(t *testing.T, p, s string) {
		if Match(p, s) && !strings.Contains(p, "*") && !strings.Contains(p, "?") && p != s {
			t.Fatalf("literal %q matched %q", p, s)
		}
	})
}
