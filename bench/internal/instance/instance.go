// Package instance starts and stops backend processes for the traffic
// benchmarks the way App Runner's controller runs instances: a process told
// its port in $PORT, reachable on loopback once its health check passes,
// stopped with a signal.
package instance

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"
)

// ErrStopTimeout means a process did not exit within the stop grace period
// and was killed.
var ErrStopTimeout = errors.New("instance: stop timed out")

// Instance is one running backend process.
type Instance struct {
	// Name is sent by the backend in X-Instance.
	Name string
	// Addr is "127.0.0.1:port".
	Addr string
	// Started is when the process was launched.
	Started time.Time

	cmd  *exec.Cmd
	done chan struct{}
}

// FreePort returns a loopback port nothing listens on right now (the
// kernel's pick for port 0), as the controller chooses $PORT.
func FreePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("instance: free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Start launches bin with PORT and INSTANCE set, plus args; its output goes
// to logs (nil discards). It returns once the process runs, not when it
// listens: callers wait with ingress.WaitHealthy.
func Start(bin, name string, logs io.Writer, args ...string) (*Instance, error) {
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "PORT="+strconv.Itoa(port), "INSTANCE="+name)
	cmd.Stdout, cmd.Stderr = logs, logs
	in := &Instance{Name: name, Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), cmd: cmd, done: make(chan struct{})}
	in.Started = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("instance: start %s: %w", name, err)
	}
	go func() {
		cmd.Wait()
		close(in.done)
	}()
	return in, nil
}

// Stop ends the process: SIGKILL when kill is set (an instance that dies
// at once), else SIGTERM with a 5s grace before SIGKILL. It waits for the
// exit. Safe to call on an exited process.
func (in *Instance) Stop(kill bool) error {
	sig := syscall.SIGTERM
	if kill {
		sig = syscall.SIGKILL
	}
	in.cmd.Process.Signal(sig)
	select {
	case <-in.done:
		return nil
	case <-time.After(5 * time.Second):
		in.cmd.Process.Kill()
		<-in.done
		return fmt.Errorf("instance: stop %s: %w", in.Name, ErrStopTimeout)
	}
}
