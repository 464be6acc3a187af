package e2e

import (
	"context"
	"strconv"
	"testing"

	"github.com/berth-dev/berth/internal/pipeline"
	"github.com/berth-dev/berth/internal/pipeline/actions"
	"github.com/berth-dev/berth/internal/servertest"
)

// benchNothingDeployable measures one run of the seed workflow for a
// commit that touches neither app/ nor aws/: trigger, workspace checkout,
// pre-commit, both path filters, records; no AWS call.
func benchNothingDeployable(b *testing.B, mods ...func(*pipeline.Config)) {
	srv := servertest.Start(b)
	applySeedPlatform(b, srv)
	repo := newSeedAppRepo(b)
	s := startPipelines(b, srv, repo.dir, mods...)
	before := repo.head()
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		after := repo.commit("docs "+strconv.Itoa(i), map[string]string{"README.md": "# shop " + strconv.Itoa(i) + "\n"})
		b.StartTimer()
		d, logs := runAndWait(b, s, pipeline.Event{Before: before, After: after})
		if d.Conclusion != "success" {
			b.Fatalf("run %s\n%s", d.Conclusion, logs)
		}
		before = after
	}
}

// BenchmarkPipelineNothingDeployable runs the real pre-commit hooks
// (cfn-lint on the template dominates).
func BenchmarkPipelineNothingDeployable(b *testing.B) { benchNothingDeployable(b) }

// BenchmarkPipelineNothingDeployableNoHooks replaces pre-commit with a
// passing stub, to show the runner's own cost.
func BenchmarkPipelineNothingDeployableNoHooks(b *testing.B) {
	benchNothingDeployable(b, func(c *pipeline.Config) {
		c.Checker = actions.CheckerFunc(func(context.Context, actions.CheckRequest) (bool, error) { return true, nil })
	})
}

// BenchmarkPipelineSeedFirstRun is the seed's first run on a fresh berth:
// checks, assume the role, create the stack and the service (target ≤ 15 s
// with warm Go caches), with the Go example's app and template.
func BenchmarkPipelineSeedFirstRun(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		srv := servertest.Start(b)
		applySeedPlatform(b, srv)
		repo, s := seedGoPipeline(b, srv)
		b.StartTimer()
		d, logs := runAndWait(b, s, pipeline.Event{Before: pipeline.NullSHA, After: repo.head()})
		if d.Conclusion != "success" {
			b.Fatalf("first run %s\n%s", d.Conclusion, logs)
		}
	}
}
