package policy

import (
	"testing"
	"time"
)

// Date values: the W3C profile of ISO 8601 and epoch seconds (Condition
// operators, Date); a value without '-' or 'T' is epoch seconds; IAM's legacy parser accepts one-digit hours and up to
// nine fractional digits, and rejects impossible dates.
func TestParseDate(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	}
	cases := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2024", time.Unix(2024, 0).UTC(), true}, // digits only: epoch seconds, as IAM reads it
		{"2024-02", utc(2024, 2, 1, 0, 0, 0, 0), true},
		{"2024-02-29", utc(2024, 2, 29, 0, 0, 0, 0), true},
		{"2023-02-29", time.Time{}, false},
		{"2024-13-01", time.Time{}, false},
		{"2024-01-01T10:30Z", utc(2024, 1, 1, 10, 30, 0, 0), true},
		{"2024-01-01T10:30:15Z", utc(2024, 1, 1, 10, 30, 15, 0), true},
		{"2024-01-01T10:30:15.5Z", utc(2024, 1, 1, 10, 30, 15, 500000000), true},
		{"2024-01-01T10:30:15.123456789Z", utc(2024, 1, 1, 10, 30, 15, 123456789), true},
		{"2024-01-01T10:30:15.1234567890Z", time.Time{}, false},
		{"2024-01-01T10:30:15+02:00", utc(2024, 1, 1, 8, 30, 15, 0), true},
		{"2024-01-01T10:30:15-0130", utc(2024, 1, 1, 12, 0, 15, 0), true},
		{"2024-01-01T10:30:15+02", utc(2024, 1, 1, 8, 30, 15, 0), true},
		{"2024-01-01T10:30:15", utc(2024, 1, 1, 10, 30, 15, 0), true},
		{"2016-12-13t2:00:00z", utc(2016, 12, 13, 2, 0, 0, 0), true},
		{"2024-01-01T24:00:00Z", time.Time{}, false},
		{"2024-01-01T10:60:00Z", time.Time{}, false},
		{"2024-01-01T10:30:15+1", time.Time{}, false},
		{"2024-01-01T10", time.Time{}, false},
		{"2024-01-01 10:30:15Z", time.Time{}, false},
		{"1700000000", time.Unix(1700000000, 0).UTC(), true},
		{"0", time.Unix(0, 0).UTC(), true},
		{"-5", time.Time{}, false},
		{"9223372036854775808", time.Time{}, false},
		{"", time.Time{}, false},
		{"yesterday", time.Time{}, false},
	}
	for _, tc := range cases {
		got, ok := parseDate(tc.in)
		if ok != tc.ok || (ok && !got.Equal(tc.want)) {
			t.Errorf("parseDate(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// Numeric values: integers exactly, decimals as float64, nothing else.
func TestParseNumber(t *testing.T) {
	cases := []struct {
		in string
		ok bool
	}{
		{"10", true}, {"-10", true}, {"+3", true}, {"1.5", true}, {".5", true}, {"5.", true},
		{"1e3", true}, {"1E-3", true}, {"", false}, {"-", false}, {"1e", false}, {"0x10", false},
		{"Inf", false}, {"NaN", false}, {"1_000", false}, {"1 ", false}, {"1e999", true},
	}
	for _, tc := range cases {
		if _, ok := parseNumber(tc.in); ok != tc.ok {
			t.Errorf("parseNumber(%q) ok = %v, want %v", tc.in, ok, tc.ok)
		}
	}
	a, _ := parseNumber("9007199254740993")
	b, _ := parseNumber("9007199254740992")
	if a.compare(b) != 1 {
		t.Error("large integers must compare exactly")
	}
	c, _ := parseNumber("2.5")
	d, _ := parseNumber("2")
	if c.compare(d) != 1 || d.compare(c) != -1 {
		t.Error("mixed int/decimal comparison")
	}
}

// IP values: CIDR or bare address; IPv4-mapped IPv6 is IPv4.
func TestParsePrefix(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"203.0.113.0/24", "203.0.113.0/24", true},
		{"203.0.113.9/24", "203.0.113.0/24", true},
		{"203.0.113.9", "203.0.113.9/32", true},
		{"2001:DB8::/32", "2001:db8::/32", true},
		{"2001:db8::1", "2001:db8::1/128", true},
		{"::ffff:203.0.113.0/120", "203.0.113.0/24", true},
		{"::ffff:203.0.113.9", "203.0.113.9/32", true},
		{"203.0.113.0/33", "", false},
		{"fe80::1%eth0", "", false},
		{"example.com", "", false},
	}
	for _, tc := range cases {
		p, ok := parsePrefix(tc.in)
		if ok != tc.ok || (ok && p.String() != tc.want) {
			t.Errorf("parsePrefix(%q) = %v, %v; want %s, %v", tc.in, p, ok, tc.want, tc.ok)
		}
	}
}
