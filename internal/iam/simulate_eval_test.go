package iam

import (
	"github.com/berth-dev/berth/internal/wildcard"

	"regexp"
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/iam/policy"
)

func TestWildcardMatch(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"iam:*", "iam:passrole", true},
		{"iam:pass*", "iam:passrole", true},
		{"iam:pass?ole", "iam:passrole", true},
		{"iam:pass?ole", "iam:passole", false},
		{"*:get*", "s3:getobject", true},
		{"s3:*object", "s3:getobjectacl", false},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
		{"", "", true},
		{"", "a", false},
	}
	for _, c := range cases {
		if got := wildcard.Match(c.pattern, c.s); got != c.want {
			t.Errorf("wildcard.Match(%q, %q) = %v", c.pattern, c.s, got)
		}
	}
}

// FuzzWildcardMatch compares the matcher with a regular-expression model.
func FuzzWildcardMatch(f *testing.F) {
	f.Add("iam:*", "iam:PassRole")
	f.Add("a*?b", "axxb")
	f.Add("**?", "")
	f.Fuzz(func(t *testing.T, pattern, s string) {
		if len(pattern) > 64 || len(s) > 64 {
			return
		}
		var re strings.Builder
		re.WriteString("(?s)^")
		for i := 0; i < len(pattern); i++ {
			switch pattern[i] {
			case '*':
				re.WriteString(".*")
			case '?':
				re.WriteString(".")
			default:
				re.WriteString(regexp.QuoteMeta(string(pattern[i])))
			}
		}
		re.WriteString("$")
		// Compare bytewise: '?' and '.' in the model must see bytes too.
		model := regexp.MustCompile(strings.ReplaceAll(re.String(), ".", `[\x00-\x{10FFFF}]`))
		if !isASCII(pattern) || !isASCII(s) {
			return
		}
		if got, want := wildcard.Match(pattern, s), model.MatchString(s); got != want {
			t.Fatalf("wildcard.Match(%q, %q) = %v, model %v", pattern, s, got, want)
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func TestMissingKeys(t *testing.T) {
	p, err := policy.Parse(`{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringLike":{"iam:PassedToService":"apprunner.amazonaws.com"}}},
		{"Effect":"Allow","NotAction":"iam:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}`, policy.Identity)
	if err != nil {
		t.Fatal(err)
	}
	s := &simulation{identity: []*policy.Policy{p}}
	if got := s.missingKeys("iam:PassRole"); strings.Join(got, ",") != "iam:PassedToService" {
		t.Fatalf("PassRole missing = %v", got)
	}
	if got := s.missingKeys("s3:GetObject"); strings.Join(got, ",") != "aws:SourceIp" {
		t.Fatalf("GetObject missing = %v", got)
	}
	s.context.Set("IAM:PASSEDTOSERVICE", "x")
	if got := s.missingKeys("iam:PassRole"); len(got) != 0 {
		t.Fatalf("supplied key reported missing: %v", got)
	}
}
