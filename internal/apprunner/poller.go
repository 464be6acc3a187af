package apprunner

import (
	"context"
	"time"

	"github.com/berth-dev/berth/internal/source"
)

// poll checks, every PollInterval and whenever an operation ends, the
// branch of each running service with automatic deployments, and deploys
// a new head commit. Deployments of one service never overlap: a commit
// pushed during a deployment is seen at the next check after it ends, so
// it is queued, not lost.
func (a *API) poll() {
	defer a.wg.Done()
	t := time.NewTicker(a.d.PollInterval)
	defer t.Stop()
	for {
		select {
		case <-a.ctx.Done():
			return
		case <-t.C:
		case <-a.kickc:
		}
		a.pollOnce(a.ctx)
	}
}

// pollOnce checks every service once.
func (a *API) pollOnce(ctx context.Context) {
	svcs, err := a.repo.services(ctx)
	if err != nil {
		a.log.Warn("auto deployments: list services", "err", err)
		return
	}
	for _, s := range svcs {
		if ctx.Err() != nil {
			return
		}
		src := s.Config.Source
		if s.Status != StatusRunning || src.AutoDeploymentsEnabled == nil || !*src.AutoDeploymentsEnabled || src.CodeRepository == nil {
			continue
		}
		a.checkBranch(ctx, s)
	}
}

// checkBranch starts a deployment when the branch head moved past the
// commit last deployed (or last tried: a commit that failed is not retried
// until a new one arrives).
func (a *API) checkBranch(ctx context.Context, s *serviceRecord) {
	cr := s.Config.Source.CodeRepository
	auth, err := a.connectionAuth(ctx, s.Config.Source.AuthenticationConfiguration)
	if err != nil {
		return
	}
	rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	head, err := source.ResolveBranch(rctx, a.repositoryURL(cr.RepositoryURL), cr.SourceCodeVersion.Value, auth)
	if err != nil {
		a.log.Debug("auto deployments: resolve branch", "service", s.ARN, "err", err)
		return
	}
	if head == s.LastCommit {
		return
	}
	_, op, err := a.begin(ctx, s.ARN, OpStartDeployment, "AUTOMATIC", func(cur *serviceRecord, _ *operationRecord) error {
		if cur.Status != StatusRunning || cur.LastCommit == head {
			return errBusy // another operation runs; the next check will see the commit
		}
		return nil
	})
	if err != nil {
		return
	}
	a.event(ctx, s, "Deployment with ID : "+op.ID+" started. Triggering event : CODE_COMMIT_PUSH (commit "+short(head)+")")
}

func short(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}
