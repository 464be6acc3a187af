package runtimetest

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/runtime"
)

// start starts an instance of art in mode and registers its cleanup.
func start(t *testing.T, b runtime.Backend, art *runtime.Artifact, mode string, out *Lines) runtime.Instance {
	t.Helper()
	spec := runtime.InstanceSpec{Artifact: art, Env: map[string]string{"MODE": mode, "GREETING": "hello"}, Output: out.Add}
	inst, err := b.Start(context.Background(), spec)
	if err != nil {
		t.Fatalf("Start(%s): %v", mode, err)
	}
	StopNow(t, inst)
	return inst
}

func listed(b runtime.Backend, id string) bool {
	for _, i := range b.Instances() {
		if i.ID() == id {
			return true
		}
	}
	return false
}

func testServeHTTP(t *testing.T, b runtime.Backend, art *runtime.Artifact) {
	var out Lines
	inst := start(t, b, art, "serve", &out)
	_, port, err := net.SplitHostPort(inst.Addr())
	if err != nil || port == "0" {
		t.Fatalf("Addr() = %q: want host:port with a chosen port", inst.Addr())
	}
	body := Get(t, inst.Addr())
	for _, want := range []string{"greeting=hello", "port=" + port, "build=m42"} {
		if !strings.Contains(body, want) {
			t.Errorf("GET / = %q; want %q", body, want)
		}
	}
	out.WaitFor(t, "listening on "+port)
	out.WaitFor(t, "stderr works")
	if !listed(b, inst.ID()) {
		t.Errorf("Instances() does not list running %s", inst.ID())
	}
	st, err := inst.Stats()
	if err != nil || st.RSSBytes <= 0 || st.Processes < 1 || st.CPUSeconds < 0 {
		t.Errorf("Stats() = %+v, %v; want positive RSS", st, err)
	}
	if inst.ExitErr() != nil {
		t.Errorf("ExitErr() of a running instance = %v", inst.ExitErr())
	}

	if err := inst.Stop(context.Background(), 10*time.Second); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	WaitDone(t, inst)
	if err := inst.ExitErr(); err != nil {
		t.Errorf("ExitErr() after Stop = %v; want nil", err)
	}
	if err := inst.Stop(context.Background(), time.Second); err != nil {
		t.Errorf("second Stop = %v; want nil (idempotent)", err)
	}
	if listed(b, inst.ID()) {
		t.Errorf("Instances() still lists stopped %s", inst.ID())
	}
	if _, err := inst.Stats(); err == nil {
		t.Error("Stats() after the end: want an error")
	}
}

func testExplicitPortAndID(t *testing.T, b runtime.Backend, art *runtime.Artifact) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	var out Lines
	spec := runtime.InstanceSpec{Artifact: art, InstanceID: "inst-fixed", Port: port, Output: out.Add}
	inst, err := b.Start(context.Background(), spec)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	StopNow(t, inst)
	if inst.ID() != "inst-fixed" || !strings.HasSuffix(inst.Addr(), ":"+strconv.Itoa(port)) {
		t.Errorf("ID, Addr = %q, %q; want inst-fixed, *:%d", inst.ID(), inst.Addr(), port)
	}
	Get(t, inst.Addr())
	if _, err := b.Start(context.Background(), spec); !errors.Is(err, runtime.ErrInvalidSpec) {
		t.Errorf("second Start with a live instance's ID: err = %v; want ErrInvalidSpec", err)
	}
}

func testCrash(t *testing.T, b runtime.Backend, art *runtime.Artifact) {
	var out Lines
	inst := start(t, b, art, "crash", &out)
	WaitDone(t, inst)
	if err := inst.ExitErr(); !errors.Is(err, runtime.ErrInstanceExited) {
		t.Errorf("ExitErr() = %v; want ErrInstanceExited", err)
	}
	if !out.Has("crashing on purpose") {
		t.Errorf("output before Done lacks the last words:\n%s", &out)
	}
}

func testCleanExit(t *testing.T, b runtime.Backend, art *runtime.Artifact) {
	var out Lines
	inst := start(t, b, art, "exit0", &out)
	WaitDone(t, inst)
	if err := inst.ExitErr(); err != nil {
		t.Errorf("ExitErr() after exit status 0 = %v; want nil", err)
	}
}

func testStopEscalates(t *testing.T, b runtime.Backend, art *runtime.Artifact) {
	var out Lines
	inst := start(t, b, art, "ignore-term", &out)
	out.WaitFor(t, "listening on")
	if err := inst.Stop(context.Background(), 300*time.Millisecond); err != nil {
		t.Fatalf("Stop of a SIGTERM-ignoring instance: %v", err)
	}
	WaitDone(t, inst)
	if err := inst.ExitErr(); err != nil {
		t.Errorf("ExitErr() after a forced Stop = %v; want nil", err)
	}
}

func testStopContext(t *testing.T, b runtime.Backend, art *runtime.Artifact) {
	var out Lines
	inst := start(t, b, art, "ignore-term", &out)
	out.WaitFor(t, "listening on")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	stopped := make(chan error, 1)
	go func() { stopped <- inst.Stop(ctx, time.Hour) }()
	select {
	case <-stopped:
	case <-time.After(Wait):
		t.Fatal("Stop with an hour's grace ignored its context")
	}
	WaitDone(t, inst)
}

func testMemoryLimit(t *testing.T, b runtime.Backend, art *runtime.Artifact) {
	var out Lines
	spec := runtime.InstanceSpec{Artifact: art, Env: map[string]string{"MODE": "alloc"}, MemoryLimitBytes: 64 << 20, Output: out.Add}
	inst, err := b.Start(context.Background(), spec)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	StopNow(t, inst)
	WaitDone(t, inst)
	err = inst.ExitErr()
	t.Logf("ExitErr: %v", err)
	if !errors.Is(err, runtime.ErrMemoryLimitExceeded) || !strings.Contains(err.Error(), "memory limit exceeded: RSS ") {
		t.Errorf("ExitErr() = %v; want memory limit exceeded: RSS X > limit Y", err)
	}
}

func testRestartFromJSON(t *testing.T, b runtime.Backend, art *runtime.Artifact) {
	raw, err := json.Marshal(art)
	if err != nil {
		t.Fatal(err)
	}
	var back runtime.Artifact
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if !back.CreatedAt.Equal(art.CreatedAt) || back.ID != art.ID || back.Dir != art.Dir {
		t.Errorf("JSON round trip changed the artifact: %+v != %+v", back, *art)
	}
	var out Lines
	inst := start(t, b, &back, "serve", &out)
	if body := Get(t, inst.Addr()); !strings.Contains(body, "build=m42") {
		t.Errorf("instance of the unmarshalled artifact answered %q", body)
	}
}

func testShutdown(t *testing.T, b runtime.Backend, art *runtime.Artifact) {
	var out Lines
	a := start(t, b, art, "serve", &out)
	c := start(t, b, art, "ignore-term", &out)
	Get(t, a.Addr())
	Get(t, c.Addr())
	ctx, cancel := context.WithTimeout(context.Background(), Wait)
	defer cancel()
	if err := b.Shutdown(ctx, 500*time.Millisecond); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	WaitDone(t, a)
	WaitDone(t, c)
	if n := len(b.Instances()); n != 0 {
		t.Errorf("Instances() after Shutdown has %d entries", n)
	}
}

func testStartBadSpec(t *testing.T, b runtime.Backend, art *runtime.Artifact) {
	noCmd := *art
	noCmd.StartCommand = ""
	badRuntime := *art
	badRuntime.Runtime = "COBOL_1"
	cases := []struct {
		name string
		spec runtime.InstanceSpec
		want error
	}{
		{"nil artifact", runtime.InstanceSpec{}, runtime.ErrInvalidSpec},
		{"no start command", runtime.InstanceSpec{Artifact: &noCmd}, runtime.ErrInvalidSpec},
		{"unknown runtime", runtime.InstanceSpec{Artifact: &badRuntime}, runtime.ErrUnsupportedRuntime},
	}
	for _, c := range cases {
		if _, err := b.Start(context.Background(), c.spec); !errors.Is(err, c.want) {
			t.Errorf("%s: Start err = %v; want %v", c.name, err, c.want)
		}
	}
}
