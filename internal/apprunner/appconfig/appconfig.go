// Package appconfig parses App Runner's configuration file, apprunner.yaml,
// which a service reads from its source directory when its
// CodeConfiguration says ConfigurationSource REPOSITORY.
//
// The format is App Runner's (version 1.0): runtime, build commands and
// environment, run command, network port and the environment and secrets
// of the running app. Parsing is strict: an unknown key is reported with
// its line, the way a typo should be, instead of being silently ignored.
// The package is pure: it reads bytes and does no I/O.
package appconfig

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// FileName is the file App Runner reads from the service's source directory.
const FileName = "apprunner.yaml"

// ErrInvalid is wrapped by every parse error.
var ErrInvalid = errors.New("apprunner.yaml: invalid")

// Config is a parsed apprunner.yaml.
type Config struct {
	// Runtime is the App Runner API enum value (the file's "python3"
	// becomes "PYTHON_3", "go1" becomes "GO_1").
	Runtime string `json:"runtime"`
	// RuntimeVersion is run.runtime-version; berth records it but runs the
	// host's toolchain.
	RuntimeVersion string `json:"runtimeVersion,omitempty"`
	// BuildCommands are build.commands pre-build, build and post-build in
	// that order.
	BuildCommands []string `json:"buildCommands,omitempty"`
	// BuildEnv is build.env.
	BuildEnv map[string]string `json:"buildEnv,omitempty"`
	// PreRun are run.pre-run commands, run before Command in each instance.
	PreRun []string `json:"preRun,omitempty"`
	// Command is run.command.
	Command string `json:"command"`
	// Port is run.network.port; 0 means App Runner's default, 8080.
	Port int `json:"port,omitempty"`
	// PortEnv is run.network.env: a variable that also receives the port.
	PortEnv string `json:"portEnv,omitempty"`
	// Env is run.env.
	Env map[string]string `json:"env,omitempty"`
	// Secrets is run.secrets: variable name → SSM parameter (or Secrets
	// Manager) reference in value-from.
	Secrets map[string]string `json:"secrets,omitempty"`
}

// BuildCommand joins BuildCommands into one shell command that stops at
// the first failure, "" when there are none.
func (c *Config) BuildCommand() string {
	return strings.Join(c.BuildCommands, " && ")
}

// StartCommand is Command preceded by the PreRun commands.
func (c *Config) StartCommand() string {
	return strings.Join(append(append([]string(nil), c.PreRun...), c.Command), " && ")
}

// file is the YAML document.
type file struct {
	Version any    `yaml:"version"`
	Runtime string `yaml:"runtime"`
	Build   *struct {
		Commands *struct {
			PreBuild  commands `yaml:"pre-build"`
			Build     commands `yaml:"build"`
			PostBuild commands `yaml:"post-build"`
		} `yaml:"commands"`
		Env []pair `yaml:"env"`
	} `yaml:"build"`
	Run *struct {
		RuntimeVersion any      `yaml:"runtime-version"`
		PreRun         commands `yaml:"pre-run"`
		Command        string   `yaml:"command"`
		Network        *struct {
			Port any    `yaml:"port"`
			Env  string `yaml:"env"`
		} `yaml:"network"`
		Env     []pair `yaml:"env"`
		Secrets []pair `yaml:"secrets"`
	} `yaml:"run"`
}

// pair is a name/value (env) or name/value-from (secrets) entry.
type pair struct {
	Name      string `yaml:"name"`
	Value     any    `yaml:"value"`
	ValueFrom string `yaml:"value-from"`
}

// commands accepts a list of commands or a single one.
type commands []string

// UnmarshalYAML implements yaml.Unmarshaler.
func (c *commands) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*c = commands{n.Value}
		return nil
	case yaml.SequenceNode:
		var l []string
		if err := n.Decode(&l); err != nil {
			return err
		}
		*c = l
		return nil
	}
	return fmt.Errorf("line %d: commands must be a list of strings", n.Line)
}

// runtimes maps the file's runtime names to the API's Runtime enum.
var runtimes = map[string]string{
	"python3": "PYTHON_3", "python311": "PYTHON_311",
	"nodejs12": "NODEJS_12", "nodejs14": "NODEJS_14", "nodejs16": "NODEJS_16", "nodejs18": "NODEJS_18", "nodejs22": "NODEJS_22",
	"corretto8": "CORRETTO_8", "corretto11": "CORRETTO_11",
	"go1": "GO_1", "dotnet6": "DOTNET_6", "php81": "PHP_81", "ruby31": "RUBY_31",
}

// RuntimeNames lists the runtime names the file accepts, sorted.
func RuntimeNames() []string {
	out := make([]string, 0, len(runtimes))
	for k := range runtimes {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Parse reads an apprunner.yaml document.
func Parse(data []byte) (*Config, error) {
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: the file is empty", ErrInvalid)
		}
		return nil, fmt.Errorf("%w: %s", ErrInvalid, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	return f.config()
}

func (f *file) config() (*Config, error) {
	if v := scalarString(f.Version); v != "1.0" && v != "1" {
		if v == "" {
			return nil, fmt.Errorf("%w: version is required (1.0)", ErrInvalid)
		}
		return nil, fmt.Errorf("%w: version %q is not supported (want 1.0)", ErrInvalid, v)
	}
	rt, ok := runtimes[f.Runtime]
	if !ok {
		if f.Runtime == "" {
			return nil, fmt.Errorf("%w: runtime is required (one of %s)", ErrInvalid, strings.Join(RuntimeNames(), ", "))
		}
		return nil, fmt.Errorf("%w: runtime %q is not one of %s", ErrInvalid, f.Runtime, strings.Join(RuntimeNames(), ", "))
	}
	c := &Config{Runtime: rt}
	if b := f.Build; b != nil {
		if cmds := b.Commands; cmds != nil {
			for _, l := range []commands{cmds.PreBuild, cmds.Build, cmds.PostBuild} {
				c.BuildCommands = append(c.BuildCommands, nonEmpty(l)...)
			}
		}
		env, err := envMap("build.env", b.Env)
		if err != nil {
			return nil, err
		}
		c.BuildEnv = env
	}
	r := f.Run
	if r == nil || strings.TrimSpace(r.Command) == "" {
		return nil, fmt.Errorf("%w: run.command is required", ErrInvalid)
	}
	if strings.ContainsAny(r.Command, "\r\n") {
		return nil, fmt.Errorf("%w: run.command must be one line", ErrInvalid)
	}
	c.Command = strings.TrimSpace(r.Command)
	c.PreRun = nonEmpty(r.PreRun)
	c.RuntimeVersion = scalarString(r.RuntimeVersion)
	if n := r.Network; n != nil {
		if n.Port != nil {
			p, err := strconv.Atoi(scalarString(n.Port))
			if err != nil || p < 1 || p > 65535 {
				return nil, fmt.Errorf("%w: run.network.port %q is not a port number", ErrInvalid, scalarString(n.Port))
			}
			c.Port = p
		}
		if n.Env != "" && !validEnvName(n.Env) {
			return nil, fmt.Errorf("%w: run.network.env %q is not a variable name", ErrInvalid, n.Env)
		}
		c.PortEnv = n.Env
	}
	env, err := envMap("run.env", r.Env)
	if err != nil {
		return nil, err
	}
	c.Env = env
	for i, s := range r.Secrets {
		if !validEnvName(s.Name) {
			return nil, fmt.Errorf("%w: run.secrets[%d].name %q is not a variable name", ErrInvalid, i, s.Name)
		}
		if s.ValueFrom == "" {
			return nil, fmt.Errorf("%w: run.secrets[%d].value-from is required", ErrInvalid, i)
		}
		if c.Secrets == nil {
			c.Secrets = map[string]string{}
		}
		c.Secrets[s.Name] = s.ValueFrom
	}
	return c, nil
}

func envMap(where string, l []pair) (map[string]string, error) {
	var m map[string]string
	for i, p := range l {
		if !validEnvName(p.Name) {
			return nil, fmt.Errorf("%w: %s[%d].name %q is not a variable name", ErrInvalid, where, i, p.Name)
		}
		if p.ValueFrom != "" {
			return nil, fmt.Errorf("%w: %s[%d] takes value, not value-from (secrets go in run.secrets)", ErrInvalid, where, i)
		}
		if m == nil {
			m = map[string]string{}
		}
		m[p.Name] = scalarString(p.Value)
	}
	return m, nil
}

// scalarString renders a YAML scalar decoded into any ("1.0" stays "1.0"
// only when quoted; an unquoted 1.0 is the float 1).
func scalarString(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case int:
		return strconv.Itoa(t)
	case float64:
		s := strconv.FormatFloat(t, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	case bool:
		return strconv.FormatBool(t)
	}
	return fmt.Sprint(v)
}

func nonEmpty(l []string) []string {
	var out []string
	for _, s := range l {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// validEnvName accepts shell variable names.
func validEnvName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
