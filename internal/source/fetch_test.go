package source

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFetch(t *testing.T) {
	repo, c1 := newRepo(t)
	c2 := commitFile(t, repo, "app/main.txt", "v2\n")
	testGit(t, repo, "checkout", "--quiet", "-b", "feature/x")
	c3 := commitFile(t, repo, "app/main.txt", "v3\n")
	testGit(t, repo, "checkout", "--quiet", "main")
	t.Chdir(filepath.Dir(repo))

	cases := []struct {
		name, url, ref, commit, body string
	}{
		{"branch from path", repo, "main", c2, "v2\n"},
		{"branch from file URL", "file://" + repo, "main", c2, "v2\n"},
		{"relative path", "./" + filepath.Base(repo), "main", c2, "v2\n"},
		{"old commit", repo, c1, c1, "v1\n"},
		{"branch with slash", repo, "feature/x", c3, "v3\n"},
		{"full ref name", repo, "refs/heads/feature/x", c3, "v3\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "ws")
			got, err := Fetch(context.Background(), c.url, c.ref, dest, nil)
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if got != c.commit {
				t.Errorf("commit = %s; want %s", got, c.commit)
			}
			if body := readFile(t, filepath.Join(dest, "app", "main.txt")); body != c.body {
				t.Errorf("app/main.txt = %q; want %q", body, c.body)
			}
			if head := testGit(t, dest, "rev-parse", "HEAD"); head != c.commit {
				t.Errorf("workspace HEAD = %s; want %s", head, c.commit)
			}
		})
	}
}

func TestFetchErrors(t *testing.T) {
	repo, _ := newRepo(t)
	missing := filepath.Join(t.TempDir(), "no-such-repo")
	cases := []struct {
		name, url, ref string
		want           error
		mention        string
	}{
		{"missing repository", missing, "main", ErrRepoNotFound, missing},
		{"not a repository", t.TempDir(), "main", ErrRepoNotFound, "does not appear to be a git repository"},
		{"missing branch", repo, "nope", ErrRefNotFound, `branch "nope"`},
		{"missing commit", repo, strings.Repeat("ab", 20), ErrRefNotFound, "commit abab"},
		{"option-like ref", repo, "--upload-pack=touch", ErrInvalidArgument, "bad branch"},
		{"ref with ..", repo, "a..b", ErrInvalidArgument, "bad branch"},
		{"empty ref", repo, "", ErrInvalidArgument, "bad branch"},
		{"empty URL", "", "main", ErrInvalidArgument, "bad repository"},
		{"ext transport URL", "ext::sh -c touch% /tmp/x", "main", ErrInvalidArgument, "ext"},
		{"unsupported scheme", "ftp://example.com/r.git", "main", ErrInvalidArgument, "ftp"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "ws")
			_, err := Fetch(context.Background(), c.url, c.ref, dest, nil)
			t.Logf("%v", err)
			if err == nil || (c.want != nil && !errors.Is(err, c.want)) || !strings.Contains(err.Error(), c.mention) {
				t.Fatalf("Fetch err = %v; want %v mentioning %q", err, c.want, c.mention)
			}
			if _, err := os.Stat(dest); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a failed Fetch left its destination behind (%v)", err)
			}
		})
	}
}

func TestFetchDestination(t *testing.T) {
	repo, c1 := newRepo(t)
	empty := t.TempDir()
	if got, err := Fetch(context.Background(), repo, "main", empty, nil); err != nil || got != c1 {
		t.Fatalf("Fetch into an empty dir = %s, %v", got, err)
	}
	if _, err := Fetch(context.Background(), repo, "main", empty, nil); !errors.Is(err, ErrDestNotEmpty) {
		t.Errorf("Fetch into a full dir: err = %v; want ErrDestNotEmpty", err)
	}
	given := t.TempDir()
	if _, err := Fetch(context.Background(), repo, "nope", given, nil); !errors.Is(err, ErrRefNotFound) {
		t.Fatalf("err = %v", err)
	}
	if entries, err := os.ReadDir(given); err != nil || len(entries) != 0 {
		t.Errorf("a failed Fetch into a given dir left %d entries, %v", len(entries), err)
	}
	if _, err := Fetch(context.Background(), repo, "main", "", nil); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("empty dest: err = %v", err)
	}
}

func TestFetchIgnoresUserConfig(t *testing.T) {
	repo, c1 := newRepo(t)
	home := t.TempDir()
	// A user config that would send every fetch of repo elsewhere.
	cfg := "[url \"/nonexistent/\"]\n\tinsteadOf = " + repo + "\n[core]\n\thooksPath = /nonexistent\n"
	if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	t.Setenv("GIT_DIR", "/nonexistent") // an inherited override must not leak either
	if got, err := Fetch(context.Background(), repo, "main", filepath.Join(t.TempDir(), "ws"), nil); err != nil || got != c1 {
		t.Errorf("Fetch with a hostile user config = %s, %v", got, err)
	}
}

func TestFetchCancelled(t *testing.T) {
	repo, _ := newRepo(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Fetch(ctx, repo, "main", filepath.Join(t.TempDir(), "ws"), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v; want context.Canceled", err)
	}
}
