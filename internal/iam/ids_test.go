package iam

import (
	"regexp"
	"testing"
)

func TestNewID(t *testing.T) {
	re := regexp.MustCompile(`^(AROA|ANPA)[A-Z2-7]{17}$`)
	seen := map[string]bool{}
	for range 1000 {
		for _, p := range []string{prefixRole, prefixPolicy} {
			id := newID(p)
			if !re.MatchString(id) || id[:4] != p {
				t.Fatalf("newID(%s) = %s", p, id)
			}
			if seen[id] {
				t.Fatalf("duplicate id %s", id)
			}
			seen[id] = true
		}
	}
}

func TestStableID(t *testing.T) {
	a, b := stableID(prefixPolicy, "AdministratorAccess"), stableID(prefixPolicy, "AdministratorAccess")
	if a != b || len(a) != idLength || a == stableID(prefixPolicy, "ReadOnlyAccess") {
		t.Fatalf("stableID = %s %s", a, b)
	}
}
