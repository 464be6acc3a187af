package policy

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Date values for the Date condition operators and date context keys
// (aws:CurrentTime, aws:EpochTime, aws:TokenIssueTime).

// parseDate reads an IAM date: epoch seconds (aws:EpochTime) or one of the
// W3C profile of ISO 8601 formats (YYYY, YYYY-MM, YYYY-MM-DD, then an
// optional time hh:mm[:ss[.fraction]] with Z or ±hh[:mm]; no zone means UTC).
func parseDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if n := digitRun(s); n == len(s) {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		// IAM accepts any int64; time.Time cannot hold the top of that range,
		// so clamp rather than wrap around.
		return time.Unix(min(sec, maxUnixSeconds), 0).UTC(), true
	}
	return parseISODate(s)
}

// maxUnixSeconds is the largest epoch second time.Unix represents without
// overflowing its internal clock (year 292277026596).
const maxUnixSeconds = math.MaxInt64 - 62135596800

func parseISODate(s string) (time.Time, bool) {
	d := dateScanner{s: s}
	year, ok := d.fixed(4)
	if !ok {
		return time.Time{}, false
	}
	month, day := 1, 1
	if d.accept('-') {
		if month, ok = d.fixed(2); !ok || month < 1 || month > 12 {
			return time.Time{}, false
		}
		if d.accept('-') {
			if day, ok = d.fixed(2); !ok || day < 1 || day > daysIn(year, month) {
				return time.Time{}, false
			}
		}
	}
	var hour, minute, sec, nsec int
	loc := time.UTC
	if d.accept('T') || d.accept('t') {
		if hour, ok = d.upTo2(); !ok || hour > 23 || !d.accept(':') {
			return time.Time{}, false
		}
		if minute, ok = d.fixed(2); !ok || minute > 59 {
			return time.Time{}, false
		}
		if d.accept(':') {
			if sec, ok = d.fixed(2); !ok || sec > 59 {
				return time.Time{}, false
			}
			if d.accept('.') {
				if nsec, ok = d.fraction(); !ok {
					return time.Time{}, false
				}
			}
		}
		if loc, ok = d.zone(); !ok {
			return time.Time{}, false
		}
	}
	if d.i != len(s) {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, loc).UTC(), true
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// dateScanner walks an ISO 8601 string.
type dateScanner struct {
	s string
	i int
}

func (d *dateScanner) accept(c byte) bool {
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

// fixed reads exactly n digits.
func (d *dateScanner) fixed(n int) (int, bool) {
	if d.i+n > len(d.s) || digitRun(d.s[d.i:d.i+n]) != n {
		return 0, false
	}
	v, _ := strconv.Atoi(d.s[d.i : d.i+n])
	d.i += n
	return v, true
}

// upTo2 reads one or two digits (IAM accepts single-digit hours).
func (d *dateScanner) upTo2() (int, bool) {
	n := min(digitRun(d.s[d.i:]), 2)
	if n == 0 {
		return 0, false
	}
	return d.fixed(n)
}

// fraction reads 1 to 9 fractional-second digits as nanoseconds.
func (d *dateScanner) fraction() (int, bool) {
	n := digitRun(d.s[d.i:])
	if n == 0 || n > 9 {
		return 0, false
	}
	v, _ := strconv.Atoi(d.s[d.i:d.i+n] + strings.Repeat("0", 9-n))
	d.i += n
	return v, true
}

// zone reads an optional Z, z or ±hh[[:]mm].
func (d *dateScanner) zone() (*time.Location, bool) {
	if d.accept('Z') || d.accept('z') || d.i == len(d.s) {
		return time.UTC, true
	}
	sign := 1
	switch {
	case d.accept('+'):
	case d.accept('-'):
		sign = -1
	default:
		return nil, false
	}
	h, ok := d.fixed(2)
	if !ok || h > 23 {
		return nil, false
	}
	m := 0
	if d.accept(':') || (d.i < len(d.s) && digitRun(d.s[d.i:]) > 0) {
		if m, ok = d.fixed(2); !ok || m > 59 {
			return nil, false
		}
	}
	return time.FixedZone("", sign*(h*3600+m*60)), true
}
