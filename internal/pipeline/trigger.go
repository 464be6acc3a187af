package pipeline

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/berth-dev/berth/internal/pipeline/expr"
	"github.com/berth-dev/berth/internal/pipeline/records"
	"github.com/berth-dev/berth/internal/pipeline/workflow"
)

// Event is what asks for runs.
type Event struct {
	// Name is "push" (the default) or "workflow_dispatch".
	Name string
	// Ref is the full ref; default refs/heads/<pipeline branch>.
	Ref string
	// Before is the previous head of Ref for a push: NullSHA (or "") for
	// the first push of a branch.
	Before string
	// After is the commit to run; default: Ref's current commit.
	After string
	// Actor is github.actor (default: the pipeline's owner).
	Actor string
	// Workflow limits a workflow_dispatch to one workflow, by file path
	// (.github/workflows/x.yaml), file name or workflow name.
	Workflow string
	// Inputs are workflow_dispatch inputs.
	Inputs map[string]string
	// Payload is the webhook body when the event came from GitHub.
	Payload map[string]any
}

// NullSHA is a push's Before when it created its branch.
const NullSHA = nullSHA

// HeadPush is the push event for the current commit of ref (default: the
// pipeline's branch), as `berth pipeline run` needs it: Before is the
// commit of the last push run recorded for ref, or NullSHA when none was
// (a first push, so path filters see every file).
func (s *Service) HeadPush(ctx context.Context, name, ref string) (Event, error) {
	p, err := s.records.Pipeline(ctx, name)
	if err != nil {
		return Event{}, fmt.Errorf("pipeline: %s: %w", name, err)
	}
	if ref == "" {
		ref = "refs/heads/" + p.Branch
	} else if !strings.HasPrefix(ref, "refs/") {
		ref = "refs/heads/" + ref
	}
	head, err := resolveCommit(ctx, p.RepoDir, ref)
	if err != nil {
		return Event{}, fmt.Errorf("%w: %s has no %s", ErrInvalid, p.RepoDir, ref)
	}
	before, err := s.records.LastPushSHA(ctx, p.Name, ref)
	if err != nil {
		return Event{}, err
	}
	if before == "" || !hasCommit(ctx, p.RepoDir, before) {
		before = nullSHA
	}
	return Event{Name: "push", Ref: ref, Before: before, After: head}, nil
}

// workflowFile is one file of .github/workflows at a commit.
type workflowFile struct {
	path string
	wf   *workflow.Workflow
	err  error
}

// loadWorkflows reads the workflows of a commit (files directly in
// .github/workflows ending in .yml or .yaml, as GitHub reads them).
func loadWorkflows(ctx context.Context, dir, sha string) ([]workflowFile, error) {
	names, err := gitLines(ctx, dir, "ls-tree", "--name-only", sha, ".github/workflows/")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []workflowFile
	for _, n := range names {
		if ext := path.Ext(n); ext != ".yml" && ext != ".yaml" {
			continue
		}
		body, err := git(ctx, dir, "cat-file", "blob", sha+":"+n)
		if err != nil {
			out = append(out, workflowFile{path: n, err: err})
			continue
		}
		w, err := workflow.Parse(n, []byte(body+"\n"))
		out = append(out, workflowFile{path: n, wf: w, err: err})
	}
	return out, nil
}

// Trigger starts the runs an event asks for on a registered pipeline: one
// per workflow whose `on:` matches (for a push, against the files changed
// between Before and After). A workflow file that does not parse gets a
// failed run naming file, line and problem, as GitHub shows one. Runs are
// queued by concurrency group in the order Trigger is called and run in
// the background; Wait or FollowLogs follow them. It returns the runs
// created (none when no workflow matched).
func (s *Service) Trigger(ctx context.Context, name string, ev Event) ([]*records.Run, error) {
	p, err := s.records.Pipeline(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("pipeline: %s: %w", name, err)
	}
	if ev.Name == "" {
		ev.Name = "push"
	}
	if ev.Name != "push" && ev.Name != "workflow_dispatch" {
		return nil, fmt.Errorf("%w: event %q (berth triggers push and workflow_dispatch)", ErrInvalid, ev.Name)
	}
	if ev.Ref == "" {
		ev.Ref = "refs/heads/" + p.Branch
	}
	if !strings.HasPrefix(ev.Ref, "refs/") {
		ev.Ref = "refs/heads/" + ev.Ref
	}
	if ev.Actor == "" {
		ev.Actor, _, _ = strings.Cut(p.Repository, "/")
	}
	if ev.Name == "push" && ev.Before == "" {
		ev.Before = nullSHA
	}
	rev := ev.After
	if rev == "" {
		rev = ev.Ref
	}
	if ev.After != "" && !hasCommit(ctx, p.RepoDir, ev.After) {
		// A webhook may name a commit not fetched yet.
		git(ctx, p.RepoDir, "fetch", "--quiet", "origin")
	}
	sha, err := resolveCommit(ctx, p.RepoDir, rev)
	if err != nil {
		return nil, fmt.Errorf("%w: %s has no commit %s", ErrInvalid, p.RepoDir, rev)
	}
	ev.After = sha
	files, err := loadWorkflows(ctx, p.RepoDir, sha)
	if err != nil {
		return nil, fmt.Errorf("pipeline: %s: read workflows at %s: %w", name, sha, err)
	}
	var changed []string
	if ev.Name == "push" {
		changed = changedFiles(ctx, p.RepoDir, ev.Before, sha)
	}
	var runs []*records.Run
	for _, f := range files {
		r, err := s.triggerOne(ctx, p, ev, f, changed)
		if err != nil {
			return runs, err
		}
		if r != nil {
			runs = append(runs, r)
		}
	}
	return runs, nil
}

// triggerOne creates and queues the run of one workflow, or returns nil
// when the event does not trigger it.
func (s *Service) triggerOne(ctx context.Context, p *records.Pipeline, ev Event, f workflowFile, changed []string) (*records.Run, error) {
	r := &records.Run{Pipeline: p.Name, RepoDir: p.RepoDir, Repository: p.Repository, WorkflowFile: f.path, WorkflowName: f.path,
		Event: ev.Name, Ref: ev.Ref, Before: ev.Before, SHA: ev.After, Actor: ev.Actor, CreatedAt: s.cfg.Now()}
	if ev.Name == "workflow_dispatch" {
		r.Before = ""
	}
	if f.err != nil {
		if ev.Workflow != "" && !matchesWorkflowName(ev.Workflow, f.path, "") {
			return nil, nil
		}
		r.Status, r.Conclusion, r.Message, r.CompletedAt = records.StatusCompleted, "failure", f.err.Error(), r.CreatedAt
		if err := s.records.CreateRun(ctx, r); err != nil {
			return nil, err
		}
		lines := []records.LogLine{}
		for i, l := range strings.Split("##[error]Invalid workflow file: "+f.err.Error(), "\n") {
			lines = append(lines, records.LogLine{RunID: r.ID, Seq: int64(i + 1), At: r.CreatedAt, Text: l})
		}
		if err := s.records.AppendLogs(ctx, lines); err != nil {
			return nil, err
		}
		s.changes.notify()
		return r, nil
	}
	w := f.wf
	if w.Name != "" {
		r.WorkflowName = w.Name
	}
	inputs := map[string]string{}
	switch {
	case ev.Name == "workflow_dispatch":
		if !w.MatchesDispatch() || (ev.Workflow != "" && !matchesWorkflowName(ev.Workflow, f.path, w.Name)) {
			return nil, nil
		}
		var err error
		if inputs, err = dispatchInputs(w, ev.Inputs); err != nil {
			return nil, err
		}
	case strings.HasPrefix(ev.Ref, "refs/tags/"):
		if !w.MatchesTagPush(ev.Ref) {
			return nil, nil
		}
	default:
		if !w.MatchesPush(ev.Ref, changed) {
			return nil, nil
		}
	}
	cancelInProgress := false
	if c := w.Concurrency; c != nil {
		sc := &expr.Context{Values: map[string]any{"github": groupGitHubContext(p, ev, w, f.path), "inputs": stringsToAny(inputs),
			"vars": stringsToAny(p.Vars)}}
		group, err := expr.Interpolate(c.Group, sc)
		if err == nil && c.CancelInProgress.Expr != "" {
			var v any
			v, err = expr.InterpolateValue(c.CancelInProgress.Expr, sc)
			if str, ok := v.(string); ok {
				cancelInProgress = strings.EqualFold(str, "true")
			} else {
				cancelInProgress = expr.Truthy(v)
			}
		} else {
			cancelInProgress = c.CancelInProgress.Value
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %s:%d: concurrency: %v", ErrInvalid, f.path, c.Line, err)
		}
		r.ConcurrencyGroup = group
	}
	if err := s.records.CreateRun(ctx, r); err != nil {
		return nil, err
	}
	s.changes.notify()
	if err := s.queue(r, p, w, ev, inputs, cancelInProgress); err != nil {
		s.records.CompleteRun(ctx, r.ID, "failure", err.Error(), s.cfg.Now())
		return nil, err
	}
	return r, nil
}

// matchesWorkflowName tells whether a dispatch's workflow selector names
// this workflow.
func matchesWorkflowName(sel, file, name string) bool {
	return sel == file || sel == path.Base(file) || (name != "" && sel == name)
}

// dispatchInputs fills workflow_dispatch inputs with their defaults and
// checks required ones.
func dispatchInputs(w *workflow.Workflow, given map[string]string) (map[string]string, error) {
	out := map[string]string{}
	known := map[string]bool{}
	for _, in := range w.On.Dispatch.Inputs {
		known[in.Name] = true
		v, ok := given[in.Name]
		if !ok {
			v = in.Default
		}
		if in.Required && v == "" {
			return nil, fmt.Errorf("%w: %s: input %q is required", ErrInvalid, w.File, in.Name)
		}
		if in.Type == "choice" && v != "" && len(in.Options) > 0 && !contains(in.Options, v) {
			return nil, fmt.Errorf("%w: %s: input %q must be one of %s", ErrInvalid, w.File, in.Name, strings.Join(in.Options, ", "))
		}
		out[in.Name] = v
	}
	for k := range given {
		if !known[k] {
			return nil, fmt.Errorf("%w: %s: unexpected input %q", ErrInvalid, w.File, k)
		}
	}
	return out, nil
}

// groupGitHubContext is the github context a workflow-level concurrency
// group is evaluated with.
func groupGitHubContext(p *records.Pipeline, ev Event, w *workflow.Workflow, file string) map[string]any {
	name := w.Name
	if name == "" {
		name = file
	}
	owner, _, _ := strings.Cut(p.Repository, "/")
	refName := strings.TrimPrefix(strings.TrimPrefix(ev.Ref, "refs/heads/"), "refs/tags/")
	return map[string]any{"repository": p.Repository, "repository_owner": owner, "ref": ev.Ref, "ref_name": refName,
		"sha": ev.After, "event_name": ev.Name, "workflow": name, "actor": ev.Actor, "head_ref": "", "base_ref": ""}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func stringsToAny(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
