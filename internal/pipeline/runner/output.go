package runner

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

// fileCommands are one step's GITHUB_ENV, GITHUB_PATH, GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY and GITHUB_STATE files.
type fileCommands struct {
	env, path, output, summary, state string
}

// newFileCommands creates the empty files in dir.
func newFileCommands(dir string) (*fileCommands, error) {
	id := uuid.NewString()
	f := &fileCommands{
		env:     filepath.Join(dir, "set_env_"+id),
		path:    filepath.Join(dir, "add_path_"+id),
		output:  filepath.Join(dir, "set_output_"+id),
		summary: filepath.Join(dir, "step_summary_"+id),
		state:   filepath.Join(dir, "save_state_"+id),
	}
	for _, p := range []string{f.env, f.path, f.output, f.summary, f.state} {
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			return nil, fmt.Errorf("runner: file commands: %w", err)
		}
	}
	return f, nil
}

func (f *fileCommands) remove() {
	for _, p := range []string{f.env, f.path, f.output, f.summary, f.state} {
		os.Remove(p)
	}
}

// maxSummary is GitHub's limit on one step's summary.
const maxSummary = 1 << 20

// stepIO is what a running step sends back to the runner: its log lines
// (scanned for workflow commands) and its exports. It implements
// actions.Commands and io.Writer.
type stepIO struct {
	job    *jobRun
	index  int
	masker *Masker
	debug  bool
	// unsecure allows ::set-env:: and ::add-path:: (ACTIONS_ALLOW_UNSECURE_COMMANDS).
	unsecure bool

	mu       sync.Mutex
	partial  []byte
	stopTok  string
	outputs  map[string]string
	exported []KeyValue
	paths    []string
	failure  string // a command error that fails the step
}

func newStepIO(j *jobRun, index int, debug, unsecure bool) *stepIO {
	return &stepIO{job: j, index: index, masker: j.run.masker, debug: debug, unsecure: unsecure, outputs: map[string]string{}}
}

// Write implements io.Writer: complete lines are processed, the rest kept.
func (s *stepIO) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.partial = append(s.partial, p...)
	for {
		i := bytes.IndexByte(s.partial, '\n')
		if i < 0 {
			break
		}
		line := strings.TrimSuffix(string(s.partial[:i]), "\r")
		s.partial = s.partial[i+1:]
		s.lineLocked(line)
	}
	return len(p), nil
}

// flush processes a final unterminated line.
func (s *stepIO) flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.partial) > 0 {
		s.lineLocked(strings.TrimSuffix(string(s.partial), "\r"))
		s.partial = nil
	}
}

// log records a runner message for this step.
func (s *stepIO) log(line string) {
	s.job.log(s.index, line)
}

func (s *stepIO) lineLocked(line string) {
	if s.stopTok != "" {
		if strings.TrimSpace(line) == "::"+s.stopTok+"::" {
			s.stopTok = ""
			return
		}
		s.log(line)
		return
	}
	c, ok := ParseCommand(line)
	if !ok {
		s.log(line)
		return
	}
	switch c.Name {
	case "add-mask":
		s.masker.Add(c.Message)
	case "set-output":
		s.log("##[warning]The `set-output` command is deprecated and will be disabled soon. Please upgrade to using Environment Files.")
		if n := c.Properties["name"]; n != "" {
			s.outputs[n] = c.Message
		}
	case "set-env", "add-path":
		if !s.unsecure {
			s.failure = fmt.Sprintf("Unable to process command '%s' successfully. The `%s` command is disabled. Please upgrade to using Environment Files or opt into unsecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_COMMANDS` environment variable to `true`.", s.masker.Mask(line), c.Name)
			s.log("##[error]" + s.failure)
			return
		}
		if c.Name == "set-env" {
			s.exported = append(s.exported, KeyValue{c.Properties["name"], c.Message})
		} else {
			s.paths = append(s.paths, c.Message)
		}
	case "error", "warning", "notice":
		s.log("##[" + c.Name + "]" + annotationPrefix(c) + c.Message)
	case "debug":
		if s.debug {
			s.log("##[debug]" + c.Message)
		}
	case "group", "endgroup":
		s.log("##[" + c.Name + "]" + c.Message)
	case "stop-commands":
		s.stopTok = c.Message
	case "save-state", "echo":
	default:
		s.log(line)
	}
}

// annotationPrefix renders file/line properties as GitHub's log does.
func annotationPrefix(c Command) string {
	f := c.Properties["file"]
	if f == "" {
		if t := c.Properties["title"]; t != "" {
			return t + ": "
		}
		return ""
	}
	if l := c.Properties["line"]; l != "" {
		f += ":" + l
	}
	return f + ": "
}

// SetOutput implements actions.Commands.
func (s *stepIO) SetOutput(name, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.outputs[name] = value
}

// ExportVariable implements actions.Commands.
func (s *stepIO) ExportVariable(name, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.exported = append(s.exported, KeyValue{name, value})
}

// AddPath implements actions.Commands.
func (s *stepIO) AddPath(dir string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paths = append(s.paths, dir)
}

// AddMask implements actions.Commands.
func (s *stepIO) AddMask(value string) { s.masker.Add(value) }

// readFileCommands applies the step's files after it ran (also when it
// failed, as GitHub does). A malformed file fails the step.
func (s *stepIO) readFileCommands(f *fileCommands) (summary string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, rerr := os.ReadFile(f.output); rerr == nil {
		kvs, perr := ParseFileCommand(string(b))
		if perr != nil {
			err = fmt.Errorf("Unable to process file command 'output' successfully: %w", perr) //lint:ignore ST1005 GitHub's message
		}
		for _, kv := range kvs {
			s.outputs[kv.Name] = kv.Value
		}
	}
	if b, rerr := os.ReadFile(f.env); rerr == nil {
		kvs, perr := ParseFileCommand(string(b))
		if perr != nil && err == nil {
			err = fmt.Errorf("Unable to process file command 'env' successfully: %w", perr) //lint:ignore ST1005 GitHub's message
		}
		s.exported = append(s.exported, kvs...)
	}
	if b, rerr := os.ReadFile(f.path); rerr == nil {
		s.paths = append(s.paths, ParsePathFile(string(b))...)
	}
	if b, rerr := os.ReadFile(f.summary); rerr == nil {
		if len(b) > maxSummary {
			s.job.log(s.index, "##[warning]$GITHUB_STEP_SUMMARY is larger than 1024k and was not uploaded.")
		} else {
			summary = s.masker.Mask(string(b))
		}
	}
	return summary, err
}

// now is the job's clock.
func (j *jobRun) now() time.Time { return j.run.r.now() }
