package engine

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/provider/providertest"
	"github.com/berth-dev/berth/internal/store"
)

var ctx = context.Background()

var root = &awsapi.Principal{Kind: awsapi.Root, Account: "000000000000", ARN: "arn:aws:iam::000000000000:root", UserID: "000000000000"}

// harness is an engine over a fresh store with the test provider (and a
// stand-in AWS::IAM::Role provider for capability tests).
type harness struct {
	t    *testing.T
	st   *store.Store
	prov *providertest.Provider
	reg  *provider.Registry
	e    *Engine
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "berth.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h := &harness{t: t, st: st, prov: providertest.New()}
	h.reg = provider.NewRegistry(h.prov, providertest.NewType("AWS::IAM::Role"))
	h.e = h.engine()
	t.Cleanup(func() { h.e.Stop(ctx) })
	return h
}

func (h *harness) engine() *Engine {
	return New(Deps{Store: h.st, Providers: h.reg, Region: "us-east-1", Account: "000000000000",
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
}

// restart stops the engine as a killed server would stop, and starts a
// new one on the same store and provider.
func (h *harness) restart() {
	h.t.Helper()
	if err := h.e.Stop(ctx); err != nil {
		h.t.Fatal(err)
	}
	h.e = h.engine()
	if err := h.e.Start(ctx); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) create(name, body string, params ...ParameterInput) (*Stack, error) {
	return h.e.CreateStack(ctx, CreateInput{StackName: name, TemplateBody: body, Parameters: params, Principal: root})
}

func (h *harness) mustCreate(name, body string, params ...ParameterInput) *Stack {
	h.t.Helper()
	s, err := h.create(name, body, params...)
	if err != nil {
		h.t.Fatalf("create %s: %v", name, err)
	}
	return h.wait(s.ID)
}

func (h *harness) update(name, body string, params ...ParameterInput) (*Stack, error) {
	return h.e.UpdateStack(ctx, UpdateInput{StackName: name, TemplateBody: body, Parameters: params, Principal: root})
}

func (h *harness) mustUpdate(name, body string, params ...ParameterInput) *Stack {
	h.t.Helper()
	s, err := h.update(name, body, params...)
	if err != nil {
		h.t.Fatalf("update %s: %v", name, err)
	}
	return h.wait(s.ID)
}

func (h *harness) mustDelete(name string, retain ...string) *Stack {
	h.t.Helper()
	s, err := h.e.Stack(ctx, name)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.e.DeleteStack(ctx, DeleteInput{StackName: name, RetainResources: retain, Principal: root}); err != nil {
		h.t.Fatalf("delete %s: %v", name, err)
	}
	return h.wait(s.ID)
}

// wait waits for the stack's operation to end and returns the stack.
func (h *harness) wait(id string) *Stack {
	h.t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := h.e.Wait(c, id); err != nil {
		h.t.Fatalf("wait %s: %v", id, err)
	}
	s, err := h.e.Stack(ctx, id)
	if err != nil {
		h.t.Fatal(err)
	}
	return s
}

// events lists "LogicalId STATUS" lines of a stack, oldest first.
func (h *harness) events(id string) []string {
	h.t.Helper()
	var all []*Event
	var before int64
	for {
		page, next, err := h.e.Events(ctx, id, EventQuery{Before: before, Limit: 7})
		if err != nil {
			h.t.Fatal(err)
		}
		all = append(all, page...)
		if next == 0 {
			break
		}
		before = next
	}
	out := make([]string, 0, len(all))
	for i := len(all) - 1; i >= 0; i-- {
		out = append(out, all[i].LogicalID+" "+all[i].Status)
	}
	return out
}

// resources maps logical id → record.
func (h *harness) resources(id string) map[string]*Resource {
	h.t.Helper()
	recs, err := h.e.Resources(ctx, id)
	if err != nil {
		h.t.Fatal(err)
	}
	out := map[string]*Resource{}
	for _, r := range recs {
		out[r.LogicalID] = r
	}
	return out
}

func wantStatus(t *testing.T, s *Stack, status string) {
	t.Helper()
	if s.Status != status {
		t.Fatalf("stack %s status = %s (%q), want %s", s.Name, s.Status, s.StatusReason, status)
	}
}

func wantErr(t *testing.T, err error, code, msg string) {
	t.Helper()
	ae, ok := err.(*awsapi.Error)
	if !ok || ae.Code != code || !strings.Contains(ae.Message, msg) {
		t.Fatalf("error = %v, want %s containing %q", err, code, msg)
	}
}

// index returns the position of line in lines, or fails.
func index(t *testing.T, lines []string, line string) int {
	t.Helper()
	for i, l := range lines {
		if l == line {
			return i
		}
	}
	t.Fatalf("event %q not found in:\n%s", line, strings.Join(lines, "\n"))
	return -1
}

// callIndex returns the position of a provider call.
func callIndex(t *testing.T, calls []providertest.Call, op, logical, physical string) int {
	t.Helper()
	for i, c := range calls {
		if c.Op == op && c.LogicalID == logical && (physical == "" || c.PhysicalID == physical) {
			return i
		}
	}
	t.Fatalf("call %s %s %s not found in %v", op, logical, physical, calls)
	return -1
}

func tmpl(resources string) string {
	return fmt.Sprintf("Resources:\n%s", resources)
}
