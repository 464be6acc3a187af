package process

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/runtime"
	"github.com/berth-dev/berth/internal/runtime/runtimetest"
)

func TestStopKillsWholeGroup(t *testing.T) {
	b := newTestBackend(t, Options{})
	// The background child ignores SIGTERM, so only the group SIGKILL
	// after the grace period can end it.
	a := shellArtifact(t, b, `(trap '' TERM; exec sleep 300) & echo "child $!"; echo "shell $$"; wait`)
	var out runtimetest.Lines
	inst, err := b.Start(context.Background(), runtime.InstanceSpec{Artifact: a, Output: out.Add})
	if err != nil {
		t.Fatal(err)
	}
	runtimetest.StopNow(t, inst)
	child, shell := pidAfter(t, &out, "child "), pidAfter(t, &out, "shell ")
	if st, err := inst.Stats(); err != nil || st.Processes < 3 {
		t.Errorf("Stats() = %+v, %v; want wrapper, shell and child counted", st, err)
	}
	if err := inst.Stop(context.Background(), 200*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	runtimetest.WaitDone(t, inst)
	waitGone(t, child, shell)
}

func TestExitKillsLeftoverChildren(t *testing.T) {
	b := newTestBackend(t, Options{})
	a := shellArtifact(t, b, `sleep 300 & echo "child $!"; exit 0`)
	var out runtimetest.Lines
	inst, err := b.Start(context.Background(), runtime.InstanceSpec{Artifact: a, Output: out.Add})
	if err != nil {
		t.Fatal(err)
	}
	runtimetest.WaitDone(t, inst)
	waitGone(t, pidAfter(t, &out, "child "))
}

func TestBuildCancelKillsGroup(t *testing.T) {
	b := newTestBackend(t, Options{})
	src := writeFiles(t, map[string]string{"README": "x\n"})
	var log runtimetest.Lines
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		_, err := b.Build(ctx, runtime.BuildSpec{
			ServiceID: "cancel", SourceDir: src, Runtime: "GO_1", CacheDir: t.TempDir(),
			BuildCommand: `sleep 300 & echo "child $!"; wait`,
		}, &log)
		errc <- err
	}()
	child := pidAfter(t, &log, "child ")
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) || !errors.Is(err, runtime.ErrBuildFailed) {
		t.Errorf("Build err = %v; want ErrBuildFailed and context.Canceled", err)
	}
	waitGone(t, child)
	if entries, _ := os.ReadDir(b.artifactsDir()); len(entries) != 0 {
		t.Errorf("a cancelled build left %d artifact dirs", len(entries))
	}
}

func TestLongOutputLinesAreSplit(t *testing.T) {
	b := newTestBackend(t, Options{})
	a := shellArtifact(t, b, `head -c 40000 /dev/zero | tr '\0' x; echo; echo end`)
	var lines []string
	inst, err := b.Start(context.Background(), runtime.InstanceSpec{Artifact: a, Output: func(l string) { lines = append(lines, l) }})
	if err != nil {
		t.Fatal(err)
	}
	runtimetest.WaitDone(t, inst)
	total := 0
	for _, l := range lines[:len(lines)-1] {
		if len(l) > maxLineBytes || strings.Trim(l, "x") != "" {
			t.Fatalf("line of %d bytes: %.40q", len(l), l)
		}
		total += len(l)
	}
	if total != 40000 || lines[len(lines)-1] != "end" {
		t.Errorf("got %d x bytes in %d lines, last %q; want 40000 then end", total, len(lines), lines[len(lines)-1])
	}
}

// The Pdeathsig test re-executes the test binary as a stand-in server
// (TestHelperServer) that starts an instance, prints its pids and waits;
// the test then SIGKILLs that server and expects the instance to die.
const helperEnv = "BERTH_PROCESS_TEST_HELPER"

func TestHelperServer(t *testing.T) {
	dir := os.Getenv(helperEnv)
	if dir == "" {
		t.Skip("helper process for TestInstanceDiesWithServer")
	}
	b, err := New(Options{DataDir: dir})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	a := shellArtifact(t, b, `sleep 300 & echo "child $!"; echo "shell $$"; echo "wrapper $PPID"; wait`)
	inst, err := b.Start(context.Background(), runtime.InstanceSpec{Artifact: a, Output: func(l string) { fmt.Println(l) }})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	<-inst.Done()
	os.Exit(2) // the test SIGKILLs us before this
}

func TestInstanceDiesWithServer(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperServer$")
	cmd.Env = append(os.Environ(), helperEnv+"="+t.TempDir())
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	pids := map[string]int{}
	sc := bufio.NewScanner(stdout)
	timer := time.AfterFunc(runtimetest.Wait, func() { cmd.Process.Kill() })
	defer timer.Stop()
	for len(pids) < 3 && sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 2 && (f[0] == "child" || f[0] == "shell" || f[0] == "wrapper") {
			pids[f[0]], _ = strconv.Atoi(f[1])
		} else if len(f) > 0 && f[0] == "error" {
			t.Fatalf("helper: %s", sc.Text())
		}
	}
	if len(pids) < 3 {
		t.Fatalf("helper printed pids %v before exiting", pids)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	waitGone(t, pids["wrapper"], pids["shell"], pids["child"])
}
