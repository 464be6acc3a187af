package cli

import (
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/metrics"
)

func TestSummarizeLastHour(t *testing.T) {
	if summarize(nil) != nil {
		t.Fatal("no points should give no summary")
	}
	h := summarize([]metrics.Point{
		{Requests: 10, Errors5xx: 1, P99: 3 * time.Millisecond, ActiveInstances: 1},
		{Requests: 5, P99: 9 * time.Millisecond, ActiveInstances: 2, CPU: 12.5, MemoryBytes: 64 << 20},
	})
	if h.Requests != 15 || h.Errors5xx != 1 || h.P99Millis != 9 || h.ActiveInstances != 2 || h.CPUPercent != 12.5 || h.MemoryMB != 64 {
		t.Fatalf("summary = %+v", h)
	}
}
