package iam

import (
	"strings"
	"testing"
)

func TestProviderKey(t *testing.T) {
	cases := []struct{ url, key string }{
		{"https://token.actions.githubusercontent.com", "token.actions.githubusercontent.com"},
		{"HTTPS://Host.example/path", "Host.example/path"},
		{"http://127.0.0.1:4566/_berth/oidc", "127.0.0.1:4566/_berth/oidc"},
		{"https://oidc.eks.us-east-1.amazonaws.com/id/ABC", "oidc.eks.us-east-1.amazonaws.com/id/ABC"},
		{"ftp://host", ""},
		{"host", ""},
		{"https://", ""},
		{"https:///path", ""},
		{"https://host/?q=1", ""},
		{"https://host/#f", ""},
		{"https://ho st", ""},
		{"https://[::1]:8443/x", "[::1]:8443/x"},
		{"https://host:/x", ""},
		{"https://host:x", ""},
		{"https://us@er/x", ""},
		{"http://http://", ""},
		{"https://" + strings.Repeat("h", 250), ""},
	}
	for _, c := range cases {
		key, err := providerKey(c.url)
		if (err == nil) != (c.key != "") || key != c.key {
			t.Errorf("providerKey(%q) = %q, %v; want %q", c.url, key, err, c.key)
		}
	}
}

// FuzzProviderKey checks that any URL is refused or gives a key that
// names the provider in an ARN and finds it again by URL.
func FuzzProviderKey(f *testing.F) {
	for _, s := range []string{"https://token.actions.githubusercontent.com", "http://127.0.0.1:1/x", "https://a/b?c", "HTTP://X"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		key, err := providerKey(raw)
		if err != nil {
			return
		}
		if key == "" || strings.Contains(key, "://") && strings.HasPrefix(key, "http") {
			t.Fatalf("providerKey(%q) = %q", raw, key)
		}
		if k, _ := cutScheme(raw); k != key {
			t.Fatalf("lookup key %q != creation key %q", k, key)
		}
		account, back, ok := parseOIDCARN(oidcARN("000000000000", key))
		if !ok || back != key || account != "000000000000" {
			t.Fatalf("ARN round trip of %q = %q %v", key, back, ok)
		}
	})
}

func TestCheckThumbprintsAndClientIDs(t *testing.T) {
	good := strings.Repeat("ab", 20)
	if err := checkThumbprints([]string{good, strings.ToUpper(good)}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]string{{"abc"}, {strings.Repeat("g", 40)}, {good, good, good, good, good, good}} {
		if checkThumbprints(bad) == nil {
			t.Errorf("checkThumbprints(%v) accepted", bad)
		}
	}
	if checkClientIDs("clientIDList", []string{""}) == nil || checkClientIDs("clientIDList", make([]string, 101)) == nil {
		t.Error("bad client ids accepted")
	}
	if got := dedupe([]string{"a", "b", "a"}); strings.Join(got, ",") != "a,b" {
		t.Errorf("dedupe = %v", got)
	}
}
