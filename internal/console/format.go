package console

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"time"
)

// funcs are the templates' helpers. None returns template.HTML: every
// value a page shows is escaped by html/template.
var funcs = template.FuncMap{
	"when":      when,
	"short":     short,
	"dur":       duration,
	"tone":      tone,
	"breakable": breakable,
	"stream":    streamLabel,
	"vcpu":      vcpu,
	"memory":    memory,
	"svclink":   serviceLink,
}

// when formats a time for tables, in UTC; the zero time is a dash.
func when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}

// duration is the time between two instants ("" when either is missing).
func duration(from, to time.Time) string {
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return ""
	}
	d := to.Sub(from)
	if d < time.Millisecond {
		return "<1ms"
	}
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	if d < time.Minute {
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}

// short cuts s to n characters (commit ids, request ids).
func short(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// epoch is a timestamp of an awsJson service: seconds since the epoch as
// a JSON number.
type epoch struct{ time.Time }

// UnmarshalJSON implements json.Unmarshaler.
func (e *epoch) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("console: timestamp %s: %w", b, err)
	}
	if f == 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	e.Time = time.UnixMilli(int64(math.Round(f * 1000))).UTC()
	return nil
}

// prettyJSON indents a JSON document for display; other text is kept.
func prettyJSON(s string) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(s), "", "  "); err != nil {
		return s
	}
	return buf.String()
}
