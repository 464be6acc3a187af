package actions

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/berth-dev/berth/internal/pipeline/workflow"
)

var ctx = context.Background()

// gitRepo returns a repository with commits c1 (app/, README) and c2
// (aws/ changed) and c3 (docs only).
func gitRepo(t *testing.T) (dir, c1, c2, c3 string) {
	t.Helper()
	dir = t.TempDir()
	run := func(args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@e", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@e")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	write := func(p, c string) {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), []byte(c), 0o644)
	}
	run("init", "-q", "-b", "main")
	write("app/main.go", "package main\n")
	write("README.md", "hi\n")
	write(".filters.yaml", "infra: aws/**\n")
	run("add", "-A")
	run("commit", "-qm", "1")
	c1 = run("rev-parse", "HEAD")
	write("aws/app.yaml", "Resources: {}\n")
	write("aws/.hidden", "x\n")
	run("add", "-A")
	run("commit", "-qm", "2")
	c2 = run("rev-parse", "HEAD")
	write("docs/x.md", "x\n")
	run("add", "-A")
	run("commit", "-qm", "3")
	c3 = run("rev-parse", "HEAD")
	return
}

func TestPathsFilter(t *testing.T) {
	dir, c1, c2, c3 := gitRepo(t)
	filters := "app:\n  - 'app/**'\naws: &aws\n  - 'aws/**'\nboth:\n  - *aws\n  - 'app/**'\n"
	tests := []struct {
		name   string
		inputs map[string]string
		ev     Event
		last   string
		want   map[string]string
	}{
		{"push diff", map[string]string{"filters": filters}, Event{Name: "push", Before: c1, SHA: c2},
			"", map[string]string{"app": "false", "aws": "true", "both": "true", "aws_count": "2", "changes": `["aws","both"]`}},
		{"docs only", map[string]string{"filters": filters}, Event{Name: "push", Before: c2, SHA: c3},
			"", map[string]string{"app": "false", "aws": "false", "both": "false", "changes": `[]`}},
		{"first push without history lists every file", map[string]string{"filters": filters}, Event{Name: "push", Before: NullSHA, SHA: c3},
			"", map[string]string{"app": "true", "aws": "true", "app_count": "1"}},
		{"first push against the last successful run", map[string]string{"filters": filters}, Event{Name: "push", Before: NullSHA, SHA: c3},
			c2, map[string]string{"app": "false", "aws": "false"}},
		{"dispatch against the last successful run", map[string]string{"filters": filters}, Event{Name: "workflow_dispatch", SHA: c2},
			c1, map[string]string{"app": "false", "aws": "true"}},
		{"unknown last commit falls back to all files", map[string]string{"filters": filters}, Event{Name: "push", Before: NullSHA, SHA: c2},
			strings.Repeat("1", 40), map[string]string{"app": "true"}},
		{"base sha input", map[string]string{"filters": filters, "base": c1}, Event{Name: "push", Before: c2, SHA: c3},
			"", map[string]string{"aws": "true", "app": "false"}},
		{"filters from a file", map[string]string{"filters": ".filters.yaml"}, Event{Name: "push", Before: c1, SHA: c2},
			"", map[string]string{"infra": "true", "changes": `["infra"]`}},
		{"list-files json", map[string]string{"filters": "aws: aws/**", "list-files": "json"}, Event{Name: "push", Before: c1, SHA: c2},
			"", map[string]string{"aws_files": `["aws/.hidden","aws/app.yaml"]`}},
		{"list-files shell", map[string]string{"filters": "aws: aws/*.yaml", "list-files": "shell"}, Event{Name: "push", Before: c1, SHA: c2},
			"", map[string]string{"aws_files": `'aws/app.yaml'`}},
		{"predicate every", map[string]string{"filters": "x:\n  - 'aws/**'\n  - '!**/.hidden'\n", "predicate-quantifier": "every"}, Event{Name: "push", Before: c1, SHA: c2},
			"", map[string]string{"x": "true", "x_count": "1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, c, log := invocation(tt.inputs)
			inv.Workspace, inv.Event = dir, tt.ev
			inv.LastSuccessfulCommit = func(context.Context) (string, error) { return tt.last, nil }
			if err := (PathsFilter{}).Run(ctx, inv); err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.want {
				if c.outputs[k] != v {
					t.Errorf("output %s = %q, want %q\n%s", k, c.outputs[k], v, log)
				}
			}
		})
	}
	for _, bad := range []map[string]string{{}, {"filters": "x:\n  - added: 'a/**'\n"}, {"filters": "missing.yaml"},
		{"filters": "a: b\n", "list-files": "xml"}, {"filters": "a: b\n", "predicate-quantifier": "most"}} {
		inv, _, _ := invocation(bad)
		inv.Workspace, inv.Event = dir, Event{Name: "push", Before: c1, SHA: c2}
		if err := (PathsFilter{}).Run(ctx, inv); err == nil {
			t.Errorf("inputs %v: no error", bad)
		}
	}
}

func TestParameterOverrides(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "params.json")
	os.WriteFile(file, []byte(`[{"ParameterKey":"A","ParameterValue":"1"},{"ParameterKey":"B","UsePreviousValue":true}]`), 0o644)
	type kv = [2]string
	tests := []struct {
		in   string
		want []kv
		err  bool
	}{
		{"", nil, false},
		{"A=1,B=2", []kv{{"A", "1"}, {"B", "2"}}, false},
		// The seed's folded `>-` block: one line, ", " between entries.
		{"RepoUrl=https://github.com/acme/shop, GithubConnArn=arn:aws:apprunner:us-east-1:1:connection/x", []kv{{"RepoUrl", "https://github.com/acme/shop"}, {"GithubConnArn", "arn:aws:apprunner:us-east-1:1:connection/x"}}, false},
		{"Url=https://x/?a=b", []kv{{"Url", "https://x/?a=b"}}, false},
		{`Q="a,b",R='c'`, []kv{{"Q", "a,b"}, {"R", "c"}}, false},
		{"S=a,S=b", []kv{{"S", "a,b"}}, false},
		{"Subnets=a,b,C=1", []kv{{"Subnets", "a,b"}, {"C", "1"}}, false},
		{"E=", []kv{{"E", ""}}, false},
		{`[{"ParameterKey":"J","ParameterValue":"v"}]`, []kv{{"J", "v"}}, false},
		{"file://" + file, []kv{{"A", "1"}, {"B", ""}}, false},
		{"file:///nonexistent.json", nil, true},
		{"novalue", nil, true},
		{"=x", nil, true},
		{"[not json", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseParameterOverrides(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("%q: err %v", tt.in, err)
			continue
		}
		var flat []kv
		for _, p := range got {
			flat = append(flat, kv{aws.ToString(p.ParameterKey), aws.ToString(p.ParameterValue)})
		}
		if !tt.err && !reflect.DeepEqual(flat, tt.want) {
			t.Errorf("%q: got %v, want %v", tt.in, flat, tt.want)
		}
	}
}

func FuzzParameterOverrides(f *testing.F) {
	for _, s := range []string{"A=1,B=2", `Q="a,b"`, "x", "[]", "file:///x", "A=1, ,B"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := ParseParameterOverrides(s)
		if err != nil {
			if strings.HasPrefix(strings.TrimSpace(s), "file:") || errors.Is(err, ErrInput) {
				return
			}
			t.Fatalf("error %v does not wrap ErrInput", err)
		}
		for _, p := range ps {
			if aws.ToString(p.ParameterKey) == "" {
				t.Fatalf("empty key from %q", s)
			}
		}
	})
}

func TestRegistryLookup(t *testing.T) {
	r := NewRegistry(Deps{})
	for _, tt := range []struct {
		uses string
		ok   bool
	}{
		{"actions/checkout@v3", true}, {"actions/checkout@v4.1.1", true}, {"Actions/Checkout@v2", true},
		{"actions/checkout@v1", false}, {"actions/checkout@main", false}, {"actions/checkout@8e5e7e5ab8b370d6c329ec480221332ada57f0ab", false},
		{"pre-commit/action@v3.0.0", true}, {"dorny/paths-filter@v2", true}, {"dorny/paths-filter@v4", false},
		{"aws-actions/configure-aws-credentials@v1", true}, {"aws-actions/aws-cloudformation-github-deploy@v1", true},
		{"unfor19/install-aws-cli-action@v1.0.3", true}, {"actions/setup-go@v5", false}, {"./local", false}, {"docker://alpine", false},
	} {
		ref, err := workflow.ParseUses(tt.uses)
		if err != nil {
			t.Fatal(err)
		}
		_, err = r.Lookup(ref)
		if (err == nil) != tt.ok {
			t.Errorf("%s: %v", tt.uses, err)
		}
		if err != nil && (!errors.Is(err, ErrUnsupportedAction) || !strings.Contains(err.Error(), "actions/checkout@v2-v4")) {
			t.Errorf("%s: message %v", tt.uses, err)
		}
	}
	r.Register("acme/stub", 1, 1, ActionFunc(func(context.Context, *Invocation) error { return nil }))
	if _, err := r.Lookup(workflow.ActionRef{Owner: "acme", Repo: "stub", Ref: "v1"}); err != nil {
		t.Fatal(err)
	}
}

func TestCheckout(t *testing.T) {
	dir, c1, c2, _ := gitRepo(t)
	os.WriteFile(filepath.Join(dir, "junk.txt"), []byte("x"), 0o644)
	inv, c, _ := invocation(map[string]string{})
	inv.Workspace, inv.Event, inv.Env = dir, Event{Ref: "refs/heads/main", SHA: c2}, map[string]string{"GITHUB_REPOSITORY": "acme/shop"}
	if err := (Checkout{}).Run(ctx, inv); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "junk.txt")); !os.IsNotExist(err) || c.outputs["commit"] != c2 || c.outputs["ref"] != "refs/heads/main" {
		t.Fatalf("clean checkout: %v %v", err, c.outputs)
	}
	inv, c, _ = invocation(map[string]string{"path": "old", "ref": c1})
	inv.Workspace, inv.Event, inv.Env = dir, Event{Ref: "refs/heads/main", SHA: c2}, map[string]string{"GITHUB_REPOSITORY": "acme/shop"}
	if err := (Checkout{}).Run(ctx, inv); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "old", "app", "main.go")); err != nil || c.outputs["commit"] != c1 {
		t.Fatalf("path checkout: %v %v", err, c.outputs)
	}
	if _, err := os.Stat(filepath.Join(dir, "old", "aws")); !os.IsNotExist(err) {
		t.Fatal("path checkout is not at ref")
	}
	for _, in := range []map[string]string{{"repository": "other/repo"}, {"path": "../escape"}, {"ref": "no-such-ref"}} {
		inv, _, _ := invocation(in)
		inv.Workspace, inv.Event, inv.Env = dir, Event{SHA: c2}, map[string]string{"GITHUB_REPOSITORY": "acme/shop"}
		if err := (Checkout{}).Run(ctx, inv); err == nil {
			t.Errorf("%v: no error", in)
		}
	}
}

func TestInstallAWSCLI(t *testing.T) {
	bin := t.TempDir()
	os.WriteFile(filepath.Join(bin, "aws"), []byte("#!/bin/sh\necho aws-cli/2.15.0\n"), 0o755)
	inv, _, log := invocation(map[string]string{"version": "1"})
	inv.Env["PATH"] = bin
	if err := (InstallAWSCLI{}).Run(ctx, inv); err != nil || !strings.Contains(log.String(), "aws-cli/2.15.0") || !strings.Contains(log.String(), "##[warning]") {
		t.Fatalf("%v %s", err, log)
	}
	inv, _, _ = invocation(nil)
	inv.Env["PATH"] = t.TempDir()
	if err := (InstallAWSCLI{}).Run(ctx, inv); err == nil || !strings.Contains(err.Error(), "not installed") {
		t.Fatalf("missing CLI: %v", err)
	}
}

func TestPreCommit(t *testing.T) {
	var got CheckRequest
	checker := CheckerFunc(func(_ context.Context, req CheckRequest) (bool, error) {
		got = req
		io.WriteString(req.Out, "trim trailing whitespace.................................................Failed\n")
		return req.Hook != "trailing-whitespace", nil
	})
	inv, _, log := invocation(nil)
	inv.Workspace = "/ws"
	if err := (PreCommit{Checker: checker}).Run(ctx, inv); err != nil || !got.AllFiles || got.Dir != "/ws" || !strings.Contains(log.String(), "Failed") {
		t.Fatalf("default: %v %+v", err, got)
	}
	inv, _, _ = invocation(map[string]string{"extra_args": "trailing-whitespace --color always --files a.txt b.txt"})
	err := (PreCommit{Checker: checker}).Run(ctx, inv)
	if !errors.Is(err, ErrChecksFailed) || got.AllFiles || got.Hook != "trailing-whitespace" || !reflect.DeepEqual(got.Files, []string{"a.txt", "b.txt"}) {
		t.Fatalf("extra_args: %v %+v", err, got)
	}
	inv, _, _ = invocation(map[string]string{"extra_args": "--hook-stage manual --from-ref x"})
	if err := (PreCommit{Checker: checker}).Run(ctx, inv); !errors.Is(err, ErrInput) {
		t.Fatalf("unsupported arg: %v", err)
	}
}

func TestConfigureAWSCredentialsInputs(t *testing.T) {
	for _, tt := range []struct {
		in  map[string]string
		msg string
	}{
		{map[string]string{}, "aws-region"},
		{map[string]string{"aws-region": "US East"}, "Region is not valid"},
		{map[string]string{"aws-region": "us-east-1"}, "Credentials could not be loaded"},
		{map[string]string{"aws-region": "us-east-1", "role-to-assume": "arn:aws:iam::0:role/x"}, "id-token: write"},
		{map[string]string{"aws-region": "us-east-1", "aws-access-key-id": "AKID"}, "given together"},
		{map[string]string{"aws-region": "us-east-1", "role-to-assume": "x", "role-duration-seconds": "-1"}, "role-duration-seconds"},
	} {
		inv, _, _ := invocation(tt.in)
		inv.AWSEndpoint = "http://127.0.0.1:1"
		if err := (ConfigureAWSCredentials{}).Run(ctx, inv); err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%v: err %v, want %q", tt.in, err, tt.msg)
		}
	}
	inv, _, _ := invocation(map[string]string{"aws-region": "us-east-1", "role-to-assume": "arn:aws:iam::0:role/x"})
	if err := (ConfigureAWSCredentials{}).Run(ctx, inv); err == nil || !strings.Contains(err.Error(), "no AWS endpoint") {
		t.Fatalf("no endpoint: %v", err)
	}
}

func TestMajorVersion(t *testing.T) {
	for in, want := range map[string]int{"v1": 1, "v3.0.0": 3, "2.1": 2, "V4": 4} {
		if got, ok := MajorVersion(in); !ok || got != want {
			t.Errorf("%s = %d %v", in, got, ok)
		}
	}
	for _, in := range []string{"main", "", "v", "vx.1", "v+1"} {
		if _, ok := MajorVersion(in); ok {
			t.Errorf("%q accepted", in)
		}
	}
}
