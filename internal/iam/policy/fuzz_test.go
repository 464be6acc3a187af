package policy

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// fuzzSeeds are documents that exercise every grammar branch.
func fuzzSeeds(f *testing.F) []string {
	seeds := []string{
		stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}/*"}`),
		stmt(`{"Effect":"Deny","NotAction":["iam:*"],"NotResource":"arn:aws:iam::*:role/x","Condition":{"ForAllValues:StringLike":{"aws:TagKeys":["a*"]},"NumericLessThanIfExists":{"s3:max-keys":10},"Null":{"aws:TokenIssueTime":true}}}`),
		stmt(`{"Effect":"Allow","Principal":{"AWS":["123456789012","arn:aws:iam::123456789012:role/r"],"Federated":"accounts.google.com"},"Action":"sts:AssumeRole","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","::1"]},"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"},"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:t"},"BinaryEquals":{"x:b":"QQ=="},"Bool":{"aws:SecureTransport":"${x:tls, 'true'}"}}}`),
		`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
		`{"Version":"2012-10-17","Statement":[]}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get\u002a","Resource":"\ud83d\ude00"}}`,
		`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[`,
		`{"a":1e999,"b":-0.5E-3,"c":"\u00e9\\\"\/\b\f\n\r\t"}`,
		"",
	}
	for _, name := range []string{"trust-policy.json", "permissions-policy.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", "seed", name))
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, string(b))
	}
	return seeds
}

// fuzzRequests are evaluated against every document that parses.
var fuzzRequests = []*Request{
	{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/bob/k"},
	{Action: "sts:AssumeRole", Principal: &Principal{AWS: []string{"arn:aws:sts::123456789012:assumed-role/r/s"}}},
	{Action: "iam:PassRole", Resource: "*", Principal: &Principal{Federated: []string{"accounts.google.com"}}},
}

func init() {
	for _, r := range fuzzRequests {
		r.Context.Set("aws:username", "bob")
		r.Context.Set("aws:TagKeys", "a", "b")
		r.Context.Set("aws:SourceIp", "10.1.2.3")
		r.Context.Set("aws:CurrentTime", "2024-01-01T00:00:00Z")
	}
}

// FuzzParse: Parse never panics, rejects only with a *MalformedError that
// carries a message, and whatever it accepts can be evaluated.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		for k := range 4 {
			f.Add(s, uint8(k))
		}
	}
	f.Fuzz(func(t *testing.T, doc string, kind uint8) {
		p, err := Parse(doc, Kind(kind%4))
		if err != nil {
			var me *MalformedError
			if !errors.As(err, &me) || me.Msg == "" || p != nil {
				t.Fatalf("bad error %#v", err)
			}
			return
		}
		if len(p.Statements) == 0 {
			t.Fatal("accepted a policy without statements")
		}
		for _, req := range fuzzRequests {
			checkResult(t, Evaluate(req, p))
		}
	})
}

// FuzzEvaluate: any accepted document against any request never panics and
// yields a result consistent with its matched statements.
func FuzzEvaluate(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s, "s3:GetObject", "arn:aws:s3:::b/k", "aws:username", "bob")
	}
	f.Add(readSeedF(f, "permissions-policy.json"), "iam:PassRole", "*", "iam:PassedToService", "apprunner.amazonaws.com")
	f.Fuzz(func(t *testing.T, doc, action, resource, key, value string) {
		for kind := range 4 {
			p, err := Parse(doc, Kind(kind))
			if err != nil {
				continue
			}
			req := &Request{Action: action, Resource: resource, Principal: &Principal{AWS: []string{value}, Federated: []string{value}}}
			req.Context.Set(key, value)
			r1 := Evaluate(req, p)
			checkResult(t, r1)
			if r2 := Evaluate(req, p, p); r2.Decision != r1.Decision {
				t.Fatalf("duplicating the policy changed %v to %v", r1.Decision, r2.Decision)
			}
		}
	})
}

// FuzzMatchers: the greedy matcher agrees with the exhaustive one whenever
// every '*' may cross colons (the only case the greedy one is used for).
func FuzzMatchers(f *testing.F) {
	f.Add("arn:aws:s3:::*/x?", "arn:aws:s3:::b/k/xy")
	f.Add("a*b*c", "aXbYc")
	f.Fuzz(func(t *testing.T, pattern, s string) {
		if !utf8.ValidString(pattern) {
			return // policy text is valid UTF-8 (the JSON parser rejects the rest)
		}
		toks := appendText(nil, pattern)
		if g, e := matchTokens(toks, s, false), matchTokensExhaustive(toks, s); g != e {
			t.Fatalf("pattern %q input %q: greedy %v exhaustive %v", pattern, s, g, e)
		}
	})
}

func readSeedF(f *testing.F, name string) string {
	b, err := os.ReadFile(filepath.Join("testdata", "seed", name))
	if err != nil {
		f.Fatal(err)
	}
	return string(b)
}

// checkResult asserts the Result invariants: Allowed lists only Allow
// statements, ExplicitDeny only Deny statements, ImplicitDeny none.
func checkResult(t *testing.T, r Result) {
	t.Helper()
	switch r.Decision {
	case ImplicitDeny:
		if len(r.Matched) != 0 {
			t.Fatalf("implicit deny with %d matches", len(r.Matched))
		}
	case Allowed, ExplicitDeny:
		want := Allow
		if r.Decision == ExplicitDeny {
			want = Deny
		}
		if len(r.Matched) == 0 {
			t.Fatalf("%v without matches", r.Decision)
		}
		for _, m := range r.Matched {
			if m.Statement.Effect != want {
				t.Fatalf("%v lists a %s statement", r.Decision, m.Statement.Effect)
			}
		}
	default:
		t.Fatalf("unknown decision %d", r.Decision)
	}
}
