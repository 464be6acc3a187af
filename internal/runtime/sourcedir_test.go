package runtime

import (
	"errors"
	"path"
	"strings"
	"testing"
)

func TestCleanSourceDirectory(t *testing.T) {
	cases := []struct {
		in, want string
		wantErr  bool
	}{
		{"", ".", false},
		{"/", ".", false},
		{".", ".", false},
		{"./", ".", false},
		{"//", ".", false},
		{"app", "app", false},
		{"/app", "app", false},
		{"/app/", "app", false},
		{"app/web/../api", "app/api", false},
		{"/a/b/./c", "a/b/c", false},
		{"a/..", ".", false},
		{"..", "", true},
		{"../x", "", true},
		{"/../x", "", true},
		{"/a/../../b", "", true},
		{"a\\..\\b", "", true},
		{"a\x00b", "", true},
	}
	for _, c := range cases {
		got, err := CleanSourceDirectory(c.in)
		if c.wantErr {
			if !errors.Is(err, ErrInvalidSpec) {
				t.Errorf("CleanSourceDirectory(%q) = %q, %v; want ErrInvalidSpec", c.in, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("CleanSourceDirectory(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// FuzzCleanSourceDirectory checks the one property that matters: an accepted
// directory stays inside the repository.
func FuzzCleanSourceDirectory(f *testing.F) {
	for _, s := range []string{"", "/", "app", "/app/../x", "../", "a/../../b", "..."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := CleanSourceDirectory(in)
		if err != nil {
			return
		}
		if got == "" || strings.HasPrefix(got, "/") || got == ".." || strings.HasPrefix(got, "../") {
			t.Fatalf("CleanSourceDirectory(%q) = %q escapes the repository", in, got)
		}
		if path.Clean(got) != got {
			t.Fatalf("CleanSourceDirectory(%q) = %q is not clean", in, got)
		}
	})
}
