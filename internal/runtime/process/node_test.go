package process

import (
	"context"
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/runtime"
	"github.com/berth-dev/berth/internal/runtime/runtimetest"
)

func TestNodeBuildAndServe(t *testing.T) {
	needProgram(t, "node")
	needProgram(t, "npm")
	b := newTestBackend(t, Options{})
	src := writeFiles(t, map[string]string{
		"package.json": `{"name": "n", "version": "1.0.0", "private": true, "scripts": {"start": "node server.js"}}`,
		"server.js": `require("http").createServer((req, res) => res.end("node " + process.env.GREETING + "\n"))
  .listen(Number(process.env.PORT), "127.0.0.1", () => console.log("node listening"));`,
	})
	var log runtimetest.Lines
	a, err := b.Build(context.Background(), runtime.BuildSpec{
		ServiceID: "node", SourceDir: src, Runtime: "NODEJS_18", CacheDir: t.TempDir(),
		BuildCommand: "npm install", StartCommand: "npm start",
	}, &log)
	if err != nil {
		t.Fatalf("Build: %v\n%s", err, &log)
	}
	if !log.Has("berth: runtime NODEJS_18 uses node") {
		t.Errorf("build log does not say which node it used:\n%s", &log)
	}
	var out runtimetest.Lines
	inst, err := b.Start(context.Background(), runtime.InstanceSpec{Artifact: a, Env: map[string]string{"GREETING": "hey"}, Output: out.Add})
	if err != nil {
		t.Fatal(err)
	}
	runtimetest.StopNow(t, inst)
	if body := runtimetest.Get(t, inst.Addr()); !strings.Contains(body, "node hey") {
		t.Errorf("GET / = %q", body)
	}
	out.WaitFor(t, "node listening")
}
