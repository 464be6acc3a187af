package console

import (
	"net/http"
	"strconv"
	"strings"
)

// Bounds of the pipeline pages.
const (
	runsShown     = 50
	runLogsShown  = 2000
	runLogsAPIMax = 20 // GetPipelineRunLogs calls (of up to 10,000 lines) per page view
)

// runsView is the Pipelines page.
type runsView struct {
	Runs []pipelineRun
	Err  *apiError
}

func (c *Console) runsPage(w http.ResponseWriter, r *http.Request, s *session) {
	v := &runsView{}
	var out runsOut
	if err := c.call(r.Context(), s.principal, "berth", "ListPipelineRuns", map[string]any{"limit": runsShown}, &out); err != nil {
		v.Err = c.explain(err)
	} else {
		v.Runs = out.Runs
	}
	c.render(w, r, s, http.StatusOK, "runs", "Pipelines", v)
}

// runView is a pipeline run's page.
type runView struct {
	ID        int64
	Run       *pipelineRun
	Jobs      []pipelineJob
	Steps     []pipelineStep
	Err       *apiError
	Lines     []runLogLine
	Shown     []runLine // Lines as the page shows them
	LogsErr   *apiError
	Truncated bool // only the newest runLogsShown lines are shown
}

func (c *Console) runPage(w http.ResponseWriter, r *http.Request, s *session) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		c.notFound(w, r)
		return
	}
	v := &runView{ID: id}
	ctx, p := r.Context(), s.principal
	var out runDetailOut
	if err := c.call(ctx, p, "berth", "GetPipelineRun", map[string]any{"id": id}, &out); err != nil {
		v.Err = c.explain(err)
		status := http.StatusOK
		if v.Err.Code == "ResourceNotFoundException" {
			status = http.StatusNotFound
		}
		c.render(w, r, s, status, "run", "Run "+strconv.FormatInt(id, 10), v)
		return
	}
	v.Run, v.Jobs, v.Steps = &out.Run.pipelineRun, out.Run.Jobs, out.Run.Steps
	after := int64(0)
	for range runLogsAPIMax {
		var logs runLogsOut
		if err := c.call(ctx, p, "berth", "GetPipelineRunLogs", map[string]any{"id": id, "after": after}, &logs); err != nil {
			v.LogsErr = c.explain(err)
			break
		}
		if len(logs.Lines) == 0 {
			break
		}
		v.Lines = append(v.Lines, logs.Lines...)
		if len(v.Lines) > runLogsShown {
			v.Lines, v.Truncated = v.Lines[len(v.Lines)-runLogsShown:], true
		}
		after = logs.Lines[len(logs.Lines)-1].Seq
	}
	v.Shown = shownLines(v.Lines)
	c.render(w, r, s, http.StatusOK, "run", v.Run.WorkflowName+" #"+strconv.FormatInt(v.Run.RunNumber, 10), v)
}

// runLine is a log line of a run's page. The runner's group markers
// (##[group]Title … ##[endgroup]) become a bold title line; the end
// markers are left out.
type runLine struct {
	runLogLine
	Group bool
}

func shownLines(lines []runLogLine) []runLine {
	out := make([]runLine, 0, len(lines))
	for _, l := range lines {
		if l.Text == "##[endgroup]" {
			continue
		}
		title, group := strings.CutPrefix(l.Text, "##[group]")
		l.Text = title
		out = append(out, runLine{runLogLine: l, Group: group})
	}
	return out
}
