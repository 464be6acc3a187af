package iam

import (
	"strings"
	"testing"
)

func TestARNBuilders(t *testing.T) {
	cases := []struct{ got, want string }{
		{roleARN("000000000000", "/", "r"), "arn:aws:iam::000000000000:role/r"},
		{roleARN("000000000000", "/a/b/", "r"), "arn:aws:iam::000000000000:role/a/b/r"},
		{policyARN("aws", "/service-role/", "P"), "arn:aws:iam::aws:policy/service-role/P"},
		{oidcARN("000000000000", "token.actions.githubusercontent.com"), "arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com"},
		{oidcARN("000000000000", "127.0.0.1:4566/_berth/oidc"), "arn:aws:iam::000000000000:oidc-provider/127.0.0.1:4566/_berth/oidc"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %s, want %s", c.got, c.want)
		}
	}
}

func TestParseEntityARN(t *testing.T) {
	cases := []struct {
		arn, typ, account, path, name string
		ok                            bool
	}{
		{"arn:aws:iam::000000000000:role/r", "role", "000000000000", "/", "r", true},
		{"arn:aws:iam::000000000000:role/a/b/r", "role", "000000000000", "/a/b/", "r", true},
		{"arn:aws:iam::aws:policy/aws-service-role/AppRunnerServiceRolePolicy", "policy", "aws", "/aws-service-role/", "AppRunnerServiceRolePolicy", true},
		{"arn:aws:iam::000000000000:role/", "role", "", "", "", false},
		{"arn:aws:iam::000000000000:role/a/", "role", "", "", "", false},
		{"arn:aws:iam::000000000000:user/u", "role", "", "", "", false},
		{"arn:aws:iam::000000000000:roles/r", "role", "", "", "", false},
		{"arn:aws:iam:us-east-1:000000000000:role/r", "role", "", "", "", false},
		{"arn:aws:iam:::role/r", "role", "", "", "", false},
		{"arn:aws:sts::000000000000:assumed-role/r/s", "role", "", "", "", false},
		{"arn:aws-cn:iam::000000000000:role/r", "role", "", "", "", false},
		{"", "role", "", "", "", false},
	}
	for _, c := range cases {
		account, path, name, ok := parseEntityARN(c.arn, c.typ)
		if ok != c.ok || account != c.account || path != c.path || name != c.name {
			t.Errorf("parseEntityARN(%q) = %q %q %q %v", c.arn, account, path, name, ok)
		}
	}
}

func TestParseOIDCARN(t *testing.T) {
	account, key, ok := parseOIDCARN("arn:aws:iam::000000000000:oidc-provider/host/path")
	if !ok || account != "000000000000" || key != "host/path" {
		t.Fatalf("= %q %q %v", account, key, ok)
	}
	for _, bad := range []string{"arn:aws:iam::000000000000:oidc-provider/", "arn:aws:iam::000000000000:role/x", "oidc-provider/x"} {
		if _, _, ok := parseOIDCARN(bad); ok {
			t.Errorf("parseOIDCARN(%q) accepted", bad)
		}
	}
}

// FuzzParseEntityARN checks that parsing never panics and that whatever
// parses rebuilds to the same ARN.
func FuzzParseEntityARN(f *testing.F) {
	for _, s := range []string{"arn:aws:iam::000000000000:role/r", "arn:aws:iam::aws:policy/a/b/c", "arn:aws:iam::1:role//", "arn:aws:iam::x:role/a//b", ":", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arn string) {
		for _, typ := range []string{"role", "policy"} {
			account, path, name, ok := parseEntityARN(arn, typ)
			if !ok {
				continue
			}
			if name == "" || strings.Contains(name, "/") || !strings.HasPrefix(path, "/") || !strings.HasSuffix(path, "/") {
				t.Fatalf("parseEntityARN(%q) = %q %q %q", arn, account, path, name)
			}
			if got := iamARN(account, typ+path+name); got != arn {
				t.Fatalf("rebuilt %q from %q", got, arn)
			}
		}
		if account, key, ok := parseOIDCARN(arn); ok && oidcARN(account, key) != arn {
			t.Fatalf("oidc round trip of %q", arn)
		}
	})
}
