package process

import (
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/runtime"
)

func envMap(kvs []string) map[string]string {
	m := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return m
}

func TestPasses(t *testing.T) {
	cases := []struct {
		name string
		want bool
	}{
		{"HTTPS_PROXY", true},
		{"GOPROXY", true},
		{"PIP_INDEX_URL", true},
		{"npm_config_registry", true},
		{"AWS_SECRET_ACCESS_KEY", false},
		{"BERTH_ROOT_KEY", false},
		{"PIP", false},
		{"GOPROXYX", false},
	}
	for _, c := range cases {
		if got := passes(DefaultPassEnv, c.name); got != c.want {
			t.Errorf("passes(%q) = %v; want %v", c.name, got, c.want)
		}
	}
}

func TestEnviron(t *testing.T) {
	b := &Backend{opts: Options{PassEnv: DefaultPassEnv}, path: "/usr/bin:/bin"}
	server := []string{"HTTPS_PROXY=http://proxy:3128", "AWS_SECRET_ACCESS_KEY=hush", "PIP_INDEX_URL=http://mirror", "HOME=/root", "NOEQUALS"}
	l := layout{work: "/a/src/app", venv: "/a/venv", home: "/a/home", cache: "/c"}
	cases := []struct {
		runtime   string
		bin       string
		pathFirst string
		want      map[string]string
	}{
		{"GO_1", "/usr/local/go/bin/go", "/usr/local/go/bin:/c/gopath/bin:", map[string]string{
			"GOCACHE": "/c/go-build", "GOMODCACHE": "/c/gomod", "GOPATH": "/c/gopath", "XDG_CONFIG_HOME": "/c/config"}},
		{"PYTHON_3", "/usr/bin/python3", "/a/venv/bin:/usr/bin", map[string]string{
			"VIRTUAL_ENV": "/a/venv", "PIP_CACHE_DIR": "/c/pip", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONUNBUFFERED": "1"}},
		{"NODEJS_18", "/opt/node/bin/node", "/opt/node/bin:/a/src/app/node_modules/.bin:", map[string]string{
			"npm_config_cache": "/c/npm", "npm_config_update_notifier": "false"}},
		{"RUBY_31", "/usr/bin/ruby", "/usr/bin:/usr/bin:/bin", nil},
	}
	for _, c := range cases {
		info, _ := runtime.LookupRuntime(c.runtime)
		env := envMap(b.environ(server, &toolchain{info: info, path: c.bin}, l, map[string]string{"PORT": "8080", "GREETING": "x", "HTTPS_PROXY": "override"}))
		if !strings.HasPrefix(env["PATH"], c.pathFirst) || !strings.HasSuffix(env["PATH"], "/usr/bin:/bin") {
			t.Errorf("%s: PATH = %q; want prefix %q and the configured PATH last", c.runtime, env["PATH"], c.pathFirst)
		}
		for k, v := range c.want {
			if env[k] != v {
				t.Errorf("%s: %s = %q; want %q", c.runtime, k, env[k], v)
			}
		}
		for k, v := range map[string]string{"HOME": "/a/home", "PORT": "8080", "GREETING": "x", "HTTPS_PROXY": "override", "PIP_INDEX_URL": "http://mirror", "LANG": "C.UTF-8"} {
			if env[k] != v {
				t.Errorf("%s: %s = %q; want %q", c.runtime, k, env[k], v)
			}
		}
		if _, leaked := env["AWS_SECRET_ACCESS_KEY"]; leaked {
			t.Errorf("%s: a server secret leaked into the environment", c.runtime)
		}
	}
}
