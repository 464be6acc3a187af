package logs

import (
	"errors"
	"testing"

	"github.com/berth-dev/berth/internal/awsapi"
)

func TestAcceptWindow(t *testing.T) {
	const now = int64(100 * dayMillis)
	l := &Logs{}
	ev := func(ts ...int64) []inputLogEvent {
		out := make([]inputLogEvent, len(ts))
		m := "m"
		for i := range ts {
			out[i] = inputLogEvent{Timestamp: &ts[i], Message: &m}
		}
		return out
	}
	cases := []struct {
		name                    string
		events                  []inputLogEvent
		retention               int
		first, end              int
		tooNew, tooOld, expired int // -1: unset
	}{
		{"all fine", ev(now-1000, now), 0, 0, 2, -1, -1, -1},
		{"too old prefix", ev(now-15*dayMillis, now-15*dayMillis+1, now-14*dayMillis+1000), 0, 2, 3, -1, 1, -1},
		{"too new suffix", ev(now, now+maxEventAhead, now+maxEventAhead+1), 0, 0, 2, 2, -1, -1},
		{"expired by retention", ev(now-2*dayMillis, now-dayMillis+1), 1, 1, 2, -1, -1, 0},
		{"old and expired", ev(now-15*dayMillis, now-15*dayMillis+1), 7, 2, 2, -1, 1, 1},
		{"everything too new", ev(now + 3*3600_000), 0, 0, 0, 0, -1, -1},
	}
	idx := func(p *int) int {
		if p == nil {
			return -1
		}
		return *p
	}
	for _, c := range cases {
		first, end, info := l.acceptWindow(c.events, now, c.retention)
		var tn, to, ex = -1, -1, -1
		if info != nil {
			tn, to, ex = idx(info.TooNewLogEventStartIndex), idx(info.TooOldLogEventEndIndex), idx(info.ExpiredLogEventEndIndex)
		}
		if first != c.first || end != c.end || tn != c.tooNew || to != c.tooOld || ex != c.expired {
			t.Errorf("%s: window [%d,%d) new %d old %d expired %d; want [%d,%d) new %d old %d expired %d",
				c.name, first, end, tn, to, ex, c.first, c.end, c.tooNew, c.tooOld, c.expired)
		}
		if (info == nil) != (c.tooNew < 0 && c.tooOld < 0 && c.expired < 0) {
			t.Errorf("%s: info = %+v", c.name, info)
		}
	}
}

func TestCheckBatch(t *testing.T) {
	ts := func(v int64) *int64 { return &v }
	msg := func(s string) *string { return &s }
	cases := []struct {
		name   string
		events []inputLogEvent
		ok     bool
	}{
		{"ok", []inputLogEvent{{ts(1), msg("a")}, {ts(1), msg("b")}}, true},
		{"unordered", []inputLogEvent{{ts(2), msg("a")}, {ts(1), msg("b")}}, false},
		{"empty message", []inputLogEvent{{ts(1), msg("")}}, false},
		{"no timestamp", []inputLogEvent{{nil, msg("a")}}, false},
		{"span over 24h", []inputLogEvent{{ts(0), msg("a")}, {ts(maxBatchSpan + 1), msg("b")}}, false},
		{"span exactly 24h", []inputLogEvent{{ts(0), msg("a")}, {ts(maxBatchSpan), msg("b")}}, true},
	}
	for _, c := range cases {
		err := checkBatch(c.events)
		var ae *awsapi.Error
		if c.ok != (err == nil) || (err != nil && (!errors.As(err, &ae) || ae.Code != codeInvalidParameter)) {
			t.Errorf("%s: checkBatch = %v", c.name, err)
		}
	}
}

func TestTokens(t *testing.T) {
	p := pos{TS: 1717243200000, ID: 42}
	for _, dir := range []byte{'f', 'b'} {
		tok := eventsToken(dir, p)
		d, got, err := parseEventsToken(tok)
		if err != nil || d != dir || got != p || len(tok) != 58 {
			t.Fatalf("events token %q → %c %+v %v", tok, d, got, err)
		}
	}
	if got, err := parseFilterToken(filterToken(p)); err != nil || got != p {
		t.Fatalf("filter token → %+v %v", got, err)
	}
	for _, bad := range []string{"", "f/", "x/" + eventsToken('f', p)[2:], "f/" + "12345678901234567890abcdefghijabcdefghijabcdefghijabcdef", "!!", textToken("groups", "x")} {
		if _, _, err := parseEventsToken(bad); err == nil {
			t.Errorf("parseEventsToken(%q) accepted", bad)
		}
		if _, err := parseFilterToken(bad); err == nil {
			t.Errorf("parseFilterToken(%q) accepted", bad)
		}
	}
}

func TestNames(t *testing.T) {
	arns := []struct {
		arn, name string
		ok        bool
	}{
		{"arn:aws:logs:us-east-1:000000000000:log-group:/aws/apprunner/x", "/aws/apprunner/x", true},
		{"arn:aws:logs:us-east-1:000000000000:log-group:g:*", "g", true},
		{"arn:aws:logs:us-east-1:000000000000:log-group:g:log-stream:s", "", false},
		{"arn:aws:iam::000000000000:role/r", "", false},
		{"g", "", false},
	}
	for _, c := range arns {
		n, ok := groupFromARN(c.arn)
		if n != c.name || ok != c.ok {
			t.Errorf("groupFromARN(%q) = %q %v", c.arn, n, ok)
		}
	}
	for name, ok := range map[string]bool{"/aws/apprunner/svc/abc/application": true, "a.b-c_d#e": true, "": false, "a b": false, "a:b": false} {
		if got := checkGroupName(name) == nil; got != ok {
			t.Errorf("checkGroupName(%q) ok = %v", name, got)
		}
	}
	for name, ok := range map[string]bool{"instance/1 (x)": true, "a:b": false, "a*": false, "": false} {
		if got := checkStreamName(name) == nil; got != ok {
			t.Errorf("checkStreamName(%q) ok = %v", name, got)
		}
	}
	if got := splitMessage("héllo", 2); len(got) != 4 || got[0] != "h" || got[1] != "é" || got[3] != "o" {
		t.Errorf("splitMessage = %q", got)
	}
}

// FuzzTokens checks the paging-token parsers never panic and accept only
// what the encoders produce.
func FuzzTokens(f *testing.F) {
	f.Add(eventsToken('f', pos{1, 2}))
	f.Add(eventsToken('b', pos{1717243200000, 99}))
	f.Add(filterToken(pos{5, 6}))
	f.Add(textToken("groups", "/a/b"))
	f.Add("f/-0000000000000000001000000000000000000000000000000000001")
	f.Fuzz(func(t *testing.T, tok string) {
		if d, p, err := parseEventsToken(tok); err == nil && eventsToken(d, p) != tok {
			t.Fatalf("events token %q reparsed as %q", tok, eventsToken(d, p))
		}
		parseFilterToken(tok)
		parseTextToken(tok, "groups", 1)
	})
}
