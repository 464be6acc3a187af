package process

import (
	"errors"
	"os/exec"
	goruntime "runtime"
	"sync"
	"syscall"
)

// groupScript wraps every build and start command. It runs as the leader of
// a new process group and runs the user's command ($1) under "bash -c" in
// the background, because Pdeathsig reaches only the direct child: if the
// server dies, the kernel sends SIGHUP to this wrapper, whose trap kills the
// whole group, grandchildren included ("pip install && uvicorn" leaves
// uvicorn as a grandchild). SIGTERM (Stop) is trapped with a no-op so the
// wrapper keeps waiting while the command shuts down gracefully, and the
// command's exit status is the wrapper's. One side effect of running the
// command in the background of a non-interactive shell: it starts with
// SIGINT and SIGQUIT ignored and stdin on /dev/null; berth never sends
// SIGINT and gives no stdin anyway.
const groupScript = `trap 'kill -KILL 0' HUP
trap ':' TERM
bash -c "$1" &
child=$!
while kill -0 "$child" 2>/dev/null; do wait "$child"; done
wait "$child"`

// deathSignal is what the kernel sends the wrapper when the server dies.
const deathSignal = syscall.SIGHUP

// groupCommand returns a command that runs command with bash in dir as the
// leader of its own process group, dying with the server.
func groupCommand(bash, dir, command string, env []string) *exec.Cmd {
	cmd := exec.Command(bash, "-c", groupScript, "berth-run", command)
	cmd.Dir = dir
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: deathSignal}
	return cmd
}

// Forking from one locked thread.
//
// Pdeathsig fires when the *thread* that forked the child exits, not the
// process. The Go runtime may end threads (a goroutine that exits while
// locked to its thread takes the thread with it), which would kill healthy
// instances at random. So every child is started from one goroutine locked
// to its OS thread, which never unlocks and never returns: that thread lives
// exactly as long as the server process, and Pdeathsig means "the server
// died", whether it exited, crashed or was SIGKILLed.
var (
	forkOnce sync.Once
	forkReqs chan forkReq
)

type forkReq struct {
	cmd  *exec.Cmd
	errc chan error
}

// startCmd starts cmd from the forking thread.
func startCmd(cmd *exec.Cmd) error {
	forkOnce.Do(func() {
		forkReqs = make(chan forkReq)
		go forkLoop(forkReqs)
	})
	req := forkReq{cmd: cmd, errc: make(chan error, 1)}
	forkReqs <- req
	return <-req.errc
}

func forkLoop(reqs <-chan forkReq) {
	goruntime.LockOSThread() // never unlocked: see "Forking from one locked thread"
	for req := range reqs {
		req.errc <- req.cmd.Start()
	}
}

// killGroup signals every process of group pgid. A group that no longer
// exists is not an error.
func killGroup(pgid int, sig syscall.Signal) error {
	if pgid <= 1 {
		return nil // never signal "every process" or init by mistake
	}
	if err := syscall.Kill(-pgid, sig); err != nil && !errors.Is(err, syscall.ESRCH) {
		return err
	}
	return nil
}
