package records

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/store"
)

func open(t *testing.T) *Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return New(st)
}

func TestPipelinesAndRuns(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	now := time.UnixMilli(1_700_000_000_000).UTC()
	p := Pipeline{Name: "shop", RepoDir: "/r", Repository: "acme/shop", Branch: "main", WebhookSecret: "w",
		Secrets: map[string]string{"A": "1"}, Vars: map[string]string{"V": "2"}, CreatedAt: now}
	if err := s.PutPipeline(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := s.Pipeline(ctx, "shop")
	if err != nil || got.Secrets["A"] != "1" || got.Vars["V"] != "2" || got.WebhookSecret != "w" || !got.CreatedAt.Equal(now) {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := s.Pipeline(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}

	var ids []int64
	for i := 0; i < 3; i++ {
		r := &Run{Pipeline: "shop", WorkflowFile: "w.yaml", WorkflowName: "w", Event: "push", Ref: "refs/heads/main", SHA: string(rune('a' + i)), CreatedAt: now}
		if err := s.CreateRun(ctx, r); err != nil {
			t.Fatal(err)
		}
		if r.RunNumber != int64(i+1) || r.Status != StatusQueued {
			t.Fatalf("run %+v", r)
		}
		ids = append(ids, r.ID)
	}
	s.StartRun(ctx, ids[0], now)
	s.CompleteRun(ctx, ids[0], "success", "", now.Add(time.Second))
	s.CompleteRun(ctx, ids[0], "failure", "late", now) // a completed run keeps its conclusion
	s.StartRun(ctx, ids[1], now)
	if sha, _ := s.LastSuccessfulSHA(ctx, "shop", "w.yaml", 0); sha != "a" {
		t.Fatalf("last successful %q", sha)
	}
	if sha, _ := s.LastSuccessfulSHA(ctx, "shop", "w.yaml", ids[0]); sha != "" {
		t.Fatalf("excluded %q", sha)
	}
	if sha, _ := s.LastPushSHA(ctx, "shop", "refs/heads/main"); sha != "c" {
		t.Fatalf("last push %q", sha)
	}
	s.PutJob(ctx, Job{RunID: ids[1], Key: "a", Seq: 1, Name: "a", Status: StatusInProgress, Outputs: map[string]string{"o": "1"}})
	s.PutStep(ctx, Step{RunID: ids[1], Job: "a", Index: 1, Name: "s", Status: StatusInProgress})
	s.AppendLogs(ctx, []LogLine{{RunID: ids[1], Seq: 1, Job: "a", Step: 1, At: now, Text: "one"}, {RunID: ids[1], Seq: 2, Job: "a", Step: 1, At: now, Text: "two"}})
	if n, _ := s.NextLogSeq(ctx, ids[1]); n != 3 {
		t.Fatalf("next seq %d", n)
	}
	if lines, _ := s.Logs(ctx, ids[1], 1, 0); len(lines) != 1 || lines[0].Text != "two" {
		t.Fatalf("logs %+v", lines)
	}
	closed, err := s.FailInterrupted(ctx, "interrupted", now)
	if err != nil || len(closed) != 2 || closed[0] != ids[1] || closed[1] != ids[2] {
		t.Fatalf("closed %v %v", closed, err)
	}
	r, _ := s.Run(ctx, ids[0])
	if r.Conclusion != "success" {
		t.Fatalf("first run %+v", r)
	}
	jobs, _ := s.Jobs(ctx, ids[1])
	steps, _ := s.Steps(ctx, ids[1])
	if jobs[0].Conclusion != "failure" || jobs[0].Outputs["o"] != "1" || steps[0].Status != StatusCompleted {
		t.Fatalf("%+v %+v", jobs[0], steps[0])
	}
	list, _ := s.Runs(ctx, RunFilter{Pipeline: "shop", Limit: 2})
	if len(list) != 2 || list[0].ID != ids[2] {
		t.Fatalf("list %+v", list)
	}
	if err := s.DeletePipeline(ctx, "shop"); err != nil || s.DeletePipeline(ctx, "shop") == nil {
		t.Fatal("delete")
	}
}
