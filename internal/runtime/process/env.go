package process

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/berth-dev/berth/internal/runtime"
)

// layout is where one build or instance finds its directories.
type layout struct {
	// work is where the command runs: src/<SourceDirectory>.
	work string
	// venv is the Python virtualenv of the artifact.
	venv string
	// home is $HOME.
	home string
	// cache is the per-service cache directory.
	cache string
}

// passes reports whether the server variable name is inherited.
func passes(patterns []string, name string) bool {
	for _, p := range patterns {
		if prefix, ok := strings.CutSuffix(p, "*"); ok {
			if strings.HasPrefix(name, prefix) {
				return true
			}
		} else if p == name {
			return true
		}
	}
	return false
}

// environ composes the environment of a build or instance, later layers
// winning: the inherited server variables, the runtime's recipe, then the
// service's own variables (extra). serverEnv is os.Environ() in production.
func (b *Backend) environ(serverEnv []string, tc *toolchain, l layout, extra map[string]string) []string {
	env := map[string]string{"LANG": "C.UTF-8"}
	for _, kv := range serverEnv {
		if k, v, ok := strings.Cut(kv, "="); ok && passes(b.opts.PassEnv, k) {
			env[k] = v
		}
	}
	env["HOME"] = l.home
	var pathFirst []string
	switch tc.info.Family {
	case runtime.FamilyGo:
		pathFirst = []string{filepath.Dir(tc.path), filepath.Join(l.cache, "gopath", "bin")}
		env["GOCACHE"] = filepath.Join(l.cache, "go-build")
		env["GOMODCACHE"] = filepath.Join(l.cache, "gomod")
		env["GOPATH"] = filepath.Join(l.cache, "gopath")
		// One config dir per service, shared by builds and instances,
		// where the build turns Go telemetry off (see toolchain.probe).
		env["XDG_CONFIG_HOME"] = filepath.Join(l.cache, "config")
		// $HOME moved, so point the go command back at the operator's
		// go env file (GOPROXY, GOPRIVATE... set with "go env -w").
		setIfFile(env, "GOENV", userConfigFile("go", "env"))
	case runtime.FamilyPython:
		pathFirst = []string{filepath.Join(l.venv, "bin")}
		env["VIRTUAL_ENV"] = l.venv
		env["PIP_CACHE_DIR"] = filepath.Join(l.cache, "pip")
		env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1" // no network call on every pip run
		env["PIP_NO_INPUT"] = "1"
		env["PYTHONUNBUFFERED"] = "1" // logs arrive as they are printed
		setIfFile(env, "PIP_CONFIG_FILE", userConfigFile("pip", "pip.conf"))
	case runtime.FamilyNode:
		pathFirst = []string{filepath.Dir(tc.path), filepath.Join(l.work, "node_modules", ".bin")}
		env["npm_config_cache"] = filepath.Join(l.cache, "npm")
		env["npm_config_update_notifier"] = "false"
		env["npm_config_fund"] = "false"
		env["npm_config_audit"] = "false"
		if home, err := os.UserHomeDir(); err == nil {
			setIfFile(env, "NPM_CONFIG_USERCONFIG", filepath.Join(home, ".npmrc"))
		}
	default:
		pathFirst = []string{filepath.Dir(tc.path)}
	}
	env["PATH"] = strings.Join(append(pathFirst, b.path), string(os.PathListSeparator))
	for k, v := range extra {
		env[k] = v
	}
	out := make([]string, 0, len(env))
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

// setIfFile sets env[key] to file when the server has that file and the key
// was not inherited already.
func setIfFile(env map[string]string, key, file string) {
	if _, set := env[key]; set || file == "" {
		return
	}
	if fi, err := os.Stat(file); err == nil && fi.Mode().IsRegular() {
		env[key] = file
	}
}

// userConfigFile is the server user's config file <dir>/<name>, or "".
func userConfigFile(dir, name string) string {
	base, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(base, dir, name)
}
