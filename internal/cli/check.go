package cli

import (
	"context"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/berth-dev/berth/internal/checks"
	"github.com/berth-dev/berth/internal/cloudformation/lint"
	"github.com/berth-dev/berth/internal/cloudformation/providers"
)

func init() {
	register(&command{
		name:    "check",
		summary: "run the repository's .pre-commit-config.yaml hooks natively, offline",
		example: "berth check --all-files",
		run:     runCheck,
	})
	register(&command{
		name:    "hooks",
		summary: "install berth as the repository's git pre-commit hook",
		example: "berth hooks install --repo .",
		run:     runHooks,
	})
}

// templateLinter backs the cfn-lint hook when cfn-lint is not installed.
func templateLinter(_ string, body []byte) []checks.Finding {
	var out []checks.Finding
	for _, f := range lint.Template(body, providers.Builtin()) {
		out = append(out, checks.Finding{Rule: f.Rule, Severity: string(f.Severity), Message: f.Message, Line: f.Line, Column: f.Column})
	}
	return out
}

func runCheck(e *env, args []string) error {
	fs := newFlagSet(e, commands["check"])
	repo := fs.String("repo", ".", "repository root")
	all := fs.Bool("all-files", false, "check every tracked file, not only staged ones")
	hook := fs.String("hook", "", "run only this hook id")
	verbose := fs.Bool("verbose", false, "print every hook's output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	path := filepath.Join(*repo, checks.DefaultConfigName)
	if _, err := os.Stat(path); err != nil {
		return usagef("berth check --repo DIR", "no %s in %s", checks.DefaultConfigName, *repo)
	}
	cfg, err := checks.LoadConfig(path)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var skip []string
	if s := os.Getenv("SKIP"); s != "" {
		skip = strings.Split(s, ",")
	}
	res, err := checks.Run(ctx, cfg, checks.Options{Dir: *repo, AllFiles: *all, HookID: *hook, Verbose: *verbose,
		Stdout: e.stdout, Skip: skip, TemplateLinter: templateLinter})
	if err != nil {
		return err
	}
	if !checks.Passed(res) {
		return &exitError{code: 1}
	}
	return nil
}

func runHooks(e *env, args []string) error {
	if len(args) == 0 || args[0] != "install" {
		return usagef("berth hooks install --repo .", "missing subcommand: install")
	}
	fs := newFlagSet(e, &command{name: "hooks install", summary: commands["hooks"].summary, example: commands["hooks"].example})
	repo := fs.String("repo", ".", "repository root")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if err := checks.InstallGitHook(*repo, self); err != nil {
		return err
	}
	e.printf("installed: %s runs `berth check` before each commit\n", filepath.Join(*repo, ".git", "hooks", "pre-commit"))
	if err := installPostCommit(*repo, self); err != nil {
		return err
	}
	e.printf("installed: %s nudges berth to run the pipeline for each commit on main\n", filepath.Join(*repo, ".git", "hooks", "post-commit"))
	return nil
}

const postCommitMarker = "# berth post-commit nudge"

// installPostCommit writes a post-commit hook that asks the running berth
// to run the pipeline for a new commit on main, in the background so the
// commit returns at once. berth runs a commit once however often it is
// asked (the nudge, `pipeline watch`, `berth up`'s watcher). A foreign
// hook is kept as post-commit.legacy and still runs first.
func installPostCommit(repo, berth string) error {
	hooks := filepath.Join(repo, ".git", "hooks")
	path := filepath.Join(hooks, "post-commit")
	if b, err := os.ReadFile(path); err == nil && !strings.Contains(string(b), postCommitMarker) {
		if err := os.Rename(path, path+".legacy"); err != nil {
			return err
		}
	}
	script := "#!/bin/sh\n" + postCommitMarker + "\n" +
		"[ -x \"$0.legacy\" ] && \"$0.legacy\" \"$@\"\n" +
		"[ \"$(git rev-parse --abbrev-ref HEAD)\" = main ] || exit 0\n" +
		"(" + shellQuote(berth) + " pipeline run --repo \"$(git rev-parse --show-toplevel)\" >/dev/null 2>&1 &)\n"
	if err := os.MkdirAll(hooks, 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(script), 0o755)
}
