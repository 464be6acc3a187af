package berthapi

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/pipeline"
	"github.com/berth-dev/berth/internal/pipeline/records"
)

// Pipelines is what berth's API needs of the workflow runner.
type Pipelines interface {
	Register(ctx context.Context, p records.Pipeline) (*records.Pipeline, error)
	Pipeline(ctx context.Context, name string) (*records.Pipeline, error)
	HeadPush(ctx context.Context, name, ref string) (pipeline.Event, error)
	Trigger(ctx context.Context, name string, ev pipeline.Event) ([]*records.Run, error)
	GetRun(ctx context.Context, id int64) (*pipeline.RunDetail, error)
	Runs(ctx context.Context, f records.RunFilter) ([]*records.Run, error)
	Logs(ctx context.Context, id, after int64) ([]records.LogLine, error)
}

var _ Pipelines = (*pipeline.Service)(nil)

// AddPipelineInput registers a repository's workflows.
type AddPipelineInput struct {
	Name          string            `json:"name"`
	RepoDir       string            `json:"repoDir" aws:"required"`
	Repository    string            `json:"repository"`
	Branch        string            `json:"branch"`
	WebhookSecret string            `json:"webhookSecret"`
	Secrets       map[string]string `json:"secrets"`
	Vars          map[string]string `json:"vars"`
}

// PipelineOutput describes a registered pipeline.
type PipelineOutput struct {
	Pipeline *records.Pipeline `json:"pipeline"`
}

// RunPipelineInput starts the workflows of a pipeline for the head of its
// branch (a push event), registering the repository first if needed.
type RunPipelineInput struct {
	Name    string `json:"name"`
	RepoDir string `json:"repoDir"`
	Ref     string `json:"ref"`
}

// RunsOutput lists runs.
type RunsOutput struct {
	Runs []*records.Run `json:"runs"`
}

// RunIDInput names a run.
type RunIDInput struct {
	ID    int64 `json:"id"`
	After int64 `json:"after"`
}

// RunOutput is a run with its jobs and steps.
type RunOutput struct {
	Run *pipeline.RunDetail `json:"run"`
}

// LogsOutput are a run's log lines after a sequence number.
type LogsOutput struct {
	Lines []records.LogLine `json:"lines"`
}

// ListRunsInput filters runs.
type ListRunsInput struct {
	Pipeline string `json:"pipeline"`
	Limit    int    `json:"limit"`
}

func (a *API) pipelineOps() []*awsapi.Operation {
	return []*awsapi.Operation{
		awsapi.Define(awsapi.Spec[AddPipelineInput, PipelineOutput]{Name: "AddPipeline", Action: "berth:AddPipeline", Handler: a.addPipeline}),
		awsapi.Define(awsapi.Spec[RunPipelineInput, RunsOutput]{Name: "RunPipeline", Action: "berth:RunPipeline", Handler: a.runPipeline}),
		awsapi.Define(awsapi.Spec[RunIDInput, RunOutput]{Name: "GetPipelineRun", Action: "berth:GetPipelineRun", ReadOnly: true, Handler: a.getRun}),
		awsapi.Define(awsapi.Spec[RunIDInput, LogsOutput]{Name: "GetPipelineRunLogs", Action: "berth:GetPipelineRunLogs", ReadOnly: true, Handler: a.getLogs}),
		awsapi.Define(awsapi.Spec[ListRunsInput, RunsOutput]{Name: "ListPipelineRuns", Action: "berth:ListPipelineRuns", ReadOnly: true, Handler: a.listRuns}),
	}
}

func invalid(err error) error {
	return awsapi.Errorf("ValidationException", "%s", err.Error())
}

func (a *API) addPipeline(ctx context.Context, _ *awsapi.Call, in *AddPipelineInput) (*PipelineOutput, error) {
	if in.Name == "" {
		in.Name = filepath.Base(filepath.Clean(in.RepoDir))
	}
	p, err := a.pipes.Register(ctx, records.Pipeline{Name: in.Name, RepoDir: in.RepoDir, Repository: in.Repository, Branch: in.Branch,
		WebhookSecret: in.WebhookSecret, Secrets: in.Secrets, Vars: in.Vars})
	if err != nil {
		return nil, invalid(err)
	}
	return &PipelineOutput{Pipeline: p}, nil
}

func (a *API) runPipeline(ctx context.Context, _ *awsapi.Call, in *RunPipelineInput) (*RunsOutput, error) {
	name := in.Name
	if name == "" && in.RepoDir == "" {
		return nil, awsapi.Errorf("ValidationException", "name or repoDir is required")
	}
	if name == "" {
		name = filepath.Base(filepath.Clean(in.RepoDir))
	}
	if _, err := a.pipes.Pipeline(ctx, name); err != nil {
		if in.RepoDir == "" {
			return nil, awsapi.Errorf("ResourceNotFoundException", "no pipeline named %s; add it with berth pipeline add", name)
		}
		if _, err := a.pipes.Register(ctx, records.Pipeline{Name: name, RepoDir: in.RepoDir}); err != nil {
			return nil, invalid(err)
		}
	}
	ev, err := a.pipes.HeadPush(ctx, name, in.Ref)
	if err != nil {
		return nil, invalid(err)
	}
	// A commit runs once however often berth is asked (a post-commit
	// nudge and a watcher may both ask): return the runs it already has.
	if prev, err := a.pipes.Runs(ctx, records.RunFilter{Pipeline: name, Limit: 20}); err == nil {
		var same []*records.Run
		for _, r := range prev {
			if r.SHA == ev.After && r.Event == "push" && r.Conclusion != "cancelled" {
				same = append(same, r)
			}
		}
		if len(same) > 0 {
			return &RunsOutput{Runs: same}, nil
		}
	}
	runs, err := a.pipes.Trigger(ctx, name, ev)
	if err != nil {
		return nil, invalid(err)
	}
	if runs == nil {
		runs = []*records.Run{}
	}
	return &RunsOutput{Runs: runs}, nil
}

func (a *API) getRun(ctx context.Context, _ *awsapi.Call, in *RunIDInput) (*RunOutput, error) {
	r, err := a.pipes.GetRun(ctx, in.ID)
	if err != nil {
		return nil, notFound(err, in.ID)
	}
	return &RunOutput{Run: r}, nil
}

func (a *API) getLogs(ctx context.Context, _ *awsapi.Call, in *RunIDInput) (*LogsOutput, error) {
	lines, err := a.pipes.Logs(ctx, in.ID, in.After)
	if err != nil {
		return nil, notFound(err, in.ID)
	}
	if lines == nil {
		lines = []records.LogLine{}
	}
	return &LogsOutput{Lines: lines}, nil
}

func (a *API) listRuns(ctx context.Context, _ *awsapi.Call, in *ListRunsInput) (*RunsOutput, error) {
	runs, err := a.pipes.Runs(ctx, records.RunFilter{Pipeline: in.Pipeline, Limit: in.Limit})
	if err != nil {
		return nil, err
	}
	if runs == nil {
		runs = []*records.Run{}
	}
	return &RunsOutput{Runs: runs}, nil
}

func notFound(err error, id int64) error {
	if errors.Is(err, records.ErrNotFound) {
		return awsapi.Errorf("ResourceNotFoundException", "run %d not found", id)
	}
	return err
}
