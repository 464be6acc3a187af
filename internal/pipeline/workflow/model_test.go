package workflow

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func jobIDs(jobs []*Job) string {
	ids := make([]string, len(jobs))
	for i, j := range jobs {
		ids[i] = j.ID
	}
	return strings.Join(ids, " ")
}

func TestJobOrder(t *testing.T) {
	w := mustParse(t, `on: push
jobs:
  deploy: {needs: [test, build], steps: [{run: d}]}
  test: {needs: build, steps: [{run: t}]}
  build: {steps: [{run: b}]}
  lint: {steps: [{run: l}]}
  notify: {needs: [deploy, lint], steps: [{run: n}]}
`)
	if got := jobIDs(w.JobOrder()); got != "build lint test deploy notify" {
		t.Errorf("JobOrder = %s", got)
	}
	var stages []string
	for _, s := range w.JobStages() {
		stages = append(stages, jobIDs(s))
	}
	if got := strings.Join(stages, " | "); got != "build lint | test | deploy | notify" {
		t.Errorf("JobStages = %s", got)
	}
}

// TestMatrixCombinations uses the example from GitHub's documentation of
// matrix include, whose expected expansion is spelled out there.
func TestMatrixCombinations(t *testing.T) {
	w := mustParse(t, `on: push
jobs:
  j:
    strategy:
      matrix:
        fruit: [apple, pear]
        animal: [cat, dog]
        include:
          - color: green
          - color: pink
            animal: cat
          - fruit: apple
            shape: circle
          - fruit: banana
          - fruit: banana
            animal: cat
    steps: [{run: x}]
`)
	got, err := w.Job("j").Strategy.Matrix.Combinations()
	if err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{
		{"fruit": "apple", "animal": "cat", "color": "pink", "shape": "circle"},
		{"fruit": "apple", "animal": "dog", "color": "green", "shape": "circle"},
		{"fruit": "pear", "animal": "cat", "color": "pink"},
		{"fruit": "pear", "animal": "dog", "color": "green"},
		{"fruit": "banana"},
		{"fruit": "banana", "animal": "cat"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("combinations:\n got %v\nwant %v", got, want)
	}
}

func TestMatrixExcludeAndTypes(t *testing.T) {
	w := mustParse(t, `on: push
jobs:
  j:
    strategy:
      matrix:
        os: [linux, windows]
        node: [20, 22]
        cfg: [{debug: true}]
        exclude:
          - os: windows
            node: 20
    steps: [{run: x}]
`)
	got, err := w.Job("j").Strategy.Matrix.Combinations()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("want 3 combinations, got %v", got)
	}
	if got[0]["node"] != 20.0 || !reflect.DeepEqual(got[0]["cfg"], map[string]any{"debug": true}) {
		t.Errorf("matrix values keep YAML types: %#v", got[0])
	}
	if !w.Job("j").Strategy.FailFast.Value {
		t.Error("fail-fast defaults to true")
	}
	dyn := mustParse(t, "on: push\njobs:\n  j:\n    strategy:\n      matrix:\n        os: ${{ fromJSON('[\"a\"]') }}\n    steps: [{run: x}]\n")
	if _, err := dyn.Job("j").Strategy.Matrix.Combinations(); err == nil {
		t.Error("expression matrix must not expand statically")
	}
}

func TestParseUses(t *testing.T) {
	tests := []struct {
		in   string
		want ActionRef
		name string
	}{
		{"actions/checkout@v3", ActionRef{Kind: ActionRepo, Owner: "actions", Repo: "checkout", Ref: "v3"}, "actions/checkout"},
		{"dorny/paths-filter@v2", ActionRef{Kind: ActionRepo, Owner: "dorny", Repo: "paths-filter", Ref: "v2"}, "dorny/paths-filter"},
		{"octo/mono/path/to@abc123", ActionRef{Kind: ActionRepo, Owner: "octo", Repo: "mono", Path: "path/to", Ref: "abc123"}, "octo/mono/path/to"},
		{"./.github/actions/setup", ActionRef{Kind: ActionLocal, Path: "./.github/actions/setup"}, "./.github/actions/setup"},
		{"docker://alpine:3", ActionRef{Kind: ActionDocker, Image: "alpine:3"}, "docker://alpine:3"},
	}
	for _, tt := range tests {
		got, err := ParseUses(tt.in)
		if err != nil || got != tt.want || got.Name() != tt.name {
			t.Errorf("ParseUses(%q) = %+v (%s), %v", tt.in, got, got.Name(), err)
		}
	}
	for _, bad := range []string{"", "checkout@v3", "actions/checkout", "actions/checkout@", "/x@v1", "docker://", "a b/c@v1"} {
		if _, err := ParseUses(bad); !errors.Is(err, ErrInvalidUses) {
			t.Errorf("ParseUses(%q): %v, want ErrInvalidUses", bad, err)
		}
	}
}

func TestPermissionsLevel(t *testing.T) {
	all := &Permissions{All: "write-all"}
	none := &Permissions{Scopes: map[string]string{}}
	some := &Permissions{Scopes: map[string]string{"id-token": "write", "contents": "read"}}
	if !all.IDToken() || none.IDToken() || !some.IDToken() {
		t.Error("IDToken")
	}
	if (&Permissions{All: "read-all"}).Level("contents") != "read" || some.Level("issues") != "none" {
		t.Error("Level")
	}
}

func TestErrorsAreTyped(t *testing.T) {
	_, err := Parse("ci.yaml", []byte("on: push\njobs:\n  a:\n    container: x\n    steps: [{run: x}]\n"))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want *Error, got %T", err)
	}
	if e.File != "ci.yaml" || e.Line != 4 || !strings.Contains(e.Msg, "container") {
		t.Errorf("got %+v", e)
	}
	var es Errors
	if !errors.As(err, &es) || len(es) != 1 {
		t.Errorf("want Errors with one entry, got %v", err)
	}
}

func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("on: push\njobs:\n  j:\n    strategy:\n      matrix:\n")
	b.WriteString("        k0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n")
	for i := 1; i < 9; i++ {
		prev := "*a" + strconv.Itoa(i-1)
		fmt.Fprintf(&b, "        k%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(prev+", ", 10), ", "))
	}
	b.WriteString("    steps: [{run: x}]\n")
	_, err := Parse("bomb.yaml", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "too large") {
		t.Fatalf("alias bomb must be rejected as too large, got %v", err)
	}
}
