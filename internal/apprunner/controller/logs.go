package controller

import (
	"context"
	"io"
	"strings"
	"sync"
)

// ServiceLogGroup is the log group of a service's events and deployment
// (build) logs, as App Runner names it.
func ServiceLogGroup(name, id string) string {
	return "/aws/apprunner/" + name + "/" + id + "/service"
}

// ApplicationLogGroup is the log group of a service's instance output.
func ApplicationLogGroup(name, id string) string {
	return "/aws/apprunner/" + name + "/" + id + "/application"
}

// DeploymentStream is the stream of one operation's build log.
func DeploymentStream(operationID string) string { return "deployment/" + operationID }

// EventsStream is the stream of a service's events.
const EventsStream = "events"

// InstanceStream is the stream of one instance's output.
func InstanceStream(instanceID string) string { return "instance/" + instanceID }

// ensureGroups creates the service's two log groups with berth's default
// retention; a group that exists keeps its retention.
func (c *Controller) ensureGroups(ctx context.Context, spec *Spec) error {
	if c.o.Logs == nil {
		return nil
	}
	days := c.o.Logs.DefaultRetentionDays()
	for _, g := range []string{ServiceLogGroup(spec.ServiceName, spec.ServiceID), ApplicationLogGroup(spec.ServiceName, spec.ServiceID)} {
		if err := c.o.Logs.EnsureGroup(ctx, g, days); err != nil {
			return err
		}
	}
	return nil
}

// writer returns a log writer, or a discarding one without Logs.
func (c *Controller) writer(group, stream string) io.WriteCloser {
	if c.o.Logs == nil {
		return nopCloser{io.Discard}
	}
	return c.o.Logs.Writer(group, stream)
}

type nopCloser struct{ io.Writer }

// Close implements io.Closer.
func (nopCloser) Close() error { return nil }

// tail keeps the last lines an instance printed, so a failure to start can
// say why without opening the log.
type tail struct {
	mu    sync.Mutex
	lines []string
	n     int
}

func newTail(n int) *tail { return &tail{n: n} }

func (t *tail) add(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.lines) == t.n {
		copy(t.lines, t.lines[1:])
		t.lines = t.lines[:t.n-1]
	}
	t.lines = append(t.lines, line)
}

// String joins the kept lines.
func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.lines, "\n")
}
