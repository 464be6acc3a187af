package process

import (
	"context"
	"os/exec"
	"testing"

	"github.com/berth-dev/berth/internal/runtime"
	"github.com/berth-dev/berth/internal/runtime/runtimetest"
)

// uvicornRepo is an ASGI app in the seed's layout (app/main.py) needing
// nothing but uvicorn.
var uvicornRepo = map[string]string{
	"app/requirements.txt": "",
	"app/main.py": `async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"served by uvicorn"})
`,
}

// TestUvicornSeedStartCommand runs the seed's start command unchanged:
// `uvicorn --host=0.0.0.0 --app-dir=app/ main:app` names no port, so
// uvicorn would bind 8000; the instance must serve on the port berth chose.
// The build stands in for `pip install uvicorn` (no PyPI here) with the
// console script pip would write, over Debian's python3-uvicorn, which
// .ci/run installs.
func TestUvicornSeedStartCommand(t *testing.T) {
	if err := exec.Command("/usr/bin/python3", "-c", "import uvicorn").Run(); err != nil {
		t.Skip("needs Debian's python3-uvicorn (apt-get install python3-uvicorn; .ci/run does)")
	}
	b := newTestBackend(t, Options{})
	var log runtimetest.Lines
	a, err := b.Build(context.Background(), runtime.BuildSpec{
		ServiceID: "seed-py",
		SourceDir: writeFiles(t, uvicornRepo),
		Runtime:   "PYTHON_3",
		BuildCommand: `pip install -r app/requirements.txt && ` +
			`printf '#!/bin/sh\nexec /usr/bin/python3 -m uvicorn "$@"\n' > "$VIRTUAL_ENV/bin/uvicorn" && chmod +x "$VIRTUAL_ENV/bin/uvicorn"`,
		StartCommand: "uvicorn --host=0.0.0.0 --app-dir=app/ main:app",
		CacheDir:     t.TempDir(),
	}, &log)
	if err != nil {
		t.Fatalf("Build: %v\n%s", err, &log)
	}
	var out runtimetest.Lines
	inst, err := b.Start(context.Background(), runtime.InstanceSpec{Artifact: a, Output: out.Add})
	if err != nil {
		t.Fatal(err)
	}
	runtimetest.StopNow(t, inst)
	if body := runtimetest.Get(t, inst.Addr()); body != "served by uvicorn" {
		t.Fatalf("GET / = %q\n%s", body, &out)
	}
	out.WaitFor(t, "Uvicorn running on http://0.0.0.0:")
}
