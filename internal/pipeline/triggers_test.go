package pipeline

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/pipeline/records"
	"github.com/berth-dev/berth/internal/store"
)

const seqWorkflow = "on:\n  push:\n    branches: [main]\nconcurrency:\n  group: main\n  cancel-in-progress: false\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: git log -1 --format=%s\n"

func TestWatcherTriggersEachCommitInOrder(t *testing.T) {
	s, _ := newService(t, nil)
	r := newRepo(t)
	c0 := r.commit("base", map[string]string{".github/workflows/w.yaml": seqWorkflow})
	register(t, s, r, nil)
	w := s.NewWatcher(WatchConfig{Pipeline: "shop", Interval: 50 * time.Millisecond})
	if err := w.Start(bg); err != nil {
		t.Fatal(err)
	}
	defer w.Stop(bg)
	c1 := r.commit("first", map[string]string{"a": "1"})
	c2 := r.commit("second", map[string]string{"a": "2"})
	var runs []*records.Run
	eventually(t, "two runs", func() bool {
		runs, _ = s.Runs(bg, records.RunFilter{Pipeline: "shop"})
		return len(runs) == 2
	})
	// Newest first: the second commit's run, whose before is the first.
	if runs[1].SHA != c1 || runs[1].Before != c0 || runs[0].SHA != c2 || runs[0].Before != c1 {
		t.Fatalf("runs: %s<-%s, %s<-%s; want %s<-%s, %s<-%s", runs[1].SHA, runs[1].Before, runs[0].SHA, runs[0].Before, c1, c0, c2, c1)
	}
	a, b := wait(t, s, runs[1].ID), wait(t, s, runs[0].ID)
	if a.Conclusion != "success" || b.Conclusion != "success" || b.StartedAt.Before(a.CompletedAt) {
		t.Fatalf("not one at a time: %+v %+v", a, b)
	}
	if !strings.Contains(logText(t, s, a.ID), "first") || !strings.Contains(logText(t, s, b.ID), "second") {
		t.Fatal("runs checked out the wrong commits")
	}
	if err := w.Err(); err != nil {
		t.Fatal(err)
	}
}

func TestWatcherResumesAfterLastRun(t *testing.T) {
	s, _ := newService(t, nil)
	r := newRepo(t)
	c0 := r.commit("base", map[string]string{".github/workflows/w.yaml": seqWorkflow})
	register(t, s, r, nil)
	runs, _ := s.Trigger(bg, "shop", Event{After: c0})
	wait(t, s, runs[0].ID)
	c1 := r.commit("while down", map[string]string{"a": "1"})
	ev, err := s.HeadPush(bg, "shop", "")
	if err != nil || ev.Before != c0 || ev.After != c1 {
		t.Fatalf("head push %+v %v", ev, err)
	}
	w := s.NewWatcher(WatchConfig{Pipeline: "shop", Interval: 20 * time.Millisecond})
	if err := w.Start(bg); err != nil {
		t.Fatal(err)
	}
	defer w.Stop(bg)
	eventually(t, "resumed run", func() bool {
		runs, _ = s.Runs(bg, records.RunFilter{Pipeline: "shop"})
		return len(runs) == 2 && runs[0].SHA == c1 && runs[0].Before == c0
	})
}

func TestWebhookSignature(t *testing.T) {
	s, _ := newService(t, nil)
	r := newRepo(t)
	c0 := r.commit("base", map[string]string{".github/workflows/w.yaml": seqWorkflow})
	c1 := r.commit("next", map[string]string{"a": "1"})
	register(t, s, r, func(p *records.Pipeline) { p.WebhookSecret = "It's a Secret to Everybody" })
	register(t, s, r, func(p *records.Pipeline) { p.Name = "nosecret"; p.Repository = "acme/other" })
	srv := httptest.NewServer(http.StripPrefix("/hooks", s.WebhookHandler()))
	defer srv.Close()
	body := `{"ref":"refs/heads/main","before":"` + c0 + `","after":"` + c1 + `","repository":{"full_name":"acme/shop"},"pusher":{"name":"octocat"},"sender":{"login":"octocat"}}`
	post := func(path, event, sig, payload string) int {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(payload))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-GitHub-Event", event)
		if sig != "" {
			req.Header.Set("X-Hub-Signature-256", sig)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	good := Sign("It's a Secret to Everybody", []byte(body))
	// GitHub's documented test vector.
	if got := Sign("It's a Secret to Everybody", []byte("Hello, World!")); got != "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17" {
		t.Fatalf("Sign = %s", got)
	}
	for _, tc := range []struct {
		name, path, event, sig, body string
		want                         int
	}{
		{"missing signature", "/shop", "push", "", body, 401},
		{"wrong secret", "/shop", "push", Sign("other", []byte(body)), body, 401},
		{"tampered body", "/shop", "push", good, strings.Replace(body, "octocat", "mallory", 1), 401},
		{"not hex", "/shop", "push", "sha256=zz", body, 401},
		{"sha1 only", "/shop", "push", "sha1=" + strings.TrimPrefix(good, "sha256="), body, 401},
		{"pipeline without secret", "/nosecret", "push", Sign("", []byte(body)), body, 401},
		{"unknown pipeline", "/nope", "push", good, body, 401},
		{"ping", "/shop", "ping", Sign("It's a Secret to Everybody", []byte(`{"zen":"x"}`)), `{"zen":"x"}`, 200},
	} {
		if got := post("/hooks"+tc.path, tc.event, tc.sig, tc.body); got != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
		}
	}
	time.Sleep(200 * time.Millisecond)
	if runs, _ := s.Runs(bg, records.RunFilter{}); len(runs) != 0 {
		t.Fatalf("a rejected webhook ran: %+v", runs[0])
	}
	// A good push, found by path and by repository name.
	if got := post("/hooks/shop", "push", good, body); got != http.StatusAccepted {
		t.Fatalf("good push: %d", got)
	}
	var runs []*records.Run
	eventually(t, "webhook run", func() bool {
		runs, _ = s.Runs(bg, records.RunFilter{})
		return len(runs) == 1
	})
	got := wait(t, s, runs[0].ID)
	if got.Conclusion != "success" || got.SHA != c1 || got.Before != c0 || got.Actor != "octocat" {
		t.Fatalf("run %+v", got)
	}
	if code := post("/hooks", "push", good, body); code != http.StatusAccepted {
		t.Fatalf("by repository: %d", code)
	}
	del := `{"ref":"refs/heads/main","before":"` + c1 + `","after":"` + NullSHA + `","deleted":true,"repository":{"full_name":"acme/shop"}}`
	if code := post("/hooks/shop", "push", Sign("It's a Secret to Everybody", []byte(del)), del); code != http.StatusAccepted {
		t.Fatalf("delete: %d", code)
	}
	eventually(t, "second webhook run", func() bool {
		runs, _ = s.Runs(bg, records.RunFilter{})
		return len(runs) == 2
	})
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/hooks/shop", nil)
	resp, _ := http.DefaultClient.Do(req)
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET: %d", resp.StatusCode)
	}
}

func TestRestartMarksInterruptedRunFailed(t *testing.T) {
	s, dir := newService(t, nil)
	r := newRepo(t)
	c := r.commit("1", map[string]string{".github/workflows/w.yaml": "on: push\nconcurrency: g\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo started; sleep 30\n"})
	register(t, s, r, nil)
	running, _ := s.Trigger(bg, "shop", Event{After: c})
	queued, _ := s.Trigger(bg, "shop", Event{After: c})
	eventually(t, "run in progress", func() bool {
		run, _ := s.Records().Run(bg, running[0].ID)
		return run.Status == records.StatusInProgress
	})
	// A graceful stop records both as failed, interrupted.
	ctx, cancel := context.WithTimeout(bg, 10*time.Second)
	defer cancel()
	if err := s.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{running[0].ID, queued[0].ID} {
		got, _ := s.Records().Run(bg, id)
		if got.Status != records.StatusCompleted || got.Conclusion != "failure" || got.Message != InterruptedMessage {
			t.Fatalf("after stop: %+v", got)
		}
	}

	// A crash leaves a run in progress in the store; the next start fails it.
	st, err := store.Open(bg, dir+"/berth.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rec := records.New(st)
	crashed := &records.Run{Pipeline: "shop", RepoDir: r.dir, Repository: "acme/shop", WorkflowFile: "w.yaml", WorkflowName: "w",
		Event: "push", Ref: "refs/heads/main", SHA: c, CreatedAt: time.Now()}
	if err := rec.CreateRun(bg, crashed); err != nil {
		t.Fatal(err)
	}
	rec.StartRun(bg, crashed.ID, time.Now())
	rec.PutJob(bg, records.Job{RunID: crashed.ID, Key: "a", Seq: 1, Name: "a", Status: records.StatusInProgress})
	rec.PutStep(bg, records.Step{RunID: crashed.ID, Job: "a", Index: 1, Name: "x", Status: records.StatusInProgress})
	s2 := New(Config{Store: st, WorkDir: dir + "/pipeline"})
	if err := s2.Start(bg); err != nil {
		t.Fatal(err)
	}
	defer s2.Stop(bg)
	d, err := s2.GetRun(bg, crashed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != records.StatusCompleted || d.Conclusion != "failure" || d.Message != InterruptedMessage ||
		d.Jobs[0].Conclusion != "failure" || d.Steps[0].Status != records.StatusCompleted {
		t.Fatalf("after restart: %+v %+v %+v", d.Run, d.Jobs[0], d.Steps[0])
	}
}
