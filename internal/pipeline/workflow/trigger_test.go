package workflow

import "testing"

func mustParse(t testing.TB, src string) *Workflow {
	t.Helper()
	w, err := Parse("test.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestMatchesPush(t *testing.T) {
	const steps = "\njobs:\n  j:\n    steps:\n      - run: x\n"
	tests := []struct {
		name   string
		on     string
		branch string
		files  []string
		want   bool
	}{
		{"bare push", "on: push", "anything", []string{"x"}, true},
		{"list form", "on: [push]", "refs/heads/dev", nil, true},
		{"dispatch only", "on: workflow_dispatch", "main", nil, false},
		{"seed main", "on:\n  push:\n    branches: [main]", "main", []string{"app/x.py"}, true},
		{"seed ref", "on:\n  push:\n    branches: [main]", "refs/heads/main", nil, true},
		{"seed other branch", "on:\n  push:\n    branches: [main]", "dev", nil, false},
		{"negation", "on:\n  push:\n    branches: ['**', '!wip/**']", "wip/x", nil, false},
		{"re-include", "on:\n  push:\n    branches: ['**', '!wip/**', 'wip/keep']", "wip/keep", nil, true},
		{"branches-ignore", "on:\n  push:\n    branches-ignore: ['dependabot/**']", "dependabot/npm", nil, false},
		{"branches-ignore other", "on:\n  push:\n    branches-ignore: ['dependabot/**']", "main", nil, true},
		{"tags only ignores branches", "on:\n  push:\n    tags: ['v*']", "main", nil, false},
		{"paths hit", "on:\n  push:\n    paths: ['app/**']", "main", []string{"README.md", "app/a.py"}, true},
		{"paths miss", "on:\n  push:\n    paths: ['app/**']", "main", []string{"README.md"}, false},
		{"paths unknown diff", "on:\n  push:\n    paths: ['app/**']", "main", nil, true},
		{"paths empty diff", "on:\n  push:\n    paths: ['app/**']", "main", []string{}, false},
		{"paths negation", "on:\n  push:\n    paths: ['app/**', '!app/docs/**']", "main", []string{"app/docs/x.md"}, false},
		{"paths-ignore all ignored", "on:\n  push:\n    paths-ignore: ['docs/**', '*.md']", "main", []string{"docs/a", "README.md"}, false},
		{"paths-ignore one relevant", "on:\n  push:\n    paths-ignore: ['docs/**']", "main", []string{"docs/a", "main.go"}, true},
		{"branch and paths both needed", "on:\n  push:\n    branches: [main]\n    paths: ['app/**']", "dev", []string{"app/a"}, false},
	}
	for _, tt := range tests {
		w := mustParse(t, tt.on+steps)
		if got := w.MatchesPush(tt.branch, tt.files); got != tt.want {
			t.Errorf("%s: MatchesPush(%q, %v) = %v, want %v", tt.name, tt.branch, tt.files, got, tt.want)
		}
	}
}

func TestMatchesTagPushAndDispatch(t *testing.T) {
	const steps = "\njobs:\n  j:\n    steps:\n      - run: x\n"
	tests := []struct {
		on       string
		tag      string
		want     bool
		dispatch bool
	}{
		{"on: push", "v1", true, false},
		{"on:\n  push:\n    branches: [main]", "v1", false, false},
		{"on:\n  push:\n    tags: ['v[0-9]+.*']", "refs/tags/v1.2", true, false},
		{"on:\n  push:\n    tags: ['v[0-9]+.*']", "nightly", false, false},
		{"on:\n  push:\n    tags-ignore: ['nightly*']\n  workflow_dispatch:", "nightly-1", false, true},
		{"on: [workflow_dispatch]", "v1", false, true},
	}
	for _, tt := range tests {
		w := mustParse(t, tt.on+steps)
		if got := w.MatchesTagPush(tt.tag); got != tt.want {
			t.Errorf("%q: MatchesTagPush(%q) = %v, want %v", tt.on, tt.tag, got, tt.want)
		}
		if got := w.MatchesDispatch(); got != tt.dispatch {
			t.Errorf("%q: MatchesDispatch() = %v, want %v", tt.on, got, tt.dispatch)
		}
	}
}
