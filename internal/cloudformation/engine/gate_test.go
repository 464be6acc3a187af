package engine

import (
	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/provider/providertest"
)

// withGate puts a providertest.Gate in front of the harness's test
// provider, so that chosen calls stay in flight until the test lets them
// finish.
func withGate(h *harness) *providertest.Gate {
	h.t.Helper()
	g := providertest.NewGate(h.prov)
	h.reg = provider.NewRegistry(g, providertest.NewType("AWS::IAM::Role"))
	if err := h.e.Stop(ctx); err != nil {
		h.t.Fatal(err)
	}
	h.e = h.engine()
	return g
}
