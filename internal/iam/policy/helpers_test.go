package policy

import (
	"os"
	"path/filepath"
	"testing"
)

// mustParse parses doc or fails the test.
func mustParse(t testing.TB, doc string, kind Kind) *Policy {
	t.Helper()
	p, err := Parse(doc, kind)
	if err != nil {
		t.Fatalf("Parse(%s): %v\n%s", kind, err, doc)
	}
	return p
}

// readSeed returns one of the seed's platform documents (a copy of
// /work/shared/seed/platform kept in testdata so tests are hermetic).
func readSeed(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "seed", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// contextOf builds a Context from key, value pairs (one value per key).
func contextOf(kv ...string) Context {
	var c Context
	for i := 0; i+1 < len(kv); i += 2 {
		c.Set(kv[i], kv[i+1])
	}
	return c
}

// sids lists the Sids of the matched statements.
func sids(r Result) []string {
	var out []string
	for _, m := range r.Matched {
		out = append(out, m.Statement.Sid)
	}
	return out
}
