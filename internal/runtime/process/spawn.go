package process

import (
	"fmt"
	"os"
	"syscall"
	"time"
)

// drainTimeout bounds how long a finished command's output may keep
// flowing: a process that escaped the group (setsid) and still holds the
// pipe must not hold up Done forever.
const drainTimeout = 2 * time.Second

// proc is one started groupCommand with its output being read.
type proc struct {
	pgid    int
	wait    func() error
	out     *os.File
	outDone chan struct{}
}

// spawn starts command (see groupCommand) and delivers its stdout and
// stderr, merged in order, to onLine from one goroutine.
func spawn(bash, dir, command string, env []string, onLine func(string)) (*proc, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("process: pipe: %w", err)
	}
	cmd := groupCommand(bash, dir, command, env)
	cmd.Stdout, cmd.Stderr = w, w
	err = startCmd(cmd)
	w.Close() // the child has its copy; EOF comes when the group closes theirs
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("process: start %q: %w", command, err)
	}
	p := &proc{pgid: cmd.Process.Pid, wait: cmd.Wait, out: r, outDone: make(chan struct{})}
	go func() {
		defer close(p.outDone)
		_ = readLines(r, maxLineBytes, onLine) // a read error ends the output, nothing more to do
	}()
	return p, nil
}

// finish waits for the wrapper to exit, kills whatever is left of its group
// (background jobs of the command must not outlive it), and waits for the
// output to drain, at most drainTimeout. It returns the wrapper's exit
// error, which is the command's.
func (p *proc) finish() error {
	err := p.wait()
	_ = killGroup(p.pgid, syscall.SIGKILL) // ESRCH-free; EPERM cannot happen for our own children
	select {
	case <-p.outDone:
	case <-time.After(drainTimeout):
		p.out.Close() // unblocks the reader
		<-p.outDone
	}
	p.out.Close()
	return err
}
