package controller

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"

	"github.com/berth-dev/berth/internal/apprunner/appconfig"
	"github.com/berth-dev/berth/internal/runtime"
	"github.com/berth-dev/berth/internal/source"
)

// Deploy puts a version of a service in service: unless d.Release is set,
// it fetches the source at the branch head into a clean workspace, reads
// the code configuration (from the API or apprunner.yaml) and builds it;
// then it starts the instances, waits until they are healthy, moves the
// route to them in one swap, drains and stops the instances they replace
// and removes the replaced artifact. It returns the Release now serving.
//
// On failure (a *DeployError) the version that served before still
// serves, untouched, and a newly built artifact is removed.
func (c *Controller) Deploy(ctx context.Context, d Deployment) (*Release, error) {
	st, err := c.state(d.Spec.ServiceID)
	if err != nil {
		return nil, err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if err := c.ensureGroups(ctx, &d.Spec); err != nil {
		return nil, &DeployError{Step: StepFetch, Reason: "Could not create the service's log groups.", Err: err}
	}
	rel, built := d.Release, false
	if rel == nil {
		rel, err = c.build(ctx, &d)
		if err != nil {
			return nil, err
		}
		built = true
	} else if rel.Artifact == nil {
		return nil, ErrNoRelease
	}
	if err := c.rollout(ctx, st, &d, rel); err != nil {
		var de *DeployError
		if errors.As(err, &de) && de.Commit == "" {
			de.Commit = rel.CommitID
		}
		if built {
			c.o.Backend.RemoveArtifact(context.WithoutCancel(ctx), rel.Artifact)
		}
		return nil, err
	}
	return rel, nil
}

// build fetches and builds d's source into a new Release.
func (c *Controller) build(ctx context.Context, d *Deployment) (*Release, error) {
	ctx, cancel := context.WithTimeout(ctx, c.o.BuildTimeout)
	defer cancel()
	d.step(StepFetch)
	src := d.Spec.Source
	ws := filepath.Join(c.o.WorkDir, "ws-"+safe(d.OperationID)+"-"+newID()[:8])
	if err := os.MkdirAll(c.o.WorkDir, 0o700); err != nil {
		return nil, &DeployError{Step: StepFetch, Reason: "Could not create a workspace.", Err: err}
	}
	defer os.RemoveAll(ws)
	commit, err := source.Fetch(ctx, src.RepositoryURL, src.Branch, ws, src.Auth)
	if err != nil {
		return nil, &DeployError{Step: StepFetch, Err: err,
			Reason: fmt.Sprintf("Failed to pull your application source code: %v", trimPrefix(err))}
	}
	d.event("Successfully pulled your application source code (%s at commit %s).", src.Branch, short(commit))
	rel, cerr := c.configure(ws, src.SourceDirectory, d.Spec.Code)
	if cerr != nil {
		cerr.Commit = commit
		return nil, cerr
	}
	rel.CommitID = commit
	if rel.ConfigSource == ConfigFromRepository {
		d.event("Successfully validated the configuration file %s.", appconfig.FileName)
	}

	d.step(StepBuild)
	d.event("Starting source code build (runtime %s).", rel.Runtime)
	env := maps.Clone(d.Spec.BuildEnv)
	if env == nil {
		env = map[string]string{}
	}
	maps.Copy(env, rel.buildEnv)
	log := c.writer(ServiceLogGroup(d.Spec.ServiceName, d.Spec.ServiceID), DeploymentStream(d.OperationID))
	defer log.Close()
	art, err := c.o.Backend.Build(ctx, runtime.BuildSpec{
		ServiceID:       d.Spec.ServiceID,
		SourceDir:       ws,
		SourceDirectory: src.SourceDirectory,
		Runtime:         rel.Runtime,
		BuildCommand:    rel.BuildCommand,
		StartCommand:    rel.StartCommand,
		Env:             env,
		CacheDir:        d.Spec.CacheDir,
	}, log)
	if err != nil {
		return nil, &DeployError{Step: StepBuild, Err: err, Reason: buildReason(err), Commit: commit}
	}
	d.event("Build completed successfully (artifact %s).", art.ID)
	rel.Artifact = art
	rel.buildEnv = nil
	return rel, nil
}

// buildReason words a failed build for the event log.
func buildReason(err error) string {
	var be *runtime.BuildError
	switch {
	case errors.Is(err, runtime.ErrToolchainMissing):
		return "Failed to build your application source code: the toolchain is missing: " + after(err, runtime.ErrToolchainMissing)
	case errors.Is(err, runtime.ErrUnsupportedRuntime):
		return "Failed to build your application source code: unsupported runtime " + after(err, runtime.ErrUnsupportedRuntime)
	case errors.Is(err, runtime.ErrInvalidSpec):
		return "Failed to build your application source code: " + after(err, runtime.ErrInvalidSpec)
	case errors.As(err, &be):
		msg := fmt.Sprintf("Failed to build your application source code: the %s failed: %v.", be.Step, be.Err)
		if len(be.Tail) > 0 {
			n := min(len(be.Tail), tailLines)
			msg += " Last output:\n" + strings.Join(be.Tail[len(be.Tail)-n:], "\n")
		}
		return msg
	}
	return "Failed to build your application source code: " + trimPrefix(err)
}

// configure resolves the code configuration: the API's values, or
// apprunner.yaml in the source directory.
func (c *Controller) configure(ws, sourceDirectory string, code Code) (*Release, *DeployError) {
	rel := &Release{ConfigSource: ConfigFromAPI, Runtime: code.Runtime, BuildCommand: code.BuildCommand,
		StartCommand: code.StartCommand, Port: code.Port, Env: code.Env, Secrets: code.Secrets}
	if code.Source == ConfigFromRepository {
		dir, err := runtime.CleanSourceDirectory(sourceDirectory)
		if err != nil {
			return nil, &DeployError{Step: StepFetch, Reason: "The source directory is invalid.", Err: err}
		}
		data, err := os.ReadFile(filepath.Join(ws, filepath.FromSlash(dir), appconfig.FileName))
		if err != nil {
			return nil, &DeployError{Step: StepFetch, Err: err,
				Reason: fmt.Sprintf("ConfigurationSource is REPOSITORY but %s was not found in the source directory %q.", appconfig.FileName, "/"+strings.TrimPrefix(dir, "."))}
		}
		f, err := appconfig.Parse(data)
		if err != nil {
			return nil, &DeployError{Step: StepFetch, Reason: "Failed to read the configuration file: " + err.Error(), Err: err}
		}
		rel = &Release{ConfigSource: ConfigFromRepository, Runtime: f.Runtime, BuildCommand: f.BuildCommand(),
			StartCommand: f.StartCommand(), Port: f.Port, PortEnv: f.PortEnv, Env: f.Env, Secrets: f.Secrets, buildEnv: f.BuildEnv}
	}
	if rel.Port == 0 {
		rel.Port = DefaultPort
	}
	if _, err := runtime.LookupRuntime(rel.Runtime); err != nil {
		return nil, &DeployError{Step: StepBuild, Reason: buildReason(err), Err: err}
	}
	if strings.TrimSpace(rel.StartCommand) == "" {
		return nil, &DeployError{Step: StepBuild, Reason: "No start command is configured."}
	}
	return rel, nil
}

// rollout starts rel's instances (as many as the generation it replaces
// runs, whose scaling it freezes meanwhile; for the service's first run
// in this controller, as many as it ran before the server restarted,
// behind a route without backends that holds requests until they serve),
// waits for them to be healthy, swaps the route and retires the
// generation it replaces. The new generation's autoscaler takes over the
// old one's history.
func (c *Controller) rollout(ctx context.Context, st *serviceState, d *Deployment, rel *Release) (err error) {
	d.step(StepStart)
	old := st.gen
	if old == nil && c.holdRoute(d.Spec) {
		// Requests wait for the first instances (startroute.go).
		defer func() {
			if err != nil {
				c.releaseRoute(d.Spec)
			}
		}()
	}
	env, err := c.instanceEnv(ctx, rel)
	if err != nil {
		return err
	}
	n := desiredCount(old, d.Spec.Run)
	if old == nil {
		n = c.restoredCount(ctx, d, n)
	} else {
		defer func() {
			if err != nil {
				old.unhold()
			}
		}()
	}
	g := c.newGeneration(d.Spec, rel, env, d.Events, n)
	d.event("Starting %d instance(s) of artifact %s.", len(g.slots), rel.Artifact.ID)
	if err := g.start(ctx); err != nil {
		return err
	}
	d.step(StepHealth)
	if err := g.waitHealthy(ctx); err != nil {
		return err
	}
	d.step(StepRoute)
	if old != nil {
		old.setLive(false)
	}
	if err := g.goLive(); err != nil {
		if old != nil {
			old.setLive(true)
		}
		g.retire(context.WithoutCancel(ctx), false)
		return &DeployError{Step: StepRoute, Reason: "Could not route traffic to the service.", Err: err}
	}
	g.scaler = c.scalerFor(st, d.Spec)
	st.setGen(g)
	// Before the autoscaler starts: its own writes must come after.
	c.saveCount(d.Spec.ServiceID, g.size())
	g.supervise()
	d.event("Successfully routed incoming traffic to the new instances.")
	if old != nil {
		d.step(StepDrain)
		if old.spec.Host != g.spec.Host {
			c.o.Ingress.RemoveRoute(old.spec.Host)
		}
		old.retire(context.WithoutCancel(ctx), true)
		if old.rel.Artifact.ID != rel.Artifact.ID {
			if err := c.o.Backend.RemoveArtifact(context.WithoutCancel(ctx), old.rel.Artifact); err != nil {
				c.o.Logger.Warn("remove artifact failed", "artifact", old.rel.Artifact.ID, "err", err)
			}
		}
		d.event("Previous instances drained and stopped.")
	}
	return nil
}

// instanceEnv is a release's environment with its secrets resolved.
func (c *Controller) instanceEnv(ctx context.Context, rel *Release) (map[string]string, error) {
	env := maps.Clone(rel.Env)
	if env == nil {
		env = map[string]string{}
	}
	if len(rel.Secrets) > 0 {
		if c.o.ResolveSecrets == nil {
			return nil, &DeployError{Step: StepStart, Reason: "The service has secrets but berth cannot resolve them.", Err: ErrNoSecrets}
		}
		vals, err := c.o.ResolveSecrets(ctx, rel.Secrets)
		if err != nil {
			return nil, &DeployError{Step: StepStart, Reason: "Failed to resolve RuntimeEnvironmentSecrets: " + trimPrefix(err), Err: err}
		}
		maps.Copy(env, vals)
	}
	return env, nil
}

// trimPrefix drops the Go package prefix of an error message ("source: "),
// which means nothing to the service's owner.
func trimPrefix(err error) string {
	s := err.Error()
	for _, p := range []string{"controller: ", "source: ", "ssm: ", "secretsmanager: ", "process: ", "runtime: "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// after returns the part of err's message that follows sentinel's, the
// specific detail a wrapped sentinel carries ("runtime GO_1 needs go: not
// found in PATH"), or the whole message when sentinel is not in it.
func after(err, sentinel error) string {
	s := err.Error()
	if i := strings.LastIndex(s, sentinel.Error()+": "); i >= 0 {
		return s[i+len(sentinel.Error())+2:]
	}
	return trimPrefix(err)
}

func short(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}

// safe keeps a name usable as a path element.
func safe(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "op"
	}
	return b.String()
}
