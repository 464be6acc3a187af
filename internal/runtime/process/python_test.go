package process

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/runtime"
	"github.com/berth-dev/berth/internal/runtime/runtimetest"
)

// pythonRepo is a dependency-free Python app. Its .python-version names a
// version no host has: a pyenv shim honouring it would fail, so the build
// must not run the toolchain from the repository.
var pythonRepo = map[string]string{
	".python-version":      "2.1.0\n",
	"app/requirements.txt": "",
	"app/server.py": `import http.server, os, sys

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ("prefix=%s greeting=%s\n" % (sys.prefix, os.environ.get("GREETING"))).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

print("python listening on", os.environ["PORT"])
http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
`,
	"app/alloc.py": `import time
keep = []
while True:
    keep.append(b"x" * (8 << 20))
    print("allocated", len(keep) * 8, "MiB")
    time.sleep(0.02)
`,
}

func buildPython(t *testing.T, b *Backend) (*runtime.Artifact, *runtimetest.Lines) {
	t.Helper()
	needProgram(t, "python3")
	var log runtimetest.Lines
	a, err := b.Build(context.Background(), runtime.BuildSpec{
		ServiceID:       "py",
		SourceDir:       writeFiles(t, pythonRepo),
		SourceDirectory: "app",
		Runtime:         "PYTHON_3",
		BuildCommand:    "pip install -r requirements.txt && python3 -c 'import sys; print(\"build python\", sys.prefix)'",
		StartCommand:    "python3 server.py",
		CacheDir:        t.TempDir(),
	}, &log)
	if err != nil {
		t.Fatalf("Build: %v\n%s", err, &log)
	}
	return a, &log
}

// TestPython builds once (a virtualenv takes seconds) and runs its cases on
// that artifact.
func TestPython(t *testing.T) {
	b := newTestBackend(t, Options{})
	a, log := buildPython(t, b)
	t.Logf("build log:\n%s", log)
	t.Run("BuildAndServe", func(t *testing.T) { testPythonServe(t, b, a, log) })
	t.Run("MemoryLimit", func(t *testing.T) { testPythonMemoryLimit(t, b, a) })
}

func testPythonServe(t *testing.T, b *Backend, a *runtime.Artifact, log *runtimetest.Lines) {
	venv := filepath.Join(a.Dir, "venv")
	if !log.Has("build python " + venv) {
		t.Errorf("the build command did not run in the virtualenv:\n%s", log)
	}
	var out runtimetest.Lines
	inst, err := b.Start(context.Background(), runtime.InstanceSpec{Artifact: a, Env: map[string]string{"GREETING": "hi"}, Output: out.Add})
	if err != nil {
		t.Fatal(err)
	}
	runtimetest.StopNow(t, inst)
	body := runtimetest.Get(t, inst.Addr())
	if !strings.Contains(body, "prefix="+venv+" ") || !strings.Contains(body, "greeting=hi") {
		t.Errorf("GET / = %q; want the instance in %s with its env", body, venv)
	}
	out.WaitFor(t, "python listening on") // PYTHONUNBUFFERED: printed lines arrive at once
}

func testPythonMemoryLimit(t *testing.T, b *Backend, a *runtime.Artifact) {
	alloc := *a
	alloc.StartCommand = "python3 alloc.py"
	var out runtimetest.Lines
	inst, err := b.Start(context.Background(), runtime.InstanceSpec{Artifact: &alloc, MemoryLimitBytes: 100 << 20, Output: out.Add})
	if err != nil {
		t.Fatal(err)
	}
	runtimetest.StopNow(t, inst)
	runtimetest.WaitDone(t, inst)
	err = inst.ExitErr()
	if !errors.Is(err, runtime.ErrMemoryLimitExceeded) || !strings.Contains(err.Error(), "> limit 104857600") {
		t.Errorf("ExitErr() = %v; want memory limit exceeded: RSS X > limit 104857600", err)
	}
	if !out.Has("allocated 8 MiB") {
		t.Errorf("no allocation output:\n%s", &out)
	}
}
