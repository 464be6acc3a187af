package workflow

// Workflow is one parsed workflow file. Values that GitHub evaluates at run
// time (anything containing ${{ }}) are kept as raw strings; their syntax has
// already been checked.
type Workflow struct {
	File        string            `json:"file"`
	Name        string            `json:"name,omitempty"`
	RunName     string            `json:"runName,omitempty"`
	On          Triggers          `json:"on"`
	Env         map[string]string `json:"env,omitempty"`
	Defaults    RunDefaults       `json:"defaults,omitzero"`
	Permissions *Permissions      `json:"permissions,omitempty"`
	Concurrency *Concurrency      `json:"concurrency,omitempty"`
	// Jobs are in declaration order; use JobOrder for execution order.
	Jobs []*Job `json:"jobs"`
}

// Job finds a job by id, or returns nil.
func (w *Workflow) Job(id string) *Job {
	for _, j := range w.Jobs {
		if j.ID == id {
			return j
		}
	}
	return nil
}

// Triggers is the `on:` section.
type Triggers struct {
	// Push is set when the workflow runs on push (berth's main trigger).
	Push *RefFilters `json:"push,omitempty"`
	// Dispatch is set when the workflow can be started by hand.
	Dispatch *Dispatch `json:"workflowDispatch,omitempty"`
	// Unsupported lists the other events, in declaration order. They are
	// valid GitHub events that berth accepts in a file but never fires
	// (pull_request, schedule, ...); the runner may warn about them.
	Unsupported []Event `json:"unsupported,omitempty"`
	Line        int     `json:"line"`
}

// Event is a declared trigger berth does not fire.
type Event struct {
	Name string `json:"name"`
	// Filters holds branch/path filters of pull_request-like events.
	Filters *RefFilters `json:"filters,omitempty"`
	// Cron holds the schedule event's cron lines.
	Cron []string `json:"cron,omitempty"`
	Line int      `json:"line"`
}

// RefFilters are the branch, tag and path filters of a push (or
// pull_request) trigger, patterns in GitHub's filter glob syntax.
type RefFilters struct {
	Branches       []string `json:"branches,omitempty"`
	BranchesIgnore []string `json:"branchesIgnore,omitempty"`
	Tags           []string `json:"tags,omitempty"`
	TagsIgnore     []string `json:"tagsIgnore,omitempty"`
	Paths          []string `json:"paths,omitempty"`
	PathsIgnore    []string `json:"pathsIgnore,omitempty"`
	Line           int      `json:"line"`
}

// Dispatch is workflow_dispatch with its inputs.
type Dispatch struct {
	Inputs []Input `json:"inputs,omitempty"`
	Line   int     `json:"line"`
}

// Input is one workflow_dispatch input.
type Input struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Required    bool     `json:"required,omitempty"`
	Default     string   `json:"default,omitempty"`
	Type        string   `json:"type,omitempty"` // string, boolean, choice, number, environment
	Options     []string `json:"options,omitempty"`
	Line        int      `json:"line"`
}

// RunDefaults is `defaults.run`: the shell and directory of run steps.
type RunDefaults struct {
	Shell            string `json:"shell,omitempty"`
	WorkingDirectory string `json:"workingDirectory,omitempty"`
}

// Permissions is a `permissions:` block. A nil *Permissions means the key
// was absent (the repository default applies).
type Permissions struct {
	// All is "read-all" or "write-all" when the shorthand form is used.
	All string `json:"all,omitempty"`
	// Scopes maps a scope (contents, id-token, ...) to read, write or none.
	// `permissions: {}` gives an empty, non-nil map: everything none.
	Scopes map[string]string `json:"scopes,omitempty"`
	Line   int               `json:"line"`
}

// Level reports the access a scope gets: "read", "write" or "none".
func (p *Permissions) Level(scope string) string {
	switch p.All {
	case "read-all":
		return "read"
	case "write-all":
		return "write"
	}
	if l, ok := p.Scopes[scope]; ok {
		return l
	}
	return "none"
}

// IDToken reports whether the job may request an OIDC token, which berth's
// credential actions need (id-token: write).
func (p *Permissions) IDToken() bool { return p.Level("id-token") == "write" }

// Concurrency is a `concurrency:` block; Group may contain ${{ }}.
type Concurrency struct {
	Group            string     `json:"group"`
	CancelInProgress BoolOrExpr `json:"cancelInProgress,omitzero"`
	Line             int        `json:"line"`
}

// BoolOrExpr is a YAML boolean that may instead be a ${{ }} expression,
// which the runner evaluates (Expr is then set and Value is false).
type BoolOrExpr struct {
	Value bool   `json:"value,omitempty"`
	Expr  string `json:"expr,omitempty"`
}

// NumberOrExpr is a YAML number that may instead be a ${{ }} expression.
// Set distinguishes an explicit 0 from absence.
type NumberOrExpr struct {
	Value float64 `json:"value,omitempty"`
	Expr  string  `json:"expr,omitempty"`
	Set   bool    `json:"set,omitempty"`
}

// Environment is a job's deployment environment, which GitHub puts in the
// OIDC token's subject.
type Environment struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// Job is one entry of `jobs:`.
type Job struct {
	ID          string            `json:"id"`
	Name        string            `json:"name,omitempty"`
	Needs       []string          `json:"needs,omitempty"`
	If          string            `json:"if,omitempty"`
	RunsOn      []string          `json:"runsOn,omitempty"` // kept for display; berth runs every job locally
	Environment *Environment      `json:"environment,omitempty"`
	Outputs     map[string]string `json:"outputs,omitempty"`
	Env         map[string]string `json:"env,omitempty"`
	Defaults    RunDefaults       `json:"defaults,omitzero"`
	Permissions *Permissions      `json:"permissions,omitempty"`
	Concurrency *Concurrency      `json:"concurrency,omitempty"`
	// TimeoutMinutes defaults to GitHub's 360 when not Set.
	TimeoutMinutes  NumberOrExpr `json:"timeoutMinutes,omitzero"`
	ContinueOnError BoolOrExpr   `json:"continueOnError,omitzero"`
	Strategy        *Strategy    `json:"strategy,omitempty"`
	Steps           []*Step      `json:"steps"`
	Line            int          `json:"line"`

	needsLine int // where `needs:` is, for error positions
}

// Step is one entry of a job's `steps:`; exactly one of Run and Uses is set.
type Step struct {
	ID               string            `json:"id,omitempty"`
	Name             string            `json:"name,omitempty"`
	If               string            `json:"if,omitempty"`
	Run              string            `json:"run,omitempty"`
	Shell            string            `json:"shell,omitempty"`
	WorkingDirectory string            `json:"workingDirectory,omitempty"`
	Uses             string            `json:"uses,omitempty"`
	With             map[string]string `json:"with,omitempty"`
	Env              map[string]string `json:"env,omitempty"`
	ContinueOnError  BoolOrExpr        `json:"continueOnError,omitzero"`
	TimeoutMinutes   NumberOrExpr      `json:"timeoutMinutes,omitzero"`
	Line             int               `json:"line"`
}

// DisplayName is what GitHub shows for a step: its name, else "Run <first
// line of the script>" or "Run <action>".
func (s *Step) DisplayName() string {
	if s.Name != "" {
		return s.Name
	}
	if s.Uses != "" {
		return "Run " + s.Uses
	}
	line := s.Run
	for i, c := range line {
		if c == '\n' {
			line = line[:i]
			break
		}
	}
	return "Run " + line
}
