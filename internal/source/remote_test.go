package source

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseRemote(t *testing.T) {
	cwd, _ := filepath.Abs(".")
	cases := []struct {
		in, arg, scheme, secret string
		wantErr                 bool
	}{
		{in: "/srv/repo.git", arg: "/srv/repo.git", scheme: "path"},
		{in: "repo", arg: filepath.Join(cwd, "repo"), scheme: "path"},
		{in: "./a:b", arg: filepath.Join(cwd, "a:b"), scheme: "path"},
		{in: "file:///srv/repo", arg: "file:///srv/repo", scheme: "file"},
		{in: "https://github.com/o/r.git", arg: "https://github.com/o/r.git", scheme: "https"},
		{in: "https://u:pw@github.com/o/r", arg: "https://u:pw@github.com/o/r", scheme: "https", secret: "pw"},
		{in: "http://127.0.0.1:9/r", arg: "http://127.0.0.1:9/r", scheme: "http"},
		{in: "ssh://git@github.com/o/r", arg: "ssh://git@github.com/o/r", scheme: "ssh"},
		{in: "git@github.com:o/r.git", arg: "git@github.com:o/r.git", scheme: "scp"},
		{in: "", wantErr: true},
		{in: "-u", wantErr: true},
		{in: "ext::sh -c x", wantErr: true},
		{in: "fd::3", wantErr: true},
		{in: "ftp://h/r", wantErr: true},
		{in: "https://h/r\n", wantErr: true},
		{in: "https://h:bad port/r", wantErr: true},
	}
	for _, c := range cases {
		r, err := parseRemote(c.in)
		if c.wantErr {
			if !errors.Is(err, ErrInvalidArgument) {
				t.Errorf("parseRemote(%q) = %+v, %v; want ErrInvalidArgument", c.in, r, err)
			}
			continue
		}
		if err != nil || r.arg != c.arg || r.scheme != c.scheme || r.secret != c.secret {
			t.Errorf("parseRemote(%q) = %+v, %v; want %s %s", c.in, r, err, c.scheme, c.arg)
		}
	}
}

func TestRedactURL(t *testing.T) {
	if got := redactURL("https://u:s3cret@h/r"); strings.Contains(got, "s3cret") {
		t.Errorf("redactURL kept the password: %s", got)
	}
	if got := redactURL("/plain/path"); got != "/plain/path" {
		t.Errorf("redactURL changed a path: %s", got)
	}
	if _, err := parseRemote("https://u:s3cret@h:x/r"); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("a parse error leaked the password: %v", err)
	}
}

func TestCheckRef(t *testing.T) {
	good := []string{"main", "feature/x", "release-1.2", "refs/heads/main", strings.Repeat("f", 40)}
	bad := []string{"", "-x", "a..b", "a b", "a~1", "a^", "a:b", "a?", "a*", "a[", "a\\b", "x/", "x.lock", "/x", "a@{1}"}
	for _, r := range good {
		if err := checkRef(r); err != nil {
			t.Errorf("checkRef(%q) = %v", r, err)
		}
	}
	for _, r := range bad {
		if err := checkRef(r); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("checkRef(%q) = %v; want ErrInvalidArgument", r, err)
		}
	}
}

// FuzzParseRemote checks that nothing option-like or helper-like reaches
// git, and that local paths always become absolute.
func FuzzParseRemote(f *testing.F) {
	for _, s := range []string{"/srv/r", "r", "https://h/r", "git@h:r", "ext::x", "-x", "a::b", "file://", ":x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		r, err := parseRemote(in)
		if err != nil {
			return
		}
		if strings.HasPrefix(r.arg, "-") || helperSyntax.MatchString(r.arg) {
			t.Fatalf("parseRemote(%q) passes %q to git", in, r.arg)
		}
		if r.scheme == "path" && !filepath.IsAbs(r.arg) {
			t.Fatalf("parseRemote(%q) = relative path %q", in, r.arg)
		}
	})
}
