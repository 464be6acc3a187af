package console

import (
	"encoding/json"
	"math"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/metrics"
)

func TestPolyline(t *testing.T) {
	cases := []struct {
		vals []float64
		want string
	}{
		{nil, ""},
		{[]float64{5}, "1.0,1.0 9.0,1.0"},
		{[]float64{0, 0}, "1.0,9.0 9.0,9.0"},
		{[]float64{0, 2, 4}, "1.0,9.0 5.0,5.0 9.0,1.0"},
	}
	for _, c := range cases {
		if got := polyline(c.vals, 10, 10); got != c.want {
			t.Errorf("polyline(%v) = %q, want %q", c.vals, got, c.want)
		}
	}
}

func TestSparks(t *testing.T) {
	pts := []metricPoint{
		{Requests: 10, Errors5xx: 1, P99: 20 * time.Millisecond, ActiveInstances: 1, CPU: 12.5, MemoryBytes: 64 << 20},
		{Requests: 30, Errors5xx: 0, P99: 5 * time.Millisecond, ActiveInstances: 2, CPU: math.NaN(), MemoryBytes: 128 << 20},
	}
	s := sparks(pts)
	if len(s) != 6 {
		t.Fatalf("%d sparks", len(s))
	}
	want := map[string][2]string{"Requests": {"30", "30"}, "5xx": {"0", "1"}, "p99 latency": {"5.0 ms", "20.0 ms"},
		"Instances": {"2", "2"}, "CPU": {"0 %", "12 %"}, "Memory": {"128 MB", "128 MB"}}
	for _, sp := range s {
		if w := want[sp.Label]; sp.Last != w[0] || sp.Peak != w[1] || sp.Points == "" {
			t.Errorf("%s: last %q peak %q points %q, want %v", sp.Label, sp.Last, sp.Peak, sp.Points, w)
		}
	}
	for _, sp := range sparks(nil) {
		if sp.Last != "—" || sp.Points != "" {
			t.Errorf("empty %s: %+v", sp.Label, sp)
		}
	}
}

// TestMetricPointWire: the console reads GetServiceMetrics' points as
// berth's metrics package writes them.
func TestMetricPointWire(t *testing.T) {
	in := metrics.Point{Time: time.Unix(1700000000, 0).UTC(), Requests: 7, Errors5xx: 2, P99: 42 * time.Millisecond,
		ActiveInstances: 3, CPU: 55.5, MemoryBytes: 1 << 30}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var got metricPoint
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := metricPoint{Time: in.Time, Requests: 7, Errors5xx: 2, P99: 42 * time.Millisecond, ActiveInstances: 3, CPU: 55.5, MemoryBytes: 1 << 30}
	if got != want {
		t.Fatalf("decoded %+v, want %+v", got, want)
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/console/stacks":             "/console/stacks",
		"/console/activity?attr=x":    "/console/activity?attr=x",
		"":                            "/console/",
		"https://evil.example/":       "/console/",
		"//evil.example/console/":     "/console/",
		"/console/\\evil":             "/console/",
		"/other":                      "/console/",
		"/console/signin?token=x":     "/console/",
		"/console/x\r\nSet-Cookie: a": "/console/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSessionsExpire(t *testing.T) {
	now := time.Now()
	ss := newSessions(func() time.Time { return now })
	p := &awsapi.Principal{Kind: awsapi.Root}
	long, err := ss.create(p, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	short, _ := ss.create(p, now.Add(time.Hour))
	if !long.expires.Equal(now.Add(SessionTTL)) || !short.expires.Equal(now.Add(time.Hour)) || long.id == short.id || long.csrf == short.csrf {
		t.Fatalf("sessions %+v %+v", long, short)
	}
	now = now.Add(time.Hour)
	if _, ok := ss.get(short.id); ok {
		t.Fatal("session outlived its credentials")
	}
	if _, ok := ss.get(long.id); !ok {
		t.Fatal("12-hour session ended after an hour")
	}
	now = now.Add(SessionTTL)
	if _, ok := ss.get(long.id); ok {
		t.Fatal("session outlived 12 hours")
	}
	r := httptest.NewRequest("GET", "/console/", nil)
	if _, ok := ss.fromRequest(r); ok {
		t.Fatal("a request without a cookie has a session")
	}
}

func TestSameOrigin(t *testing.T) {
	for _, c := range []struct {
		origin, referer string
		ok              bool
	}{
		{"http://example.com:4566", "", true},
		{"", "http://example.com:4566/console/x", true},
		{"http://example.com:4566", "http://evil/", true}, // Origin wins
		{"null", "", false},
		{"http://example.com", "", false},
		{"https://example.com:4566", "", false},
		{"", "http://example.com:4566.evil/", false},
		{"", "", false},
	} {
		r := httptest.NewRequest("POST", "http://example.com:4566/console/signout", nil)
		if c.origin != "" {
			r.Header.Set("Origin", c.origin)
		}
		if c.referer != "" {
			r.Header.Set("Referer", c.referer)
		}
		if err := sameOrigin(r); (err == nil) != c.ok {
			t.Errorf("Origin %q Referer %q: %v", c.origin, c.referer, err)
		}
	}
}

func TestTemplatesParse(t *testing.T) {
	p, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range pageNames {
		if p.byName[n] == nil || p.byName[n].Lookup("content") == nil {
			t.Errorf("page %s has no content template", n)
		}
	}
}
