package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/berth-dev/berth/internal/berthapi"
	"github.com/berth-dev/berth/internal/pipeline/records"
)

func init() {
	register(&command{
		name:    "pipeline",
		summary: "run a repository's GitHub workflows on berth: add, run, watch, runs, logs",
		example: "berth pipeline run --repo ./my-app\nberth pipeline watch --repo ./my-app\nberth pipeline runs\nberth pipeline logs 3",
		run:     runPipeline,
	})
}

func runPipeline(e *env, args []string) error {
	if len(args) == 0 {
		return usagef("berth pipeline run --repo .", "missing subcommand: add, run, watch, runs or logs")
	}
	sub, rest := args[0], args[1:]
	c := &command{name: "pipeline " + sub, summary: commands["pipeline"].summary, example: commands["pipeline"].example}
	fs := newFlagSet(e, c)
	var cf clientFlags
	cf.register(fs)
	repo := fs.String("repo", ".", "repository directory")
	name := fs.String("name", "", "pipeline name (default: the repository directory's name)")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch sub {
	case "add":
		repository := fs.String("repository", "", "OWNER/REPO the OIDC token names (default local/<dir>)")
		branch := fs.String("branch", "main", "branch the watcher follows")
		secret := fs.String("webhook-secret", "", "secret GitHub signs push webhooks with (POST /_berth/pipeline/hooks/NAME)")
		var secrets kvFlag
		fs.Var(&secrets, "secret", "workflow secret NAME=VALUE (repeatable)")
		if err := fs.Parse(rest); err != nil {
			return err
		}
		dir, err := filepath.Abs(*repo)
		if err != nil {
			return err
		}
		var out berthapi.PipelineOutput
		err = cf.callBerth(ctx, "AddPipeline", &berthapi.AddPipelineInput{Name: *name, RepoDir: dir, Repository: *repository,
			Branch: *branch, WebhookSecret: *secret, Secrets: secrets.m}, &out)
		if err != nil {
			return err
		}
		e.printf("pipeline %s: %s (%s, branch %s)\n", out.Pipeline.Name, out.Pipeline.RepoDir, out.Pipeline.Repository, out.Pipeline.Branch)
		return nil
	case "run":
		if err := fs.Parse(rest); err != nil {
			return err
		}
		dir, err := filepath.Abs(*repo)
		if err != nil {
			return err
		}
		return runAndFollow(ctx, e, &cf, *name, dir)
	case "watch":
		interval := fs.Duration("interval", 500*time.Millisecond, "how often to look for new commits")
		branch := fs.String("branch", "main", "branch to follow")
		if err := fs.Parse(rest); err != nil {
			return err
		}
		dir, err := filepath.Abs(*repo)
		if err != nil {
			return err
		}
		return watch(ctx, e, &cf, *name, dir, *branch, *interval)
	case "runs":
		if err := fs.Parse(rest); err != nil {
			return err
		}
		var out berthapi.RunsOutput
		if err := cf.callBerth(ctx, "ListPipelineRuns", &berthapi.ListRunsInput{Pipeline: *name}, &out); err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "RUN\tPIPELINE\tWORKFLOW\tSHA\tSTATUS\tCONCLUSION\tSTARTED")
		for _, r := range out.Runs {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%.8s\t%s\t%s\t%s\n", r.ID, r.Pipeline, r.WorkflowName, r.SHA, r.Status, r.Conclusion, r.CreatedAt.Local().Format(time.DateTime))
		}
		return tw.Flush()
	case "logs":
		pos, err := parseInterleaved(fs, rest)
		if err != nil {
			return err
		}
		if len(pos) != 1 {
			return usagef("berth pipeline logs RUN", "want one run id")
		}
		id, err := strconv.ParseInt(pos[0], 10, 64)
		if err != nil {
			return usagef("berth pipeline logs 3", "run id %q is not a number", pos[0])
		}
		_, err = followRun(ctx, e, &cf, id)
		return err
	}
	return usagef("berth pipeline --help", "unknown subcommand %q", sub)
}

// runAndFollow starts the pipeline for HEAD and prints its runs' logs
// until they end; it fails when a run did not succeed.
func runAndFollow(ctx context.Context, e *env, cf *clientFlags, name, dir string) error {
	var out berthapi.RunsOutput
	if err := cf.callBerth(ctx, "RunPipeline", &berthapi.RunPipelineInput{Name: name, RepoDir: dir}, &out); err != nil {
		return err
	}
	if len(out.Runs) == 0 {
		e.printf("no workflow is triggered by this push\n")
		return nil
	}
	failed := 0
	for _, r := range out.Runs {
		e.printf("run %d: %s (%s) at %.12s\n", r.ID, r.WorkflowName, r.WorkflowFile, r.SHA)
		concl, err := followRun(ctx, e, cf, r.ID)
		if err != nil {
			return err
		}
		e.printf("run %d: %s\n", r.ID, concl)
		if concl != "success" {
			failed++
		}
	}
	if failed > 0 {
		return &exitError{code: 1}
	}
	return nil
}

// followRun prints a run's log lines as they come until it completes.
func followRun(ctx context.Context, e *env, cf *clientFlags, id int64) (string, error) {
	var after int64
	for {
		var logs berthapi.LogsOutput
		if err := cf.callBerth(ctx, "GetPipelineRunLogs", &berthapi.RunIDInput{ID: id, After: after}, &logs); err != nil {
			return "", err
		}
		for _, l := range logs.Lines {
			prefix := ""
			if l.Job != "" {
				prefix = l.Job + " | "
			}
			e.printf("%s%s\n", prefix, l.Text)
			after = l.Seq
		}
		if len(logs.Lines) > 0 {
			continue
		}
		var run berthapi.RunOutput
		if err := cf.callBerth(ctx, "GetPipelineRun", &berthapi.RunIDInput{ID: id}, &run); err != nil {
			return "", err
		}
		if run.Run.Status == records.StatusCompleted {
			// Print what arrived between the two calls, then stop.
			var rest berthapi.LogsOutput
			cf.callBerth(ctx, "GetPipelineRunLogs", &berthapi.RunIDInput{ID: id, After: after}, &rest)
			for _, l := range rest.Lines {
				e.printf("%s | %s\n", l.Job, l.Text)
			}
			return run.Run.Conclusion, nil
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// watch runs the pipeline for every new commit on branch, one at a time.
func watch(ctx context.Context, e *env, cf *clientFlags, name, dir, branch string, interval time.Duration) error {
	last := ""
	e.printf("watching %s (branch %s); Ctrl-C to stop\n", dir, branch)
	for {
		head, err := gitHead(ctx, dir, branch)
		if err == nil && head != last {
			if err := runAndFollow(ctx, e, cf, name, dir); err != nil && ctx.Err() == nil {
				fmt.Fprintf(e.stderr, "berth pipeline watch: %v\n", err)
			}
			last = head
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(interval):
		}
	}
}

func gitHead(ctx context.Context, dir, branch string) (string, error) {
	out, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "refs/heads/"+branch).Output()
	return strings.TrimSpace(string(out)), err
}

// kvFlag collects repeated NAME=VALUE flags.
type kvFlag struct{ m map[string]string }

func (k *kvFlag) String() string { return "" }

func (k *kvFlag) Set(v string) error {
	name, val, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return fmt.Errorf("want NAME=VALUE, got %q", v)
	}
	if k.m == nil {
		k.m = map[string]string{}
	}
	k.m[name] = val
	return nil
}
