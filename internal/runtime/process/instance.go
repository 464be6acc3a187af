package process

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/berth-dev/berth/internal/runtime"
)

// killWait bounds the wait for a SIGKILLed group to be gone.
const killWait = 5 * time.Second

// instance is a runtime.Instance backed by a process group.
type instance struct {
	id      string
	addr    string
	pgid    int
	procDir string
	limit   int64
	output  func(string)
	done    chan struct{}

	mu       sync.Mutex
	stopping bool
	limitErr error
	exitErr  error
}

var _ runtime.Instance = (*instance)(nil)

// Start runs the artifact's StartCommand with bash in its SourceDirectory,
// as the leader of a new process group that dies with the server, with PORT
// set.
func (b *Backend) Start(ctx context.Context, spec runtime.InstanceSpec) (runtime.Instance, error) {
	inst, err := b.start(ctx, spec)
	if err != nil {
		name := spec.InstanceID
		if name == "" && spec.Artifact != nil {
			name = "of " + spec.Artifact.ID
		}
		return nil, fmt.Errorf("process: start instance %s: %w", name, err)
	}
	return inst, nil
}

func (b *Backend) start(ctx context.Context, spec runtime.InstanceSpec) (*instance, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a := spec.Artifact
	if a == nil {
		return nil, fmt.Errorf("%w: no artifact", runtime.ErrInvalidSpec)
	}
	if a.Backend != backendName {
		return nil, fmt.Errorf("%w: artifact %s is from backend %q", runtime.ErrInvalidSpec, a.ID, a.Backend)
	}
	if a.StartCommand == "" {
		return nil, fmt.Errorf("%w: artifact %s has no start command", runtime.ErrInvalidSpec, a.ID)
	}
	info, err := runtime.LookupRuntime(a.Runtime)
	if err != nil {
		return nil, err
	}
	srcDir, err := runtime.CleanSourceDirectory(a.SourceDirectory)
	if err != nil {
		return nil, err
	}
	l := layout{
		work:  filepath.Join(a.Dir, "src", filepath.FromSlash(srcDir)),
		venv:  filepath.Join(a.Dir, "venv"),
		home:  filepath.Join(a.Dir, "home"),
		cache: a.CacheDir,
	}
	if fi, err := os.Stat(l.work); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("%w: artifact %s: %s is gone", runtime.ErrArtifactMissing, a.ID, l.work)
	}
	tc, err := b.toolchainFor(info)
	if err != nil {
		return nil, err
	}
	bash, err := b.bash()
	if err != nil {
		return nil, err
	}
	port := spec.Port
	if port == 0 {
		if port, err = freePort(); err != nil {
			return nil, err
		}
	}
	id := spec.InstanceID
	if id == "" {
		id = "i-" + randomHex(8)
	}
	extra := make(map[string]string, len(spec.Env)+1)
	for k, v := range spec.Env {
		extra[k] = v
	}
	extra["PORT"] = strconv.Itoa(port)
	if tc.info.Family == runtime.FamilyPython {
		// uvicorn ignores $PORT but reads its options from UVICORN_*
		// variables, so a start command written for App Runner's fixed
		// port (the seed's `uvicorn --host=0.0.0.0 main:app`) binds the
		// port berth chose.
		extra["UVICORN_PORT"] = extra["PORT"]
	}
	env := b.environ(os.Environ(), tc, l, extra)

	inst := &instance{
		id:      id,
		addr:    "127.0.0.1:" + strconv.Itoa(port),
		procDir: b.procDir,
		limit:   spec.MemoryLimitBytes,
		output:  spec.Output,
		done:    make(chan struct{}),
	}
	if inst.output == nil {
		inst.output = func(string) {}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, dup := b.instances[id]; dup {
		return nil, fmt.Errorf("%w: instance %s is already running", runtime.ErrInvalidSpec, id)
	}
	p, err := spawn(bash, l.work, a.StartCommand, env, inst.output)
	if err != nil {
		return nil, err
	}
	inst.pgid = p.pgid
	b.instances[id] = inst
	b.log.Info("instance started", "instance", id, "artifact", a.ID, "addr", inst.addr, "pgid", p.pgid)
	go b.wait(inst, p)
	if inst.limit > 0 {
		go inst.watchMemory(b.opts.MemoryPollInterval)
	}
	return inst, nil
}

// wait records how the instance ended and unregisters it.
func (b *Backend) wait(i *instance, p *proc) {
	err := p.finish()
	i.mu.Lock()
	switch {
	case i.limitErr != nil:
		i.exitErr = i.limitErr
	case i.stopping:
	case err != nil:
		i.exitErr = fmt.Errorf("%w: %s: %v", runtime.ErrInstanceExited, i.id, err)
	}
	exitErr := i.exitErr
	i.mu.Unlock()
	b.mu.Lock()
	delete(b.instances, i.id)
	b.mu.Unlock()
	b.log.Info("instance ended", "instance", i.id, "err", exitErr)
	close(i.done)
}

// watchMemory polls the group's RSS and kills the group once it goes over
// the limit. Polling (not a cgroup) works unprivileged everywhere; a burst
// between two polls can go unseen.
func (i *instance) watchMemory(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-i.done:
			return
		case <-t.C:
		}
		st, err := groupStats(i.procDir, i.pgid)
		if err != nil || st.RSSBytes <= i.limit {
			continue
		}
		i.mu.Lock()
		if i.limitErr == nil {
			i.limitErr = fmt.Errorf("%w: RSS %d > limit %d", runtime.ErrMemoryLimitExceeded, st.RSSBytes, i.limit)
		}
		i.mu.Unlock()
		_ = killGroup(i.pgid, syscall.SIGKILL)
		return
	}
}

// ID implements runtime.Instance.
func (i *instance) ID() string { return i.id }

// Addr implements runtime.Instance.
func (i *instance) Addr() string { return i.addr }

// Done implements runtime.Instance.
func (i *instance) Done() <-chan struct{} { return i.done }

// ExitErr implements runtime.Instance.
func (i *instance) ExitErr() error {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.exitErr
}

// Stats implements runtime.Instance by summing /proc over the group.
func (i *instance) Stats() (runtime.Stats, error) {
	select {
	case <-i.done:
		return runtime.Stats{}, fmt.Errorf("process: stats %s: instance has ended", i.id)
	default:
	}
	return groupStats(i.procDir, i.pgid)
}

// Stop sends SIGTERM to the group, waits for grace (bounded by ctx), then
// SIGKILLs the group.
func (i *instance) Stop(ctx context.Context, grace time.Duration) error {
	select {
	case <-i.done:
		return nil
	default:
	}
	i.mu.Lock()
	i.stopping = true
	i.mu.Unlock()
	if err := killGroup(i.pgid, syscall.SIGTERM); err != nil {
		return fmt.Errorf("process: stop %s: %w", i.id, err)
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-i.done:
		return nil
	case <-t.C:
	case <-ctx.Done():
	}
	if err := killGroup(i.pgid, syscall.SIGKILL); err != nil {
		return fmt.Errorf("process: stop %s: %w", i.id, err)
	}
	select {
	case <-i.done:
		return nil
	case <-time.After(killWait):
		return fmt.Errorf("process: stop %s: still running %s after SIGKILL", i.id, killWait)
	}
}
