package console

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestTone(t *testing.T) {
	for status, want := range map[string]string{
		"RUNNING": "good", "SUCCEEDED": "good", "CREATE_COMPLETE": "good", "UPDATE_COMPLETE": "good", "success": "good", "completed": "good",
		"OPERATION_IN_PROGRESS": "warn", "IN_PROGRESS": "warn", "REVIEW_IN_PROGRESS": "warn", "DELETE_IN_PROGRESS": "warn", "queued": "warn",
		"CREATE_FAILED": "bad", "failure": "bad", "ROLLBACK_COMPLETE": "bad", "UPDATE_ROLLBACK_COMPLETE": "bad",
		"ROLLBACK_SUCCEEDED": "bad", "UPDATE_ROLLBACK_IN_PROGRESS": "bad", "DELETE_FAILED": "bad",
		"PAUSED": "neutral", "DELETED": "neutral", "DELETE_COMPLETE": "neutral", "skipped": "neutral", "cancelled": "neutral", "": "neutral",
	} {
		if got := tone(status); got != want {
			t.Errorf("tone(%q) = %q, want %q", status, got, want)
		}
	}
}

func TestBreakable(t *testing.T) {
	for in, want := range map[string][]string{
		"arn:aws:iam::0:role/x": {"arn:", "aws:", "iam:", ":", "0:", "role/", "x"},
		"plain":                 {"plain"},
		"ends/":                 {"ends/"},
		"":                      {""},
	} {
		got := breakable(in)
		if !reflect.DeepEqual(got, want) || strings.Join(got, "") != in {
			t.Errorf("breakable(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDisplayHelpers(t *testing.T) {
	for in, want := range map[string]string{
		"instance/16e976de3d48afe688a348dcf70de509":       "instance/16e976de",
		"deployment/c93a8f5f-48ed-4948-8508-d718f455bdcf": "deployment/c93a8f5f",
		"events": "events", "build/short": "build/short",
	} {
		if got := streamLabel(in); got != want {
			t.Errorf("streamLabel(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"1024": "1 vCPU", "256": "0.25 vCPU", "1 vCPU": "1 vCPU", "": ""} {
		if got := vcpu(in); got != want {
			t.Errorf("vcpu(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"2048": "2 GB", "512": "0.5 GB", "3 GB": "3 GB"} {
		if got := memory(in); got != want {
			t.Errorf("memory(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"arn:aws:apprunner:us-east-1:000000000000:service/web/0123abcd": "/console/services/web/0123abcd",
		"arn:aws:apprunner:us-east-1:000000000000:service/web/*":        "/console/services/web/%2A",
		"arn:aws:apprunner:us-east-1:000000000000:connection/gh/0123":   "",
		"arn:aws:iam::000000000000:role/service/web":                    "",
		"arn:aws:apprunner:us-east-1:0:service/web":                     "",
		"github-access": "",
	} {
		if got := serviceLink(in); got != want {
			t.Errorf("serviceLink(%q) = %q, want %q", in, got, want)
		}
	}
	t0 := time.Unix(1700000000, 0)
	for d, want := range map[time.Duration]string{0: "<1ms", 8 * time.Millisecond: "8ms", 1340 * time.Millisecond: "1.3s", 95 * time.Second: "1m35s"} {
		if got := duration(t0, t0.Add(d)); got != want {
			t.Errorf("duration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestSpanLabel(t *testing.T) {
	t0 := time.Unix(1700000000, 0)
	pts := func(n int) []metricPoint {
		out := make([]metricPoint, n)
		for i := range out {
			out[i].Time = t0.Add(time.Duration(i) * 10 * time.Second)
		}
		return out
	}
	for n, want := range map[int]string{0: "", 1: "first sample", 7: "last 60 s", 13: "last 2 min", 361: "last hour"} {
		if got := spanLabel(pts(n)); got != want {
			t.Errorf("spanLabel(%d points) = %q, want %q", n, got, want)
		}
	}
	if a := area("1.0,9.0 9.0,1.0", 10, 10); a != "1.0,9.0 1.0,9.0 9.0,1.0 9.0,9.0" {
		t.Errorf("area = %q", a)
	}
	if a := area("", 10, 10); a != "" {
		t.Errorf("area of nothing = %q", a)
	}
	if got := percent(0.24); got != "0.2 %" {
		t.Errorf("percent(0.24) = %q", got)
	}
}

func TestShownLines(t *testing.T) {
	in := []runLogLine{{Text: "##[group]Run make"}, {Text: "make: ok"}, {Text: "##[endgroup]"}, {Text: "plain ##[group] text"}}
	got := shownLines(in)
	if len(got) != 3 || !got[0].Group || got[0].Text != "Run make" || got[1].Group || got[1].Text != "make: ok" ||
		got[2].Group || got[2].Text != "plain ##[group] text" {
		t.Fatalf("shownLines = %+v", got)
	}
}

// TestDeployedCommitLines: the deployed commit is the one fetched by the
// last deployment that completed; a failed one's fetch does not count.
func TestDeployedCommitLines(t *testing.T) {
	completed := []string{
		"[AppRunner] Service creation successfully completed.",
		"[AppRunner] Deployment with ID : 2c355444-eb56-45db-b580-ae6ed40543e9 successfully completed.",
		"[AppRunner] Service update successfully completed.",
	}
	for _, l := range completed {
		if !completedLine.MatchString(l) {
			t.Errorf("%q is not a completion", l)
		}
	}
	for _, l := range []string{
		"[AppRunner] Deployment with ID : e995 failed. The previous version keeps serving (rollback succeeded).",
		"app says: Deployment with ID : x successfully completed",
	} {
		if completedLine.MatchString(l) {
			t.Errorf("%q is a completion", l)
		}
	}
	if m := commitLine.FindStringSubmatch("[AppRunner] Successfully pulled your application source code (main at commit f86b1dc86e27)."); m == nil || m[1] != "main" || m[2] != "f86b1dc86e27" {
		t.Errorf("commit line: %q", m)
	}
	pulled := func(c string) string {
		return "[AppRunner] Successfully pulled your application source code (main at commit " + c + ")."
	}
	for _, c := range []struct {
		msgs []string
		want string
	}{
		{nil, ""},
		{[]string{pulled("aaaa1111")}, ""}, // creation still running
		{[]string{pulled("aaaa1111"), completed[0]}, "aaaa1111"},
		{[]string{pulled("aaaa1111"), completed[0], pulled("bbbb2222")}, "aaaa1111"}, // deploying, or failed
		{[]string{pulled("aaaa1111"), completed[0], pulled("bbbb2222"), completed[1]}, "bbbb2222"},
		{[]string{completed[1]}, ""},
	} {
		if _, got := deployedFrom(c.msgs); got != c.want {
			t.Errorf("deployedFrom(%q) = %q, want %q", c.msgs, got, c.want)
		}
	}
}
