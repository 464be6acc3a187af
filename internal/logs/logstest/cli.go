package logstest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/berth-dev/berth/internal/logs"
)

// CLI says how to run the AWS CLI against the endpoint under test.
type CLI struct {
	// Endpoint is passed as --endpoint-url (CLI v2 releases before 2.13
	// ignore AWS_ENDPOINT_URL).
	Endpoint string
	// Env holds credentials and region; PATH and HOME are added.
	Env []string
}

// RunCLI runs the AWS CLI cases: `logs tail` (with and without --follow),
// `filter-log-events --filter-pattern` and a refused retention value.
func RunCLI(t *testing.T, tg Target, cli CLI) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Fatalf("the AWS CLI is required: %v", err)
	}
	t.Run("FilterLogEvents", func(t *testing.T) { testCLIFilter(t, tg, cli) })
	t.Run("PutRetentionPolicyBadValue", func(t *testing.T) { testCLIRetention(t, tg, cli) })
	t.Run("Tail", func(t *testing.T) { testCLITail(t, tg, cli) })
	t.Run("TailFollow", func(t *testing.T) { testCLITailFollow(t, tg, cli) })
}

// CLIv2 finds an AWS CLI v2, which `logs tail` needs (v1 has no tail):
// `aws` on PATH if it is v2, else a system install (Debian 12's awscli
// package is v2). It returns "" when there is none.
func CLIv2() string {
	cands := []string{"aws", "/usr/bin/aws", "/usr/local/bin/aws"}
	for _, c := range cands {
		out, err := exec.Command(c, "--version").CombinedOutput()
		if err == nil && strings.HasPrefix(string(out), "aws-cli/2") {
			return c
		}
	}
	return ""
}

func (c CLI) env() []string {
	return append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "AWS_PAGER=", "PYTHONUNBUFFERED=1",
		"AWS_EC2_METADATA_DISABLED=true", "AWS_CONFIG_FILE=/nonexistent/berth-aws-config"}, c.Env...)
}

// run runs bin with args and returns stdout, stderr and the exit code.
func (c CLI) run(t *testing.T, bin string, args ...string) (string, string, int) {
	t.Helper()
	cx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(cx, bin, append([]string{"--endpoint-url", c.Endpoint}, args...)...)
	cmd.Env = c.env()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("aws %v: %v", args, err)
	}
	return out.String(), errb.String(), cmd.ProcessState.ExitCode()
}

// seed creates a group and appends events through the Go API, or the SDK
// when the target has no Go API.
func seed(t *testing.T, tg Target, group, stream string, events []logs.Event) {
	t.Helper()
	if tg.Logs != nil {
		must(t, tg.Logs.EnsureGroup(ctx(t), group, 0))
		must(t, tg.Logs.Append(ctx(t), group, stream, events))
		return
	}
	mkStream(t, tg.Client, group, stream)
	var ts []int64
	var msgs []string
	for _, e := range events {
		ts, msgs = append(ts, e.Time.UnixMilli()), append(msgs, e.Message)
	}
	put(t, tg.Client, group, stream, ts, msgs...)
}

func testCLIFilter(t *testing.T, tg Target, cli CLI) {
	g := GroupName(t)
	t0 := time.Now().Add(-time.Minute)
	seed(t, tg, g, "s", []logs.Event{{Time: t0, Message: "GET /health 200"}, {Time: t0.Add(time.Millisecond), Message: "GET /api 500 ERROR upstream"},
		{Time: t0.Add(2 * time.Millisecond), Message: `{"level":"error","msg":"db down"}`}})
	for _, tc := range []struct {
		pattern string
		want    []string
	}{
		{"ERROR", []string{"GET /api 500 ERROR upstream"}},
		{`"GET /" -500`, []string{"GET /health 200"}},
		{`{ $.level = "error" }`, []string{`{"level":"error","msg":"db down"}`}},
	} {
		stdout, stderr, code := cli.run(t, "aws", "logs", "filter-log-events", "--log-group-name", g, "--filter-pattern", tc.pattern, "--output", "json")
		if code != 0 {
			t.Fatalf("filter-log-events %q: exit %d: %s", tc.pattern, code, stderr)
		}
		var out struct {
			Events []struct{ Message, LogStreamName, EventID string }
		}
		if err := json.Unmarshal([]byte(stdout), &out); err != nil {
			t.Fatalf("filter-log-events output: %v\n%s", err, stdout)
		}
		var got []string
		for _, e := range out.Events {
			got = append(got, e.Message)
		}
		wantStrings(t, "filter "+tc.pattern, got, tc.want)
	}
}

func testCLIRetention(t *testing.T, tg Target, cli CLI) {
	g := GroupName(t)
	_, err := tg.Client.CreateLogGroup(ctx(t), &cwl.CreateLogGroupInput{LogGroupName: aws.String(g)})
	must(t, err)
	_, stderr, code := cli.run(t, "aws", "logs", "put-retention-policy", "--log-group-name", g, "--retention-in-days", "2")
	if code == 0 || !strings.Contains(stderr, "(InvalidParameterException)") || !strings.Contains(stderr, "retentionInDays") {
		t.Fatalf("put-retention-policy 2: exit %d, stderr %q", code, stderr)
	}
	if _, stderr, code := cli.run(t, "aws", "logs", "put-retention-policy", "--log-group-name", g, "--retention-in-days", "7"); code != 0 {
		t.Fatalf("put-retention-policy 7: exit %d: %s", code, stderr)
	}
}

func testCLITail(t *testing.T, tg Target, cli CLI) {
	v2 := CLIv2()
	if v2 == "" {
		t.Skip("`aws logs tail` needs AWS CLI v2 and none is installed (Debian 12: apt-get install awscli)")
	}
	g := GroupName(t)
	t0 := time.Now().Add(-5 * time.Minute).Truncate(time.Second)
	seed(t, tg, g, "web", []logs.Event{{Time: t0, Message: "starting"}, {Time: t0.Add(2 * time.Second), Message: "ERROR listening failed"}})
	seed(t, tg, g, "build", []logs.Event{{Time: t0.Add(time.Second), Message: "build ok"}})
	seed(t, tg, g, "old", []logs.Event{{Time: t0.Add(-2 * time.Hour), Message: "too old for --since 1h"}})

	stdout, stderr, code := cli.run(t, v2, "logs", "tail", g, "--since", "1h", "--format", "short")
	if code != 0 {
		t.Fatalf("logs tail: exit %d: %s", code, stderr)
	}
	stamp := t0.UTC().Format("2006-01-02T15:04:05")
	want := stamp + " starting\n" + t0.Add(time.Second).UTC().Format("2006-01-02T15:04:05") + " build ok\n" +
		t0.Add(2*time.Second).UTC().Format("2006-01-02T15:04:05") + " ERROR listening failed\n"
	if stdout != want {
		t.Fatalf("logs tail --format short:\n%s\nwant:\n%s", stdout, want)
	}
	stdout, stderr, code = cli.run(t, v2, "logs", "tail", g, "--since", "1h", "--filter-pattern", "ERROR")
	if code != 0 {
		t.Fatalf("logs tail --filter-pattern: exit %d: %s", code, stderr)
	}
	if lines := strings.Split(strings.TrimSpace(stdout), "\n"); len(lines) != 1 || !strings.Contains(lines[0], " web ERROR listening failed") {
		t.Fatalf("logs tail detailed with filter: %q", stdout)
	}
}

func testCLITailFollow(t *testing.T, tg Target, cli CLI) {
	v2 := CLIv2()
	if v2 == "" {
		t.Skip("`aws logs tail --follow` needs AWS CLI v2 and none is installed (Debian 12: apt-get install awscli)")
	}
	g := GroupName(t)
	seed(t, tg, g, "app", []logs.Event{{Time: time.Now().Add(-10 * time.Second), Message: "before follow"}})

	cx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(cx, v2, "--endpoint-url", cli.Endpoint, "logs", "tail", g, "--follow", "--since", "5m", "--format", "short")
	cmd.Env = cli.env()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	pipe, err := cmd.StdoutPipe()
	must(t, err)
	must(t, cmd.Start())
	lines := make(chan string, 100)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	defer func() {
		cmd.Process.Kill()
		for range lines {
		}
		cmd.Wait()
	}()
	waitFor := func(msg string) {
		t.Helper()
		deadline := time.After(30 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("logs tail --follow exited before printing %q: %s", msg, stderr.String())
				}
				if strings.HasSuffix(l, " "+msg) {
					return
				}
			case <-deadline:
				t.Fatalf("logs tail --follow did not print %q in 30s: %s", msg, stderr.String())
			}
		}
	}
	waitFor("before follow")
	if tg.Logs != nil {
		w := tg.Logs.Writer(g, "app")
		_, err = w.Write([]byte("appended while following\n"))
		must(t, err)
		must(t, w.Close())
	} else {
		put(t, tg.Client, g, "app", []int64{nowMs()}, "appended while following")
	}
	waitFor("appended while following")
}
