package source

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The scrubbed environment refuses the ext:: transport even if a URL got
// past parseRemote.
func TestGitRefusesExtTransport(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "pwned")
	g := newGit(remote{scheme: "scp"}, nil)
	_, err := g.run(context.Background(), t.TempDir(), "ls-remote", "ext::sh -c touch% "+marker)
	if !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("ls-remote ext:: err = %v; want ErrInvalidArgument", err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("the ext:: transport ran a command")
	}
}

func TestGitMessage(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"hint: x\nfatal: boom\n", "fatal: boom"},
		{"warning: y\n", "warning: y"},
		{"fatal: a\nerror: b\nremote: c\nfatal: d\n", "fatal: a; error: b; remote: c"},
	}
	for _, c := range cases {
		if got := gitMessage(c.in); got != c.want {
			t.Errorf("gitMessage(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}

func TestClassify(t *testing.T) {
	other := errors.New("exit status 128")
	cases := []struct {
		stderr string
		want   error
	}{
		{"fatal: couldn't find remote ref refs/heads/x", ErrRefNotFound},
		{"fatal: remote error: upload-pack: not our ref abc", ErrRefNotFound},
		{"fatal: Authentication failed for 'https://h/r.git/'", ErrAuthFailed},
		{"fatal: could not read Username for 'https://h': terminal prompts disabled", ErrAuthFailed},
		{"remote: Repository not found.\nfatal: repository 'https://h/r.git/' not found", ErrRepoNotFound},
		{"fatal: '/x' does not appear to be a git repository", ErrRepoNotFound},
		{"fatal: transport 'ext' not allowed", ErrInvalidArgument},
		{"fatal: something else", other},
	}
	for _, c := range cases {
		if got := classify(c.stderr, other); !errors.Is(got, c.want) {
			t.Errorf("classify(%q) = %v; want %v", c.stderr, got, c.want)
		}
	}
}

func TestScrub(t *testing.T) {
	g := newGit(remote{scheme: "https", secret: "pw"}, &Auth{Token: "tok123"})
	got := g.scrub("fatal: https://u:pw@h/ with tok123")
	if strings.Contains(got, "pw@") || strings.Contains(got, "tok123") {
		t.Errorf("scrub left a secret: %q", got)
	}
	for _, kv := range g.env {
		if strings.HasPrefix(kv, "GIT_CONFIG_VALUE_") && strings.Contains(kv, "Authorization: Basic ") {
			return
		}
	}
	t.Error("no Authorization header configured for an https remote with a token")
}
