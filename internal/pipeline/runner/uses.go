package runner

import (
	"context"
	"fmt"
	"strings"

	"github.com/berth-dev/berth/internal/pipeline/actions"
	"github.com/berth-dev/berth/internal/pipeline/workflow"
)

// execUses runs a `uses:` step with berth's native implementation of the
// action.
func (j *jobRun) execUses(ctx context.Context, st *workflow.Step, sc *scope, env map[string]string, io *stepIO) error {
	io.log("##[group]Run " + st.Uses)
	ref, err := workflow.ParseUses(st.Uses)
	if err != nil {
		io.log("##[endgroup]")
		return err
	}
	inputs := make(map[string]string, len(st.With))
	if len(st.With) > 0 {
		io.log("with:")
	}
	for _, k := range sortedKeys(st.With) {
		v, err := sc.interpolate(st.With[k], "with."+k)
		if err != nil {
			io.log("##[endgroup]")
			return err
		}
		inputs[k] = v
		io.log("  " + k + ": " + strings.ReplaceAll(strings.TrimRight(v, "\n"), "\n", "\n    "))
	}
	io.log("##[endgroup]")
	action, err := j.run.r.cfg.Actions.Lookup(ref)
	if err != nil {
		return err
	}
	spec := j.run.spec
	inv := &actions.Invocation{
		Ref: ref, Inputs: inputs, Workspace: j.workspace, TempDir: j.temp, Env: env,
		Event: actions.Event{Name: spec.Event.Name, Ref: spec.Event.Ref, Before: spec.Event.Before,
			SHA: spec.Event.SHA, DefaultBranch: j.run.info.defaultBranch()},
		Log: io, Commands: io, AWSEndpoint: j.run.r.cfg.AWSEndpoint,
		LastSuccessfulCommit: spec.LastSuccessfulCommit,
	}
	switch {
	case j.token.url != "":
		url, secret := j.token.url, j.token.secret
		inv.IDToken = func(ctx context.Context, audience string) (string, error) {
			return requestIDToken(ctx, url, secret, audience)
		}
	case j.tokenErr != nil:
		tokenErr := j.tokenErr
		inv.IDToken = func(context.Context, string) (string, error) { return "", tokenErr }
	}
	if err := action.Run(ctx, inv); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%w: %v", ctx.Err(), err)
		}
		return err
	}
	return nil
}
