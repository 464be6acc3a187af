package oidc

import (
	"errors"
	"strings"
	"testing"
)

func TestPeekIssuer(t *testing.T) {
	tok := func(payload string) string {
		return b64([]byte(`{"alg":"ES256"}`)) + "." + b64([]byte(payload)) + ".c2ln"
	}
	for _, tc := range []struct {
		name, raw, want string
	}{
		{"github", tok(`{"iss":"https://token.actions.githubusercontent.com","sub":"x"}`), GitHubIssuer},
		{"unsigned still peeks", tok(`{"iss":"https://a.example"}`) + "", "https://a.example"},
		{"missing iss", tok(`{"sub":"x"}`), ""},
		{"empty iss", tok(`{"iss":""}`), ""},
		{"numeric iss", tok(`{"iss":1}`), ""},
		{"duplicate iss", tok(`{"iss":"https://a.example","iss":"https://b.example"}`), ""},
		{"payload array", tok(`["iss"]`), ""},
		{"padding refused", strings.Replace(tok(`{"iss":"https://a.example"}`), ".c2ln", "=.c2ln", 1), ""},
		{"two parts", "a.b", ""},
		{"garbage", "%%%.%%%.%%%", ""},
		{"too long", tok(`{"iss":"x","p":"` + strings.Repeat("a", maxTokenSize) + `"}`), ""},
	} {
		got, err := PeekIssuer(tc.raw)
		if tc.want == "" {
			if err == nil || !errors.Is(err, ErrInvalidToken) {
				t.Errorf("%s: got %q, %v; want ErrInvalidToken", tc.name, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

func TestParseKeySet(t *testing.T) {
	testKeys(t)
	good, err := NewKeySet("k1", ecKey.Public())
	if err != nil {
		t.Fatal(err)
	}
	goodJSON, err := good.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	mixed := `{"keys":[` +
		`{"kty":"oct","k":"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0","kid":"h"},` +
		`{"kty":"bogus","kid":"b"},` +
		strings.TrimSuffix(strings.TrimPrefix(string(goodJSON), `{"keys":[`), `]}`) + `]}`
	for _, tc := range []struct {
		name string
		doc  string
		n    int // 0: error
	}{
		{"one EC key", string(goodJSON), 1},
		{"HMAC and unknown keys skipped", mixed, 1},
		{"x5c members ignored, even garbage", strings.Replace(string(goodJSON), `"kid"`, `"x5c":["AAAA"],"x5t":"bad","x5u":"http://x","kid"`, 1), 1},
		{"empty", `{"keys":[]}`, 0},
		{"not an object", `[]`, 0},
		{"only an encryption key", strings.Replace(string(goodJSON), `"use":"sig"`, `"use":"enc"`, 1), 0},
		{"alg disagrees with key type", strings.Replace(string(goodJSON), `"kid"`, `"alg":"RS256","kid"`, 1), 0},
	} {
		set, err := ParseKeySet([]byte(tc.doc))
		if tc.n == 0 {
			if err == nil {
				t.Errorf("%s: parsed %d keys", tc.name, set.Len())
			}
			continue
		}
		if err != nil || set.Len() != tc.n {
			t.Errorf("%s: %d keys, %v", tc.name, set.Len(), err)
		}
	}
	for name, pub := range map[string]any{"P-384": p384Key.Public(), "RSA-1024": rsaWeak.Public(), "not a key": "x"} {
		if _, err := NewKeySet("k", pub); err == nil {
			t.Errorf("NewKeySet accepted %s", name)
		}
	}
	// A set with private material publishes only the public half.
	priv, err := NewKeySet("k", ecKey)
	if err == nil {
		b, _ := priv.MarshalJSON()
		if strings.Contains(string(b), `"d"`) {
			t.Errorf("private key leaked: %s", b)
		}
	}
}
