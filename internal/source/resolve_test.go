package source

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestResolveBranch(t *testing.T) {
	repo, c1 := newRepo(t)
	ctx := context.Background()
	if got, err := ResolveBranch(ctx, repo, "main", nil); err != nil || got != c1 {
		t.Fatalf("ResolveBranch(main) = %s, %v; want %s", got, err, c1)
	}
	c2 := commitFile(t, repo, "app/main.txt", "v2\n")
	if got, err := ResolveBranch(ctx, "file://"+repo, "main", nil); err != nil || got != c2 {
		t.Errorf("after a push: ResolveBranch(main) = %s, %v; want %s", got, err, c2)
	}
	// A branch whose name ends like another must not be confused with it.
	testGit(t, repo, "branch", "feature/main", c1)
	if got, err := ResolveBranch(ctx, repo, "main", nil); err != nil || got != c2 {
		t.Errorf("with feature/main present: ResolveBranch(main) = %s, %v; want %s", got, err, c2)
	}
	if got, err := ResolveBranch(ctx, repo, c1, nil); err != nil || got != c1 {
		t.Errorf("ResolveBranch(commit) = %s, %v; want it unchanged", got, err)
	}
	_, err := ResolveBranch(ctx, repo, "nope", nil)
	if !errors.Is(err, ErrRefNotFound) || !strings.Contains(err.Error(), `branch "nope"`) || !strings.Contains(err.Error(), repo) {
		t.Errorf("missing branch: err = %v; want ErrRefNotFound naming branch and repo", err)
	}
	if _, err := ResolveBranch(ctx, repo+"-missing", "main", nil); !errors.Is(err, ErrRepoNotFound) {
		t.Errorf("missing repo: err = %v; want ErrRepoNotFound", err)
	}
	if _, err := ResolveBranch(ctx, repo, "-x", nil); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("option-like branch: err = %v; want ErrInvalidArgument", err)
	}
}

func TestParseLsRemote(t *testing.T) {
	a, b := strings.Repeat("a", 40), strings.Repeat("b", 40)
	cases := []struct {
		in      string
		want    map[string]string
		wantErr bool
	}{
		{"", map[string]string{}, false},
		{a + "\trefs/heads/main\n" + b + "\trefs/heads/x/main\n", map[string]string{"refs/heads/main": a, "refs/heads/x/main": b}, false},
		{a + "\tHEAD\n\n", map[string]string{"HEAD": a}, false},
		{"zz\trefs/heads/main\n", nil, true},
		{a + " refs/heads/main\n", nil, true},
		{a + "\t\n", nil, true},
	}
	for _, c := range cases {
		got, err := parseLsRemote(c.in)
		if (err != nil) != c.wantErr || (!c.wantErr && fmt.Sprint(got) != fmt.Sprint(c.want)) {
			t.Errorf("parseLsRemote(%q) = %v, %v; want %v (err %v)", c.in, got, err, c.want, c.wantErr)
		}
	}
}

func FuzzParseLsRemote(f *testing.F) {
	f.Add(strings.Repeat("a", 40) + "\trefs/heads/main\n")
	f.Add("garbage")
	f.Add("\n\n\t")
	f.Fuzz(func(t *testing.T, in string) {
		refs, err := parseLsRemote(in)
		if err != nil {
			return
		}
		for ref, commit := range refs {
			if ref == "" || !IsCommit(commit) || !strings.Contains(in, commit+"\t"+ref) {
				t.Fatalf("parsed %q → %q from %q", ref, commit, in)
			}
		}
	})
}

// BenchmarkResolveBranch measures one poll of a local repository.
func BenchmarkResolveBranch(b *testing.B) {
	repo := b.TempDir()
	gitB(b, repo, "init", "--quiet", "--initial-branch=main")
	gitB(b, repo, "commit", "--quiet", "--allow-empty", "-m", "x")
	for b.Loop() {
		if _, err := ResolveBranch(context.Background(), repo, "main", nil); err != nil {
			b.Fatal(err)
		}
	}
}
