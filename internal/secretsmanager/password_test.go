package secretsmanager_test

import (
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/secretsmanager"
)

func TestGetRandomPassword(t *testing.T) {
	h := newHarness(t)
	var p secretsmanager.GetRandomPasswordOutput
	h.must("GetRandomPassword", obj{}, &p)
	if len(p.RandomPassword) != 32 || strings.Contains(p.RandomPassword, " ") {
		t.Fatalf("default password %q", p.RandomPassword)
	}
	for i := 0; i < 50; i++ {
		h.must("GetRandomPassword", obj{"PasswordLength": 4, "ExcludeCharacters": "abcdefghijklmnopqrstuvwxy"}, &p)
		pw := p.RandomPassword
		if len(pw) != 4 || !strings.Contains(pw, "z") || !strings.ContainsAny(pw, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") ||
			!strings.ContainsAny(pw, "0123456789") || strings.ContainsAny(pw, "abcdefghijklmnopqrstuvwxy") {
			t.Fatalf("password %q misses a required type or has an excluded character", pw)
		}
	}
	h.must("GetRandomPassword", obj{"PasswordLength": 64, "ExcludePunctuation": true, "ExcludeNumbers": true, "ExcludeUppercase": true}, &p)
	if strings.Trim(p.RandomPassword, "abcdefghijklmnopqrstuvwxyz") != "" {
		t.Fatalf("lower-case-only password %q", p.RandomPassword)
	}
	h.must("GetRandomPassword", obj{"PasswordLength": 30, "IncludeSpace": true, "ExcludeLowercase": true, "ExcludeUppercase": true,
		"ExcludeNumbers": true, "ExcludePunctuation": true}, &p)
	if p.RandomPassword != strings.Repeat(" ", 30) {
		t.Fatalf("space-only password %q", p.RandomPassword)
	}
	h.wantErr("GetRandomPassword", obj{"PasswordLength": 3}, "InvalidParameterException",
		"The password length must be at least the number of required character types.")
	h.must("GetRandomPassword", obj{"PasswordLength": 3, "RequireEachIncludedType": false}, &p)
	h.wantErr("GetRandomPassword", obj{"PasswordLength": 4097}, "ValidationException", "")
	h.wantErr("GetRandomPassword", obj{"ExcludeLowercase": true, "ExcludeUppercase": true, "ExcludeNumbers": true, "ExcludePunctuation": true},
		"InvalidParameterException", "")
}
