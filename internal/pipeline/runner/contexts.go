package runner

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// runInfo is the run-wide part of the github context.
type runInfo struct {
	spec      *Spec
	server    string
	workflow  string // github.workflow: the name, else the file path
	eventPath string
	payload   map[string]any
}

func newRunInfo(s *Spec) *runInfo {
	ri := &runInfo{spec: s, server: strings.TrimSuffix(s.ServerURL, "/")}
	if ri.server == "" {
		ri.server = "https://github.com"
	}
	ri.workflow = s.Workflow.Name
	if ri.workflow == "" {
		ri.workflow = s.Workflow.File
	}
	ri.payload = s.Event.Payload
	if ri.payload == nil {
		ri.payload = ri.defaultPayload()
	}
	return ri
}

func (ri *runInfo) owner() string {
	o, _, _ := strings.Cut(ri.spec.Repository, "/")
	return o
}

func (ri *runInfo) defaultBranch() string {
	if b := ri.spec.Event.DefaultBranch; b != "" {
		return b
	}
	return "main"
}

func (ri *runInfo) apiURL() string {
	if ri.server == "https://github.com" {
		return "https://api.github.com"
	}
	return ri.server + "/api/v3"
}

func (ri *runInfo) graphqlURL() string {
	if ri.server == "https://github.com" {
		return "https://api.github.com/graphql"
	}
	return ri.server + "/api/graphql"
}

func (ri *runInfo) refName() string {
	r := ri.spec.Event.Ref
	for _, p := range []string{"refs/heads/", "refs/tags/"} {
		if strings.HasPrefix(r, p) {
			return strings.TrimPrefix(r, p)
		}
	}
	return r
}

func (ri *runInfo) refType() string {
	if strings.HasPrefix(ri.spec.Event.Ref, "refs/tags/") {
		return "tag"
	}
	return "branch"
}

func (ri *runInfo) attempt() int {
	if ri.spec.RunAttempt <= 0 {
		return 1
	}
	return ri.spec.RunAttempt
}

func (ri *runInfo) workflowRef() string {
	return ri.spec.Repository + "/" + ri.spec.Workflow.File + "@" + ri.spec.Event.Ref
}

// defaultPayload shapes a push or workflow_dispatch webhook body with the
// fields workflows commonly read.
func (ri *runInfo) defaultPayload() map[string]any {
	s := ri.spec
	repo := map[string]any{
		"full_name":      s.Repository,
		"name":           strings.TrimPrefix(s.Repository, ri.owner()+"/"),
		"owner":          map[string]any{"login": ri.owner(), "name": ri.owner()},
		"default_branch": ri.defaultBranch(),
		"html_url":       ri.server + "/" + s.Repository,
		"clone_url":      ri.server + "/" + s.Repository + ".git",
	}
	sender := map[string]any{"login": s.Actor}
	if s.Event.Name == "workflow_dispatch" {
		inputs := map[string]any{}
		for k, v := range s.Inputs {
			inputs[k] = v
		}
		return map[string]any{"ref": s.Event.Ref, "repository": repo, "sender": sender, "inputs": inputs,
			"workflow": s.Workflow.File}
	}
	return map[string]any{
		"ref": s.Event.Ref, "before": s.Event.Before, "after": s.Event.SHA,
		"created": s.Event.Before == NullSHA, "deleted": false, "forced": false,
		"repository": repo, "pusher": map[string]any{"name": s.Actor}, "sender": sender,
		"head_commit": map[string]any{"id": s.Event.SHA}, "commits": []any{},
	}
}

// writeEventFile writes GITHUB_EVENT_PATH.
func (ri *runInfo) writeEventFile(dir string) error {
	b, err := json.MarshalIndent(ri.payload, "", "  ")
	if err != nil {
		return err
	}
	ri.eventPath = filepath.Join(dir, "event.json")
	return os.WriteFile(ri.eventPath, b, 0o600)
}

// githubContext is the github context for one job.
func (ri *runInfo) githubContext(job, workspace string, files *fileCommands) map[string]any {
	s := ri.spec
	g := map[string]any{
		"action": "", "action_path": "", "action_ref": "", "action_repository": "", "action_status": "",
		"actor": s.Actor, "actor_id": "", "triggering_actor": s.Actor,
		"api_url": ri.apiURL(), "graphql_url": ri.graphqlURL(), "server_url": ri.server,
		"base_ref": "", "head_ref": "",
		"event": ri.payload, "event_name": s.Event.Name, "event_path": ri.eventPath,
		"job": job,
		"ref": s.Event.Ref, "ref_name": ri.refName(), "ref_type": ri.refType(), "ref_protected": false,
		"repository": s.Repository, "repository_id": "", "repository_owner": ri.owner(), "repository_owner_id": "",
		"repositoryUrl":  "git://" + strings.TrimPrefix(strings.TrimPrefix(ri.server, "https://"), "http://") + "/" + s.Repository + ".git",
		"retention_days": "90",
		"run_id":         strconv.FormatInt(s.RunID, 10), "run_number": strconv.FormatInt(s.RunNumber, 10),
		"run_attempt": strconv.Itoa(ri.attempt()), "secret_source": "Actions",
		"sha": s.Event.SHA, "token": "", "workflow": ri.workflow, "workflow_ref": ri.workflowRef(),
		"workflow_sha": s.Event.SHA, "workspace": workspace,
	}
	if files != nil {
		g["env"], g["path"], g["output"], g["step_summary"], g["state"] = files.env, files.path, files.output, files.summary, ""
	}
	return g
}

// defaultEnv is the GITHUB_* / RUNNER_* environment of a step.
func (ri *runInfo) defaultEnv(job, workspace, temp string, files *fileCommands) map[string]string {
	s := ri.spec
	return map[string]string{
		"CI": "true", "GITHUB_ACTIONS": "true",
		"GITHUB_ACTOR": s.Actor, "GITHUB_TRIGGERING_ACTOR": s.Actor,
		"GITHUB_API_URL": ri.apiURL(), "GITHUB_GRAPHQL_URL": ri.graphqlURL(), "GITHUB_SERVER_URL": ri.server,
		"GITHUB_BASE_REF": "", "GITHUB_HEAD_REF": "",
		"GITHUB_EVENT_NAME": s.Event.Name, "GITHUB_EVENT_PATH": ri.eventPath,
		"GITHUB_JOB": job,
		"GITHUB_REF": s.Event.Ref, "GITHUB_REF_NAME": ri.refName(), "GITHUB_REF_TYPE": ri.refType(), "GITHUB_REF_PROTECTED": "false",
		"GITHUB_REPOSITORY": s.Repository, "GITHUB_REPOSITORY_OWNER": ri.owner(),
		"GITHUB_RETENTION_DAYS": "90",
		"GITHUB_RUN_ID":         strconv.FormatInt(s.RunID, 10), "GITHUB_RUN_NUMBER": strconv.FormatInt(s.RunNumber, 10),
		"GITHUB_RUN_ATTEMPT": strconv.Itoa(ri.attempt()),
		"GITHUB_SHA":         s.Event.SHA, "GITHUB_WORKFLOW": ri.workflow, "GITHUB_WORKFLOW_REF": ri.workflowRef(),
		"GITHUB_WORKFLOW_SHA": s.Event.SHA, "GITHUB_WORKSPACE": workspace,
		"GITHUB_ENV": files.env, "GITHUB_PATH": files.path, "GITHUB_OUTPUT": files.output,
		"GITHUB_STEP_SUMMARY": files.summary, "GITHUB_STATE": files.state,
		"RUNNER_OS": runnerOS(), "RUNNER_ARCH": runnerArch(), "RUNNER_NAME": "berth",
		"RUNNER_TEMP": temp, "RUNNER_TOOL_CACHE": filepath.Join(temp, "_tool"), "RUNNER_ENVIRONMENT": "self-hosted",
	}
}

// runnerContext is the runner context.
func runnerContext(temp string) map[string]any {
	return map[string]any{"name": "berth", "os": runnerOS(), "arch": runnerArch(), "temp": temp,
		"tool_cache": filepath.Join(temp, "_tool"), "environment": "self-hosted", "debug": ""}
}

func runnerOS() string {
	switch runtime.GOOS {
	case "darwin":
		return "macOS"
	case "windows":
		return "Windows"
	}
	return "Linux"
}

func runnerArch() string {
	switch runtime.GOARCH {
	case "arm64":
		return "ARM64"
	case "arm":
		return "ARM"
	case "386":
		return "X86"
	}
	return "X64"
}

// hostEnviron is berth's environment minus what would leak the host's
// cloud or CI identity into a step (AWS_*, GITHUB_*, ACTIONS_*, RUNNER_*,
// BERTH_*): a step sees only what its workflow configures, as on a fresh
// hosted runner.
func hostEnviron() map[string]string {
	out := map[string]string{}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(k, "AWS_"), strings.HasPrefix(k, "GITHUB_"), strings.HasPrefix(k, "ACTIONS_"),
			strings.HasPrefix(k, "RUNNER_"), strings.HasPrefix(k, "BERTH_"):
			continue
		}
		out[k] = v
	}
	return out
}
