package console

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzSafeNext: whatever a sign-in link's next parameter holds, the
// browser is sent somewhere on this server only (no open redirect), and
// never back to the sign-in page.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/console/", "/console/services/x?y=1", "//evil.test/console/", "/console/\\evil",
		"https://evil.test/console/", "/console/signin?next=/console/", "/console/%2F%2Fevil", "/\t/evil.test", "/console/../..//evil.test"} {
		f.Add(s)
	}
	base, _ := url.Parse("http://berth.test/console/signin")
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("safeNext(%q) = %q, which does not parse: %v", next, got, err)
		}
		to := base.ResolveReference(u)
		if to.Scheme != "http" || to.Host != "berth.test" {
			t.Fatalf("safeNext(%q) = %q leads to %s", next, got, to)
		}
		if !strings.HasPrefix(got, "/console/") || strings.HasPrefix(u.Path, "/console/signin") {
			t.Fatalf("safeNext(%q) = %q", next, got)
		}
	})
}
