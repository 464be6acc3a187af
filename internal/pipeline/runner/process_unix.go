//go:build unix

package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// killGrace is how long a cancelled step's processes get between SIGINT
// and SIGKILL.
const killGrace = 2500 * time.Millisecond

// drainWait bounds how long output is read after the step's shell exits
// while a background process it started still holds the pipe.
const drainWait = 200 * time.Millisecond

// runProcess runs argv in its own process group, streaming its combined
// output to out. When ctx ends the whole group gets SIGINT, then SIGKILL
// after killGrace. It returns the process group id (for killing leftover
// background processes at the end of the job) and the exit error.
func runProcess(ctx context.Context, argv []string, dir string, env []string, out io.Writer) (int, error) {
	pr, pw, err := os.Pipe()
	if err != nil {
		return 0, fmt.Errorf("runner: pipe: %w", err)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir, cmd.Env = dir, env
	cmd.Stdin = nil
	cmd.Stdout, cmd.Stderr = pw, pw
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		pr.Close()
		pw.Close()
		return 0, err
	}
	pw.Close()
	pgid := cmd.Process.Pid
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		io.Copy(out, pr)
	}()
	exited := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			syscall.Kill(-pgid, syscall.SIGINT)
			select {
			case <-exited:
			case <-time.After(killGrace):
			}
			syscall.Kill(-pgid, syscall.SIGKILL)
		case <-exited:
		}
	}()
	werr := cmd.Wait()
	close(exited)
	select {
	case <-copied:
	case <-time.After(drainWait):
	}
	pr.Close()
	<-copied
	if ctx.Err() != nil && werr != nil {
		return pgid, errors.Join(ctx.Err(), werr)
	}
	return pgid, werr
}

// killGroup ends whatever is left of a step's process group.
func killGroup(pgid int) {
	if pgid > 0 {
		syscall.Kill(-pgid, syscall.SIGKILL)
	}
}

// exitCode extracts a process exit code, or -1.
func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}
