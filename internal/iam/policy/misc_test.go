package policy

import (
	"slices"
	"testing"
	"time"
)

// Decision strings are the simulator's EvalDecision values.
func TestDecisionString(t *testing.T) {
	for d, want := range map[Decision]string{ImplicitDeny: "implicitDeny", Allowed: "allowed", ExplicitDeny: "explicitDeny", Decision(42): "implicitDeny"} {
		if d.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(d), d.String(), want)
		}
	}
	var zero Result
	if zero.Allowed() || zero.Decision != ImplicitDeny {
		t.Error("the zero Result must deny")
	}
	for k, want := range map[Kind]string{Identity: "identity", Managed: "managed", Trust: "trust", Resource: "resource", Kind(9): "unknown"} {
		if k.String() != want {
			t.Errorf("Kind %d = %q", int(k), k.String())
		}
	}
}

// Context keys are case-insensitive; values are copied; typed helpers
// produce IAM's string forms.
func TestContext(t *testing.T) {
	var c Context
	if _, ok := c.Get("aws:username"); ok {
		t.Fatal("zero Context has keys")
	}
	vals := []string{"a", "b"}
	c.Set("aws:TagKeys", vals...)
	vals[0] = "changed"
	if got, ok := c.Get("AWS:TAGKEYS"); !ok || !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("Get = %v, %v", got, ok)
	}
	c.Set("aws:TagKeys")
	if got, ok := c.Get("aws:tagkeys"); !ok || len(got) != 0 {
		t.Fatalf("empty set: %v, %v", got, ok)
	}
	c.SetBool("aws:SecureTransport", true)
	c.SetTime("aws:CurrentTime", time.Date(2024, 5, 6, 7, 8, 9, 0, time.FixedZone("", 3600)))
	if v, _ := c.Get("aws:securetransport"); v[0] != "true" {
		t.Errorf("SetBool = %v", v)
	}
	if v, _ := c.Get("aws:currenttime"); v[0] != "2024-05-06T06:08:09Z" {
		t.Errorf("SetTime = %v", v)
	}
	c.Delete("AWS:SecureTransport")
	if _, ok := c.Get("aws:SecureTransport"); ok {
		t.Error("Delete kept the key")
	}
	keys := c.Keys()
	slices.Sort(keys)
	if !slices.Equal(keys, []string{"aws:currenttime", "aws:tagkeys"}) {
		t.Errorf("Keys = %v", keys)
	}
}

// Evaluate tolerates nil inputs and never allows on them.
func TestEvaluateNil(t *testing.T) {
	p := mustParse(t, stmt(`{"Effect":"Allow","Action":"*","Resource":"*"}`), Identity)
	if Evaluate(nil, p).Decision != ImplicitDeny {
		t.Error("nil request allowed")
	}
	if Evaluate(&Request{Action: "s3:GetObject"}, nil, p).Decision != Allowed {
		t.Error("nil policy not skipped")
	}
}

// Policy variable syntax (Variables and tags: special characters, default
// values).
func TestParseTemplate(t *testing.T) {
	cases := []struct {
		in    string
		parts []templatePart
	}{
		{"plain", []templatePart{{kind: partText, text: "plain"}}},
		{"a/${aws:username}/b", []templatePart{{kind: partText, text: "a/"}, {kind: partVar, text: "aws:username", raw: "aws:username"}, {kind: partText, text: "/b"}}},
		{"${ AWS:UserName }", []templatePart{{kind: partVar, text: "aws:username", raw: "AWS:UserName"}}},
		{"${aws:userid, 'anonymous'}", []templatePart{{kind: partVar, text: "aws:userid", raw: "aws:userid", def: "anonymous", hasDefault: true}}},
		{"${k,'it''s'}", []templatePart{{kind: partVar, text: "k", raw: "k", def: "it's", hasDefault: true}}},
		{"${*}${?}${$}", []templatePart{{kind: partEscaped, text: "*"}, {kind: partEscaped, text: "?"}, {kind: partEscaped, text: "$"}}},
		{"${k, unquoted}", []templatePart{{kind: partText, text: "${k, unquoted}"}}},
		{"${k, 'open}", []templatePart{{kind: partText, text: "${k, 'open}"}}},
		{"${a${b}}", []templatePart{{kind: partText, text: "${a"}, {kind: partVar, text: "b", raw: "b"}, {kind: partText, text: "}"}}},
		{"", []templatePart{{kind: partText}}},
	}
	for _, tc := range cases {
		got := parseTemplate(tc.in, true)
		if !slices.Equal(got.parts, tc.parts) {
			t.Errorf("parseTemplate(%q) = %+v, want %+v", tc.in, got.parts, tc.parts)
		}
	}
	if got := parseTemplate("${aws:username}", false); got.hasVars || got.parts[0].text != "${aws:username}" {
		t.Errorf("variables disabled: %+v", got)
	}
}

// The JSON reader is strict RFC 8259 plus IAM's needs.
func TestParseJSON(t *testing.T) {
	good := []string{`{}`, ` {"a":[1,-0.5e+3,true,false,null,"\u00e9\ud83d\ude00\n"]} `, `"x"`, `[]`}
	bad := []string{``, `{`, `{"a"}`, `{"a":1,}`, `[1,]`, `01`, `1.`, `-`, `"\x"`, "\"a\tb\"", `{"a":1,"a":2}`, `tru`, `"\u12"`, "\"\xff\"", `{} {}`}
	for _, s := range good {
		if _, err := parseJSON(s); err != nil {
			t.Errorf("parseJSON(%q): %v", s, err)
		}
	}
	for _, s := range bad {
		if _, err := parseJSON(s); err == nil {
			t.Errorf("parseJSON(%q) accepted", s)
		}
	}
	deep := ""
	for range maxJSONDepth + 1 {
		deep += "["
	}
	if _, err := parseJSON(deep); err == nil {
		t.Error("accepted nesting beyond the limit")
	}
	v, _ := parseJSON(`{"s":"\ud83d\ude00 \u00e9"}`)
	if s, _ := v.get("s"); s.str != "😀 é" {
		t.Errorf("escapes decoded as %q", s.str)
	}
}

// ContextKeys lists condition keys and variable keys once each, in document
// order; MatchesAction exposes Action/NotAction matching.
func TestInspect(t *testing.T) {
	p := mustParse(t, stmt(`[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}/*",`+
		`"Condition":{"StringLike":{"s3:prefix":"${aws:username}/${aws:PrincipalTag/team}"},"IpAddress":{"aws:SourceIp":"${not:a:variable}"}}},`+
		`{"Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"Bool":{"AWS:SecureTransport":"false"},"StringEquals":{"aws:SourceIP":"x"}}}]`), Identity)
	want := []string{"aws:username", "s3:prefix", "aws:PrincipalTag/team", "aws:SourceIp", "AWS:SecureTransport"}
	if got := p.ContextKeys(); !slices.Equal(got, want) {
		t.Errorf("ContextKeys = %v, want %v", got, want)
	}
	legacy := mustParse(t, `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}"}}`, Identity)
	if got := legacy.ContextKeys(); len(got) != 0 {
		t.Errorf("2008 policy has no variables, got %v", got)
	}
	s0, s1 := p.Statements[0], p.Statements[1]
	if !s0.MatchesAction("S3:GetObject") || s0.MatchesAction("iam:GetUser") || !s1.MatchesAction("ec2:RunInstances") || s1.MatchesAction("iam:GetUser") {
		t.Error("MatchesAction disagrees with Action/NotAction")
	}
}
